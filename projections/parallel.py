"""Rebuilding the views of a large SQLite store with worker processes computing its pages side by side.

A rebuild here projects each occurrence once, at its creation, as it stands at the end of the log being
rebuilt, corrections and its denials' targets included (`Projector(final=...)`), and skips the corrections
themselves. A page's rows then depend on the log alone, never on the rows of earlier pages, so worker
processes compute pages at the same time (numbering each page's rows from 1), and this process writes
them in log order, each page's row ids shifted past the previous page's, with the tracking position,
one transaction per page. The end state is the one the sequential catch-up reaches: every occurrence as
it stands at the end, its rows created at its creation's position. Whatever the log gains meanwhile, and
whatever is left when a worker cannot be had, the sequential catch-up applies after.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any

from projections.projector import FinalState, Projector
from projections.rows import RowBuffer
from store.collector import collect_if_grown, collector_between_batches

WORKERS = 2
"""Worker processes (this machine kind has two cores; the writing process mostly waits for them)."""
PAGE = 5000
"""Log positions per page (a page's rows, some 35,000 tuples, travel from a worker in one piece)."""
WORTH_WORKERS = 50_000
"""Fewest events to rebuild for which worker processes (a second or so each to start) pay off."""
SHARED = ("store", "postgres_schema", "lock_timeout_seconds", "merkle_log")
"""The settings a worker opens the store with."""


@dataclass
class ComputedPage:
    """A page computed by a worker: its position bounds, events read, queued statements, rows to insert."""

    after: int
    last: int
    events: int
    writes: list[tuple[str, tuple[Any, ...]]]
    buffer: RowBuffer
    rids: int
    """Row ids used, numbered from 1."""


_worker: dict[str, Any] = {}


def _start_worker(settings: dict[str, Any], final: FinalState) -> None:
    """In a worker: open the store (to read its log) once, for every page it will compute."""
    from store.root import open_store
    from store.settings import Settings

    _worker.update(store=open_store(Settings(**settings)), final=final)


def _compute(after: int, last: int) -> ComputedPage:
    """In a worker: compute the rows of the events at positions after `after` up to `last`."""
    store, final = _worker["store"], _worker["final"]
    views = store.views
    d = views.d
    with collector_between_batches(), views.datastore.transaction(commit=False) as cursor:
        cursor.execute(d.sql(d.notifications_sql(views.events_table)), (after, last - after))
        page = [n for n in d.rows(cursor) if n[0] <= last]
        projector = Projector(cursor, d, store.app.mapper, views.events_table, final=final, first_rid=1)
        for notification in page:
            projector.apply(notification)
    collect_if_grown()
    return ComputedPage(after, last, len(page), projector.writes, projector.buffer, next(projector.rids) - 1)


def final_state(views: Any) -> FinalState:
    """Read the log's last position and the streams with more than one event up to it."""
    d, table = views.d, views.events_table
    with views.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT MAX({d.position}) FROM {table}")  # noqa: S608
        last = d.rows(cursor)[0][0] or 0
        cursor.execute(f"SELECT DISTINCT originator_id FROM {table} "  # noqa: S608
                       f"WHERE originator_version > 1 AND {d.position} <= ?", (last,))
        return FinalState(last, frozenset(d.stream_text(row[0]) for row in d.rows(cursor)))


def rebuild_in_workers(views: Any, settings: Any, write: Callable[[ComputedPage, int], bool],
                       on_page: Callable[[int], None] | None = None) -> int:
    """Compute the pages from the views' position to the log's end in worker processes and `write` each
    (with the offset of its row ids) in order, until `write` tells False (another runner moved the views
    on); return how many events were applied (0 for a small log, or when no worker process can be
    started: the caller's catch-up then does the work)."""
    start, final = views.position(), final_state(views)
    if final.position - start < WORTH_WORKERS:
        return 0
    bounds = iter([(after, min(after + PAGE, final.position)) for after in range(start, final.position, PAGE)])
    shared = {name: getattr(settings, name) for name in SHARED}
    applied, offset = 0, views.max_rid()
    try:
        with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_worker, initargs=(shared, final)) as pool:
            for page in _in_order(pool, bounds):
                if not write(page, offset):
                    pool.shutdown(cancel_futures=True)
                    break
                applied, offset = applied + page.events, offset + page.rids
                if on_page:
                    on_page(page.last)
    except (BrokenProcessPool, OSError):
        pass  # no (more) workers: what was written stands, the sequential catch-up does the rest
    return applied


def _in_order(pool: ProcessPoolExecutor, bounds: Iterator[tuple[int, int]]) -> Iterator[ComputedPage]:
    """Yield computed pages in log order, keeping two pages per worker under way."""
    pending: deque[Future[ComputedPage]] = deque(pool.submit(_compute, *b) for b in islice(bounds, 2 * WORKERS))
    while pending:
        page = pending.popleft().result()
        following = next(bounds, None)
        if following is not None:
            pending.append(pool.submit(_compute, *following))
        yield page
