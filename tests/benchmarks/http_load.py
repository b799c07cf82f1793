"""A bounded load generator for the HTTP benchmark: wrk when installed, else raw asyncio HTTP/1.1 clients.

Run as a separate process so that the client does not share the server's CPU time slice:
`python -m tests.benchmarks.http_load URL TOKEN SECONDS CONNECTIONS` prints one JSON summary.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

from tests.benchmarks.measure import percentile

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
TIMEOUT = 5.0
"""Seconds a request may take before it counts as an error (as wrk's --timeout)."""


def with_wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    """Drive the URL with wrk (one thread, fixed connections) and parse its latency report."""
    done = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s",
                           "-H", f"Authorization: Bearer {token}", url],
                          capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", done).groups()  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", done)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return {"rps": rate, "p99_ms": float(value) * UNITS[unit], "errors": errors, "tool": "wrk"}


async def _client(host: str, port: int, request: bytes, until: float, samples: list[float], errors: list[int]) -> None:
    """Send one request at a time on one keep-alive connection until the deadline, timing each answer."""
    reader = writer = None
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
            length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
            if length is None:  # not an answer this client can frame: count it and start a new connection
                raise ConnectionResetError("no content-length")
            await asyncio.wait_for(reader.readexactly(int(length.group(1))), TIMEOUT)
            ok = head.startswith(b"HTTP/1.1 200 ")
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError):
            if writer is not None:
                writer.close()
            ok, reader, writer = False, None, None
        samples.append((time.perf_counter() - started) * 1000)
        if not ok:
            errors.append(1)
            await asyncio.sleep(0.01)  # a server that refuses connections is not hammered in a tight loop
    if writer is not None:
        writer.close()


def with_asyncio(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    """Drive the URL with a fixed number of raw HTTP/1.1 keep-alive connections, each one request at a time.

    A lean client (no HTTP library; uvloop when installed): httpx's client costs more CPU per request
    than the server under test, so with it the benchmark measured the client (about 400 requests/s
    against a trivial endpoint where wrk drives 12,000 on the same machine).
    """
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
               "Accept: */*\r\n\r\n").encode()
    samples: list[float] = []
    errors: list[int] = []

    async def main() -> None:
        """Run every client until the deadline."""
        until = time.perf_counter() + seconds
        await asyncio.gather(*[_client(parts.hostname or "127.0.0.1", parts.port or 80, request, until, samples, errors)
                               for _ in range(connections)])

    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
    return {"rps": len(samples) / seconds, "p99_ms": percentile(samples, 99), "errors": len(errors), "tool": "asyncio"}


def main() -> None:
    """Load one URL and print the summary as JSON."""
    url, token, seconds, connections = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    run = with_wrk if shutil.which("wrk") else with_asyncio
    print(json.dumps(run(url, token, seconds, connections)))


if __name__ == "__main__":
    main()
