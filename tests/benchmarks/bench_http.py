"""HTTP benchmark: one uvicorn worker over a store of 100,000 events answering positions queries.

Goal (issue 4): >= 1,000 requests/s with p99 <= 50 ms and zero errors, from a bounded load
generator (wrk, or asyncio httpx clients) in another process on loopback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from store.jsonl import read_lines
from store.root import open_store
from tests.benchmarks.generate import generate
from tests.benchmarks.measure import Measure, timed
from tests.e2e.server import Served, start

EVENTS = 100_000
QUERIES = {
    "positions of one state on one topic": "/positions?actor=state-07&topic=topic-3&at=2023-06-30",
    "positions of one state on every topic": "/positions?actor=state-07&at=2023-06-30",
}
"""The first is the question a service asks most ("Russia's position on X on that date"), and the one
the goal is checked on; the second, reported without a goal, reads every stance about the state and
those who represent it, so its cost grows with the store."""
GOAL_QUERY = "positions of one state on one topic"
SECONDS, CONNECTIONS = 10, 8


def build_store(path: Path, total: int) -> None:
    """Append the projections benchmark's seeded history through the ordinary append path."""
    with open_store(store=str(path)) as store:
        store.appender.append(read_lines(generate(total)), batch_size=10_000, skip_invalid=True)


def run(scale: float) -> list[Measure]:
    """Build the store, serve it with one worker, load the positions query, report rate and p99."""
    total = max(1000, int(EVENTS * scale))
    seconds = max(3, int(SECONDS * min(1.0, scale * 10)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.db"
        built, _ = timed(lambda: build_store(path, total))
        served = start(path, tokens={"bench": ["read"]})
        try:
            loads = {name: load(served, query, seconds) for name, query in QUERIES.items()}
        finally:
            served.stop()
    measures = []
    for name, result in loads.items():
        note = (f"{total:,} events, {result['rows']} rows per answer, {result['tool']}, {CONNECTIONS} connections, "
                f"{seconds}s; store built in {built:.0f}s; load average {result['load']:.1f} on {os.cpu_count()} cores")
        goal = name == GOAL_QUERY
        measures += [
            Measure("http", f"{name}: requests/s", result["rps"], "req/s", ">= 1000" if goal else "",
                    result["rps"] >= 1000 if goal else None, note),
            Measure("http", f"{name}: p99 latency", result["p99_ms"], "ms", "<= 50" if goal else "",
                    result["p99_ms"] <= 50 if goal else None, note),
            Measure("http", f"{name}: errors", result["errors"], "count", "0", result["errors"] == 0, note),
            Measure("http", f"{name}: server CPU per request", result["cpu_us"], "µs", "", None,
                    note + "; the worker's CPU time over the requests answered: what the rate would be on a free core"),
        ]
    return measures


def load(served: Served, query: str, seconds: int) -> dict[str, float]:
    """Warm one query up, then drive it from a separate load-generator process."""
    with served.client("bench") as http:
        warm = http.get(query)
        warm.raise_for_status()
    cpu = cpu_seconds(served.process.pid)
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.http_load", served.url + query,
                           served.tokens["bench"], str(seconds), str(CONNECTIONS)],
                          capture_output=True, text=True, check=True)
    cpu = cpu_seconds(served.process.pid) - cpu
    result = json.loads(done.stdout)
    return {**result, "rows": len(warm.json()["positions"]), "load": os.getloadavg()[0],
            "cpu_us": 1e6 * cpu / max(1.0, result["rps"] * seconds)}


def cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
