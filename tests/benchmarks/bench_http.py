"""HTTP benchmark: one uvicorn worker over a store of 100,000 events answering positions queries.

Goal (issue 4): >= 1,000 requests/s with p99 <= 50 ms and zero errors, from a bounded load
generator (wrk, or asyncio httpx clients) in another process on loopback.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import orjson

from store.root import open_store
from store.jsonl import read_lines
from tests.benchmarks.measure import Measure, timed
from tests.e2e.server import Served, start

EVENTS = 100_000
STATES = 60
PEOPLE = 240
TOPICS = [f"topic-{i}" for i in range(40)]
STANCES = ["supports", "opposes", "condemns", "ready-to-negotiate", "neutral", "rejects"]
QUERIES = {
    "positions of one state on one topic": "/positions?actor=s007&topic=topic-3&at=2023-06-30",
    "positions of one state on every topic": "/positions?actor=s007&at=2023-06-30",
}
"""The first is the question a service asks most ("Russia's position on X on that date"); the second
reads every stance about the state (about 1 in 120 of all events), so its cost grows with the store."""
SECONDS, CONNECTIONS = 10, 8


def generated(total: int, seed: int = 4) -> Iterator[bytes]:
    """Yield a seeded history as JSON Lines: states, ministers holding offices, statements and contacts."""
    rng = random.Random(seed)
    for s in range(STATES):
        yield orjson.dumps({"type": "ActorRegistered", "key": f"s{s:03}", "name": f"State {s}", "kind": "state"})
    for p in range(PEOPLE):
        yield orjson.dumps({"type": "ActorRegistered", "key": f"p{p:03}", "name": f"Person {p}", "kind": "person"})
        yield orjson.dumps({"type": "OfficeTaken", "actor": f"p{p:03}", "office": "Minister", "of": f"s{p % STATES:03}",
                            "rank": "minister", "portfolio": rng.choice(["defence", "foreign-affairs"]),
                            "from": f"{rng.randint(2000, 2015)}-01-01"})
    for i in range(max(0, total - STATES - 2 * PEOPLE)):
        day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        a, b = rng.sample(range(PEOPLE), 2)
        if i % 2:
            yield orjson.dumps({"type": "ContactMade", "key": f"c{i}", "occurred": day, "mode": "phone",
                                "participants": [f"p{a:03}", f"p{b:03}"]})
        else:
            yield orjson.dumps({"type": "StatementMade", "key": f"m{i}", "occurred": day, "speaker": f"p{a:03}",
                                "medium": "communique", "claims": [
                                    {"subject": f"s{rng.randrange(STATES):03}", "topic": rng.choice(TOPICS),
                                     "stance": rng.choice(STANCES), "quote": "..."}]})


def build_store(path: Path, total: int) -> None:
    """Append the generated history in batches of 5,000 through the ordinary append path."""
    with open_store(store=str(path)) as store:
        store.appender.append(read_lines(generated(total)), batch_size=5000)


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
        note = f"{total:,} events, {result['tool']}, {CONNECTIONS} connections, {seconds}s; store built in {built:.0f}s"
        measures += [
            Measure("http", f"{name}: requests/s", result["rps"], "req/s", ">= 1000", result["rps"] >= 1000, note),
            Measure("http", f"{name}: p99 latency", result["p99_ms"], "ms", "<= 50", result["p99_ms"] <= 50, note),
            Measure("http", f"{name}: errors", result["errors"], "count", "0", result["errors"] == 0, note),
        ]
    return measures


def load(served: Served, query: str, seconds: int) -> dict[str, float]:
    """Warm one query up, then drive it from a separate load-generator process."""
    with served.client("bench") as http:
        http.get(query).raise_for_status()
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.http_load", served.url + query,
                           served.tokens["bench"], str(seconds), str(CONNECTIONS)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]
