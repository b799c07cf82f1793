"""Pausing Python's cyclic garbage collector while batches of events are built and stored.

A batch keeps thousands of lines, events and dicts alive until it is stored, so automatic
collection would rescan them (and the whole heap, on full collections) many times per batch;
reference counting still frees every batch as soon as it is done, so memory stays constant.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many callers are inside `collector_between_batches`, and whether to re-enable collection."""

    lock = threading.Lock()
    depth = 0
    resume = False


@contextmanager
def collector_between_batches() -> Iterator[None]:
    """Pause automatic cyclic garbage collection; the caller collects young objects between batches.

    Nested and concurrent pauses (threads of a server) share one pause: the collector is enabled
    again, if it was enabled before the first, only when the last one ends, even on error.
    """
    with _Pause.lock:
        if _Pause.depth == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
        _Pause.depth += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.depth -= 1
            if _Pause.depth == 0 and _Pause.resume:
                gc.enable()
