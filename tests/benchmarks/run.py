"""`make bench`: runs every tests/benchmarks/bench_*.py suite, prints one table, writes bench-results.json.

Each suite module exposes `run(scale: float) -> list[Measure]`; `scale` 1.0 means the sizes the
issues name (1,000,000 events), smaller values give a quick run (`GEOEVENTS_BENCH_SCALE=0.01`).
Suites run one after another so they do not disturb each other's timings.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tests.benchmarks.measure import Measure

HERE = Path(__file__).resolve().parent


def suites(selected: list[str]) -> list[str]:
    """Return the benchmark suite module names to run (all, or those named on the command line)."""
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if not selected or any(s in n for s in selected)]


def main() -> None:
    """Run the suites, print the table and write bench-results.json."""
    scale = float(os.environ.get("GEOEVENTS_BENCH_SCALE", "1.0"))
    measures: list[Measure] = []
    for name in suites(sys.argv[1:]):
        module = importlib.import_module(f"tests.benchmarks.{name}")
        started = time.perf_counter()
        measures.extend(module.run(scale))
        print(f"[bench] {name} done in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    table = Table(title=f"geoevents benchmarks (scale {scale})")
    for column in ("suite", "figure", "value", "unit", "goal", "met", "note"):
        table.add_column(column)
    for m in measures:
        met = "-" if m.met is None else ("yes" if m.met else "NO")
        table.add_row(m.suite, m.name, f"{m.value:,.3f}", m.unit, m.goal, met, m.note)
    Console(width=200).print(table)
    Path("bench-results.json").write_text(json.dumps({
        "scale": scale, "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "measures": [m.as_dict() for m in measures],
    }, indent=2))


if __name__ == "__main__":
    main()
