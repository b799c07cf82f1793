"""A real `geoevents serve` process on a free loopback port, for end-to-end tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

GEOEVENTS = str(Path(sys.executable).with_name("geoevents"))


def free_port() -> int:
    """Ask the kernel for a loopback port nobody is listening on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def geoevents(*args: str, store: Path, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run the real `geoevents` command against a store and return its completed process."""
    return subprocess.run([GEOEVENTS, *args], input=input, capture_output=True, check=check,
                          env={**os.environ, "GEOEVENTS_STORE": str(store)})


@dataclass
class Served:
    """A running server: its base URL, store file, process and the tokens made for the tests."""

    url: str
    store: Path
    process: subprocess.Popen[bytes]
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, token: str | None = None, timeout: float = 10.0) -> httpx.Client:
        """Return an HTTP client for this server, authenticated with a named test token."""
        headers = {"Authorization": f"Bearer {self.tokens[token]}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def stop(self) -> None:
        """Stop the server process (SIGTERM, then SIGKILL if it lingers)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(store: Path, env: dict[str, str] | None = None, tokens: dict[str, list[str]] | None = None,
          attempts: int = 3) -> Served:
    """Create tokens with the CLI, then start `geoevents serve` and wait until /health answers."""
    made = {name: geoevents("tokens", "create", name, *[a for s in scopes for a in ("--scope", s)],
                            store=store).stdout.decode().strip()
            for name, scopes in (tokens or {}).items()}
    for _ in range(attempts):
        port = free_port()
        log = (store.parent / "server.log").open("ab")
        process = subprocess.Popen([GEOEVENTS, "serve", "--port", str(port), "--store", str(store)],
                                   env={**os.environ, **(env or {})}, stdout=log, stderr=log)
        served = Served(f"http://127.0.0.1:{port}", store, process, made)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(served.url + "/health", timeout=1).status_code == 200:
                    return served
            except httpx.TransportError:
                time.sleep(0.1)
        served.stop()
    raise RuntimeError(f"geoevents serve did not start: {(store.parent / 'server.log').read_text()}")
