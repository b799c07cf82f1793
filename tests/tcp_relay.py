"""A loopback TCP relay for tests: a server address that answers only once the relay starts, and stops answering
when it closes (a database server started late, or gone)."""

from __future__ import annotations

import socket
import threading


class Relay:
    """Forwards connections on a loopback port to a target address, each in two threads, until closed."""

    def __init__(self, port: int, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", port))
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        """Stop listening and cut every relayed connection."""
        self.listener.close()
        for end in self.open:
            end.close()
