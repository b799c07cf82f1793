"""What a benchmark reports: one measured figure with its goal, and helpers for medians and memory."""

from __future__ import annotations

import glob
import os
import statistics
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Measure:
    """One figure of `make bench`: what, the value, its unit, the goal, and whether it was met."""

    suite: str
    name: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the figure as JSON-ready data."""
        return asdict(self)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Run fn once and return (seconds, result)."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def percentile(samples: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of samples, by nearest rank."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    """Return the median of samples."""
    return statistics.median(samples)


def peak_python_memory_mb(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Run fn under tracemalloc and return (peak MB of Python allocations, result)."""
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6, result


def peak_rss_mb() -> float:
    """Return this process's own peak resident memory in MB (VmHWM).

    Unlike `getrusage().ru_maxrss`, VmHWM starts afresh at exec, so a benchmark child does not
    inherit the high-water mark of the process that started it.
    """
    found = _status_mb("self", "VmHWM")
    if found is not None:
        return found
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(pid: int | str, field: str) -> float | None:
    """One memory figure of /proc/<pid>/status in MB (None when the process or the field is missing)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class FamilyMemory:
    """Samples the resident memory of this process plus its direct children (a views follower, a rebuild's
    workers) every
    `interval` seconds on a thread; `peak_mb` is the largest sum seen."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="family-memory", daemon=True)

    def _children(self) -> list[int]:
        """The direct children of every thread of this process (a process pool starts its own)."""
        found = []
        for listing in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
            try:
                with open(listing) as listed:
                    found.extend(int(pid) for pid in listed.read().split())
            except OSError:
                continue
        return found

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            total = sum(_status_mb(pid, "VmRSS") or 0.0 for pid in (me, *self._children()))
            self.peak_mb = max(self.peak_mb, total)

    def __enter__(self) -> "FamilyMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
