"""ICEWS import rate and peak memory: the real sample repeated to 1,000,000 rows with distinct ids.

The repeated file is generated, streaming, into a temporary folder at bench time (the data is never
copied into the repository). The import runs in a child process so that its peak resident memory
is its own. Goals: >= 20,000 rows/s and <= 300 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.measure import FamilyMemory, Measure, peak_rss_mb

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(os.environ.get("GEOEVENTS_ICEWS_SAMPLE", ROOT.parent / "shared/data/icews/events.2018.sample.tab"))
ROWS = 1_000_000
SUITE = "interchange"


def repeat_sample(target: Path, rows: int) -> int:
    """Write the sample's rows again and again, each with a new Event ID, until `rows` are written."""
    with SAMPLE.open("rb") as f:
        header, *body = f.read().splitlines()
    written = 0
    with target.open("wb") as out:
        out.write(header + b"\n")
        while written < rows:
            for line in body:
                if written == rows:
                    break
                written += 1
                out.write(str(written).encode() + b"\t" + line.split(b"\t", 1)[1] + b"\n")
    return written


def child(path: str, store: str) -> None:
    """Import one file into a fresh store and print the figures as JSON (run in its own process).

    A file this large has its views followed by a second process during the import
    (`store.background_views`): its CPU time and peak memory are read from this process's children,
    and the two processes' resident memory is sampled together every 20 ms (`FamilyMemory`).
    """
    import resource

    from store.interchange.formats import import_stream
    from store.root import open_store

    views_cpu = [0.0]

    def timed_catch_up() -> None:
        """The store's view catch-up in this process, its CPU time added up."""
        before = time.process_time()
        s.views.catch_up()
        views_cpu[0] += time.process_time() - before

    with open_store(store=store) as s, open(path, "rb") as f, FamilyMemory() as family:
        s.appender.after_save = [timed_catch_up]
        started, cpu = time.perf_counter(), time.process_time()
        summary = import_stream(s, "icews", f, register_actors=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = peak_rss_mb()
    follower = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "views_cpu_seconds": views_cpu[0],
                      "follower_cpu_seconds": follower.ru_utime + follower.ru_stime,
                      "follower_peak_mb": follower.ru_maxrss / 1024, "peak_mb": peak_mb,
                      "family_peak_mb": family.peak_mb, **summary.as_dict()}))


def run(scale: float) -> list[Measure]:
    """Measure the import rate and peak memory at `scale` × 1,000,000 rows."""
    if not SAMPLE.is_file():
        return [Measure(SUITE, "ICEWS import rate", 0, "rows/s", ">= 20,000", None, f"skipped: no sample at {SAMPLE}")]
    rows = max(int(ROWS * scale), 1000)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "events.repeated.tab"
        repeat_sample(data, rows)
        done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_interchange", str(data),
                               str(Path(tmp) / "bench.db")], cwd=ROOT, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    rate = figures["rows"] / figures["seconds"]
    total_cpu = figures["cpu_seconds"] + figures["follower_cpu_seconds"]
    views_cpu = figures["views_cpu_seconds"] + figures["follower_cpu_seconds"]
    memory = max(figures["family_peak_mb"], figures["peak_mb"])
    note = (f"{figures['rows']:,} rows, imported {figures['imported']:,}, rejected {figures['rejected']}; "
            f"{figures['rows'] / total_cpu:,.0f} rows per CPU second in both processes, of which view "
            f"catch-up {views_cpu / total_cpu:.0%}")
    memory_note = (f"both processes together, sampled every 20 ms; peaks apart: import {figures['peak_mb']:.0f} MB, "
                   f"views follower {figures['follower_peak_mb']:.0f} MB")
    return [
        Measure(SUITE, "ICEWS import rate", rate, "rows/s", ">= 20,000", rate >= 20_000, note),
        Measure(SUITE, "ICEWS import peak memory (RSS)", memory, "MB", "<= 300", memory <= 300, memory_note),
    ]


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2])
