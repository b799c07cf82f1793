"""The foundation's command-line paths: parsing lines, appending, listing as JSON Lines, re-appending.

scale 1.0 = 1,000,000 keyed ContactMade lines over the seed's actors, appended in batches of 10,000
(the issue names no size for these paths; this is the project's reference size). Figures are
indicative: the machine is shared.
"""

from __future__ import annotations

import io
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import orjson

from store.jsonl import parse_line, read_lines
from store.root import open_store
from tests.benchmarks.measure import Measure, median
from tests.conftest import SEED

SUITE = "cli"
LINES = 1_000_000
BATCH = 10_000
PEOPLE = ["Lecornu", "Choïgu", "Lavrov", "Blinken", "fra", "rus", "Macron", "Austin"]


def contacts(count: int) -> list[bytes]:
    """Keyed contact lines between seed actors, each one distinct."""
    return [orjson.dumps({"type": "ContactMade", "key": f"bench-{i}", "occurred": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
                          "participants": [PEOPLE[i % 8], PEOPLE[(i + 3) % 8]], "mode": "phone",
                          "topics": ["bench"], "sources": [{"publisher": "AFP", "quote": f"call number {i}"}]})
            for i in range(count)]


def per_line_micros(fn, lines: list[bytes]) -> float:
    """Median over three runs of the microseconds one call of fn takes per line."""
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        for line in lines:
            fn(line)
        samples.append((time.perf_counter() - started) / len(lines) * 1e6)
    return median(samples)


def run(scale: float) -> list[Measure]:
    """Measure parse cost, append rate, jsonl listing rate and duplicate re-append rate."""
    count = max(int(LINES * scale), 1000)
    lines = contacts(count)
    sample = lines[:10_000]
    parse = per_line_micros(lambda raw: parse_line(1, raw), sample)
    bare = per_line_micros(orjson.loads, sample)
    measures = [Measure(SUITE, "parse one line (UTF-8, JSON, repeated-key check)", parse, "µs/line",
                        note=f"orjson.loads alone: {bare:.2f} µs/line")]
    with tempfile.TemporaryDirectory() as folder:
        store_path = str(Path(folder) / "bench.db")
        with open_store(store=store_path) as store:
            with SEED.open("rb") as f:
                store.appender.append(read_lines(f))
            started = time.perf_counter()
            store.appender.append(read_lines(lines), batch_size=BATCH)
            appended = time.perf_counter() - started
            measures.append(Measure(SUITE, f"append {count:,} new lines (batches of {BATCH:,})", count / appended,
                                    "lines/s"))
        from cli.main import app

        buffer = io.BytesIO()
        stdout = io.TextIOWrapper(buffer, write_through=True)
        started = time.perf_counter()
        with redirect_stdout(stdout):
            try:
                app(["events", "list", "--format", "jsonl", "--store", store_path], standalone_mode=False)
            except SystemExit:
                pass
        listed = time.perf_counter() - started
        listing = buffer.getvalue().splitlines()
        measures.append(Measure(SUITE, f"events list --format jsonl ({len(listing):,} lines)", len(listing) / listed,
                                "lines/s"))
        with open_store(store=store_path) as store:
            started = time.perf_counter()
            again = store.appender.append(read_lines(listing), batch_size=BATCH)
            seconds = time.perf_counter() - started
        measures.append(Measure(SUITE, "re-append the listing (all duplicates)", again.lines / seconds, "lines/s",
                                note=f"appended {again.appended}"))
    return measures
