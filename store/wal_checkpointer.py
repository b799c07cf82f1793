"""Copying the write-ahead log back into the SQLite database on a helper thread, off the writer's path.

SQLite copies the WAL into the database (a checkpoint) inside the commit that takes the WAL past
`wal_autocheckpoint` pages: with the 65,536 pages set in `store.sqlite_factory`, one commit in some forty of
a bulk append on a large log then took 0.1 to 0.3 s more, and the next batch waited for it. While a
bulk append commits on its helper thread (`store.commit_pipeline`), a `WalCheckpointer` instead runs a
PASSIVE checkpoint after each of those commits on a thread and connection of its own: it copies what is
committed without taking the write lock, so the writer goes on meanwhile, and the WAL stays short enough
that SQLite starts it over from the beginning at a later commit (reads also get faster: each page read
looks the page up in the WAL's index first). A rebuild of the views asks for one after each page it writes.
The autocheckpoint stays as it is, the bound should this thread fall behind. A checkpoint never changes what
the store holds: it moves committed pages from one file to the other, and an interrupted or failed one leaves
them in the WAL, where every reader finds them.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger(__name__)

TIMEOUT = 1.0
"""Seconds the checkpointer's connection waits for a lock (reading the schema): a checkpoint that cannot wait is
skipped, and closing never waits long for one."""


class WalCheckpointer:
    """A helper thread that checkpoints one SQLite database file, PASSIVE, each time it is asked (asks made
    while a checkpoint runs count as one)."""

    def __init__(self, path: str):
        self.path = path
        """The database as the library's pool names it: a path, or a `file:` URI."""
        self.requests = 0
        """Times asked so far."""
        self.checkpoints = 0
        """Checkpoints run to the end so far."""
        self.last: tuple[int, int, int] | None = None
        """The last checkpoint's (busy, WAL frames, frames checkpointed), as `PRAGMA wal_checkpoint` tells."""
        self._asked = threading.Event()
        self._stopping = False
        self._warned = False
        self._connection: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def request(self) -> None:
        """Ask for a checkpoint soon (the thread starts at the first ask); never raises."""
        with self._lock:
            if self._stopping:
                return
            self.requests += 1
            if self._thread is None and not self._start():
                return
        self._asked.set()

    def _start(self) -> bool:
        """Open the connection and start the thread; on any failure give up checkpointing (never the caller's
        failure: its commit has already succeeded, and SQLite's own checkpoints remain)."""
        connection = None
        try:
            connection = sqlite3.connect(self.path, timeout=TIMEOUT, isolation_level=None, check_same_thread=False,
                                         uri=True)  # as the library's pool opens it
            thread = threading.Thread(target=self._run, args=(connection,), name="geoevents-wal-checkpoint",
                                      daemon=True)
            thread.start()
        except Exception as error:  # noqa: BLE001 - any failure only turns the helper off
            log.warning("no background WAL checkpoints for %s: %s", self.path, error)
            if connection is not None:
                connection.close()
            self._stopping = True
            return False
        self._connection, self._thread = connection, thread
        return True

    def _run(self, connection: sqlite3.Connection) -> None:
        while True:
            self._asked.wait()
            self._asked.clear()
            if self._stopping:
                return
            try:
                busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            except sqlite3.Error as error:  # interrupted by close(), or the file's trouble: the WAL keeps the pages
                if not self._stopping and not self._warned:
                    self._warned = True
                    log.warning("a background WAL checkpoint of %s failed (told once): %s", self.path, error)
                continue
            self.last = (busy, frames, copied)
            self.checkpoints += 1

    def close(self) -> None:
        """Stop the thread, interrupting a checkpoint under way, and close its connection."""
        with self._lock:
            self._stopping = True
            thread, connection = self._thread, self._connection
        if thread is None or connection is None:
            return
        connection.interrupt()
        self._asked.set()
        thread.join()
        connection.close()
