"""Ingest on SQLite and PostgreSQL (also as a ratio to the library's own save), append latency,
and point-in-time query medians on PostgreSQL.

The same seeded events (tests/benchmarks/generate.py) go through our append path (the event log
only: views are brought up to date afterwards, as a follower would) and through eventsourcing's
default Application on each backend, in the same run. Append latency is the median time to append
one line once 10,000 events are stored and again once all of them are.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from domain.clocks import from_micros
from projections.contacts import contacts
from projections.incidents import incidents
from projections.positions import positions
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from tests import pg
from tests.benchmarks import ingest_events
from tests.benchmarks.library_baseline import open_baseline, save_lines
from tests.benchmarks.bench_projections import clock_triples
from tests.benchmarks.generate import STATES, TOPICS, generate
from tests.benchmarks.measure import Measure, median, timed
from tests.conftest import SEED

SUITE = "postgres"
BATCH = 1000
EARLY = 10_000
PROBES = 100
QUERIES = 300
GOALS = {"sqlite": 20_000, "postgres": 10_000}


@contextmanager
def location(backend: str) -> Iterator[Settings]:
    """A fresh store location on a backend: a temporary file, or a schema dropped afterwards."""
    if backend == "postgres":
        schema = f"bench_{os.getpid()}"
        pg.drop_schema(schema)
        try:
            yield Settings(store=pg.url_with_schema(schema), postgres_schema=schema)
        finally:
            pg.drop_schema(schema)
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield Settings(store=str(Path(tmp) / "bench.db"))


def probe_latency(store, start: int) -> float:
    """Median milliseconds to append one new line, over PROBES appends."""
    samples = []
    for raw in ingest_events.lines(PROBES, seed=7, start=start):
        began = time.perf_counter()
        store.appender.append(read_lines([raw]))
        samples.append((time.perf_counter() - began) * 1000)
    return median(samples)


def ingest(settings: Settings, lines: list[bytes], queries: list[Measure]) -> tuple[float, float, float]:
    """Append every line in batches; return (events/s, early latency ms, final latency ms).

    Then bring the views up to date and, on PostgreSQL, add point-in-time query medians to `queries`.
    """
    early_count = min(EARLY, len(lines))
    with open_store(settings) as store, SEED.open("rb") as f:
        store.appender.after_save.clear()
        store.appender.append(read_lines(f))
        began = time.perf_counter()
        store.appender.append(read_lines(lines[:early_count]), batch_size=BATCH)
        elapsed = time.perf_counter() - began
        early = probe_latency(store, 10_000_000)
        began = time.perf_counter()
        store.appender.append(read_lines(lines[early_count:]), batch_size=BATCH)
        elapsed += time.perf_counter() - began
        final = probe_latency(store, 20_000_000)
        if settings.is_postgres:
            seconds, applied = timed(store.views.catch_up)
            queries.append(Measure(SUITE, "postgres views catch-up", applied / seconds, "events/s", "", None,
                                   f"{applied:,} events"))
            queries.extend(query_medians(store))
    return len(lines) / elapsed, early, final


def query_medians(store) -> list[Measure]:
    """Median milliseconds of point-in-time queries over random clock triples."""
    rng = random.Random(11)
    with store.views.datastore.transaction(commit=False) as cursor:
        cursor.execute("SELECT key FROM pv_occ WHERE type = 'AttackOccurred' AND key IS NOT NULL LIMIT 2000")
        attacks = [row["key"] for row in cursor.fetchall()] or [None]
        cursor.execute("SELECT MIN(rec_us) AS low, MAX(rec_us) AS high FROM pv_occ")
        row = cursor.fetchone()
    triples = clock_triples(rng, (from_micros(row["low"]).isoformat(), from_micros(row["high"]).isoformat()))
    cases = {
        "positions (actor, topic)": lambda c: positions(store, actor=rng.choice(STATES), topic=rng.choice(TOPICS), **c),
        "contacts (two states, since)": lambda c: contacts(store, between=rng.choice(STATES), and_=rng.choice(STATES),
                                                           since=f"{rng.randint(2015, 2024)}-01-01", **c),
        "incident at known_at": lambda c: incidents(store, key=rng.choice(attacks), **c),
    }
    found = []
    for name, query in cases.items():
        samples = [timed(lambda: query(c))[0] * 1000 for c in triples[:QUERIES]]
        value = median(samples)
        found.append(Measure(SUITE, f"postgres {name} median", value, "ms", "<= 10", value <= 10,
                             f"{len(samples)} random clock triples"))
    return found


def baseline_rate(settings: Settings, lines: list[bytes]) -> float:
    """Events per second of the library's own batched save of the same lines."""
    app = open_baseline(settings.store, settings.postgres_schema)
    try:
        began = time.perf_counter()
        save_lines(app, lines, BATCH)
        return len(lines) / (time.perf_counter() - began)
    finally:
        app.close()


def run(scale: float) -> list[Measure]:
    """Measure both backends on the same generated events."""
    count = max(2_000, int(1_000_000 * scale))
    lines = [bytes(bytearray(line)) for line in generate(count)]  # right-sized copies (see ingest_events)
    measures: list[Measure] = []
    queries: list[Measure] = []
    for backend in ("sqlite", "postgres"):
        if backend == "postgres" and pg.server_problem():
            measures.append(Measure(SUITE, "postgres ingest", 0, "events/s", met=False, note=pg.server_problem() or ""))
            continue
        with location(backend) as settings:
            rate, early, final = ingest(settings, lines, queries)
        with location(backend) as settings:
            library = baseline_rate(settings, lines)
        note = f"{count:,} events, batches of {BATCH}"
        measures += [
            Measure(SUITE, f"{backend} ingest", rate, "events/s", f">= {GOALS[backend]:,} at 1M",
                    rate >= GOALS[backend], note),
            Measure(SUITE, f"{backend} library save", library, "events/s", "", None, "eventsourcing default Application"),
            Measure(SUITE, f"{backend} ingest / library", rate / library, "ratio", ">= 0.7", rate / library >= 0.7),
            Measure(SUITE, f"{backend} append latency at {min(EARLY, count):,}", early, "ms", "", None, "median, 1 line"),
            Measure(SUITE, f"{backend} append latency at {count:,}", final, "ms", "flat", final <= 2 * early,
                    f"{final / early:.2f}x the early latency"),
        ]
    return measures + queries
