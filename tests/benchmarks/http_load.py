"""A bounded load generator for the HTTP benchmark: wrk when installed, else asyncio httpx clients.

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

from tests.benchmarks.measure import percentile

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


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


async def _client(url: str, headers: dict[str, str], until: float, samples: list[float], errors: list[int]) -> None:
    import httpx

    async with httpx.AsyncClient(headers=headers, timeout=5) as http:
        while time.perf_counter() < until:
            started = time.perf_counter()
            try:
                ok = (await http.get(url)).status_code == 200
            except httpx.HTTPError:
                ok = False
            samples.append((time.perf_counter() - started) * 1000)
            if not ok:
                errors.append(1)


def with_httpx(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    """Drive the URL with a fixed number of asyncio httpx clients, each one request at a time."""
    samples: list[float] = []
    errors: list[int] = []
    until = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"}

    async def main() -> None:
        """Run every client until the deadline."""
        await asyncio.gather(*[_client(url, headers, until, samples, errors) for _ in range(connections)])

    asyncio.run(main())
    return {"rps": len(samples) / seconds, "p99_ms": percentile(samples, 99), "errors": len(errors), "tool": "httpx"}


def main() -> None:
    """Load one URL and print the summary as JSON."""
    url, token, seconds, connections = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    run = with_wrk if shutil.which("wrk") else with_httpx
    print(json.dumps(run(url, token, seconds, connections)))


if __name__ == "__main__":
    main()
