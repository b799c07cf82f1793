"""Rebuilding the views of a large log page by page, by worker processes side by side where they can serve.

A rebuild here projects each occurrence once, at its creation, as it stands at the end of the log being
rebuilt, corrections and its denials' targets included (`Projector(final=...)`), and skips the corrections
themselves. A page's rows then depend on the log alone, never on the rows of earlier pages, so worker
processes compute pages at the same time (numbering each page's rows from 1), this process computes every
third page itself meanwhile, and writes them all in log order, each page's row ids shifted past the previous
page's, with the tracking position, one transaction per page. The end state is the one the sequential
catch-up reaches: every occurrence as it stands at the end, its rows created at its creation's position.
Whatever the log gains meanwhile, and whatever is left when a worker cannot be had, the sequential catch-up
applies after.

Where worker processes cannot serve (PostgreSQL, an in-memory store, or no settings to open the store
with), this process computes the same pages itself: projecting each occurrence once spares the re-projection
at every later correction, which on PostgreSQL costs round trips to load the corrected streams.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from projections.projector import FinalState, Projector
from projections.rows import RowBuffer
from store.collector import collect_if_grown, collector_between_batches

WORKERS = 1
"""Worker processes. One computes while this process writes: on two cores, 1,000,000 events rebuilt in
86 s (sequentially: 97 to 103 s) with 247 MB at the peak for both processes; two workers took 78 s but
338 MB, over the 300 MB the views may use."""
LOCAL_EVERY = 3
"""Every this many pages, the rebuilding process computes one itself rather than wait for the worker, which is
the slower of the two: it also pickles what this process unpickles. 1,000,000 events: 37.4 s with the worker
computing every page, 35.2 s with every fourth page here, 33.5 s with every third, 34.3 s with every second."""
PAGE = 5000
"""Log positions per page (a page's rows, some 35,000 tuples, travel from a worker in one piece)."""
WORTH_PAGES = 50_000
"""Fewest events to rebuild for which reading the log's corrected streams first, and for worker processes
a second or so each to start, pay off."""
WORKER_CACHE_KIB = 8192
"""A worker's page cache: it reads the log once, in order, and a few streams (not the store's 64 MiB)."""
STOP_SECONDS = 60.0
"""How long to wait for a worker to finish the page it is computing once the rebuild is done with it."""


@dataclass
class ComputedPage:
    """A page computed by a worker (or this process): its position bounds, events read, queued statements,
    rows to insert."""

    after: int
    last: int
    events: int
    writes: list[tuple[str, tuple[Any, ...]]]
    buffer: RowBuffer
    rids: int
    """Row ids used, numbered from `first_rid`."""
    first_rid: int = 1


def _serve(requests: BinaryIO, replies: BinaryIO) -> None:
    """In a worker: read the store's settings and the log's end, then compute each page asked for until told
    to stop (None), replying with pickles on a pipe of their own."""
    from store.root import open_store
    from store.settings import Settings

    settings, final = pickle.load(requests)
    with open_store(Settings(**settings, sqlite_cache_kib=WORKER_CACHE_KIB)) as store, collector_between_batches():
        while True:
            try:
                bounds = pickle.load(requests)
                if bounds is None:
                    return
                pickle.dump(_compute(store, final, *bounds), replies, pickle.HIGHEST_PROTOCOL)
                replies.flush()
            except (EOFError, BrokenPipeError):
                return  # the rebuilding process is done with us
            collect_if_grown()


def _compute(store: Any, final: FinalState, after: int, last: int) -> ComputedPage:
    """In a worker: compute the rows of the events at positions after `after` up to `last`."""
    with store.views.datastore.transaction(commit=False) as cursor:
        return compute_page(store.views, cursor, final, after, last, 1)


def compute_page(views: Any, cursor: Any, final: FinalState, after: int, last: int, first_rid: int) -> ComputedPage:
    """Compute on a read cursor the rows of the events at positions after `after` up to `last`, as they stand
    at the log's end, numbering the new rows from `first_rid`."""
    d = views.d
    cursor.execute(d.sql(d.notifications_sql(views.events_table)), (after, last - after))
    page = [n for n in d.rows(cursor) if n[0] <= last]
    projector = Projector(cursor, d, views.app.mapper, views.events_table, final=final, first_rid=first_rid)
    for notification in page:
        projector.apply(notification)
    return ComputedPage(after, last, len(page), projector.writes, projector.buffer,
                       next(projector.rids) - first_rid, first_rid)


def final_state(views: Any, fewest: int = 0) -> FinalState | None:
    """Read the log's last position and the streams with more than one event up to it (None when the log
    holds fewer than `fewest` events after the views' position: the streams are then not read)."""
    d, table, start = views.d, views.events_table, views.position()
    with views.datastore.transaction(commit=False) as cursor:
        cursor.execute(d.sql(f"SELECT MAX({d.position}) FROM {table}"))  # noqa: S608
        last = d.rows(cursor)[0][0] or 0
        if last - start < fewest:
            return None
        cursor.execute(d.sql(f"SELECT DISTINCT originator_id FROM {table} "  # noqa: S608
                             f"WHERE originator_version > 1 AND {d.position} <= ?"), (last,))
        return FinalState(last, frozenset(d.stream_text(row[0]) for row in d.rows(cursor)))


def rebuild_by_pages(views: Any, settings: Any | None, write: Callable[[ComputedPage, int], bool],
                     on_page: Callable[[int], None] | None = None) -> int:
    """Compute the pages of empty views from their position to the log's end, in worker processes opening the
    store with `settings` (in this process when None), and `write` each (with the offset of its row ids) in
    order, until `write` tells False (another runner moved the views on); return how many events were
    applied (0 for a small log; short when a worker fails: the caller's catch-up then does the rest)."""
    start, final = views.position(), final_state(views, WORTH_PAGES)
    if final is None:
        return 0
    bounds = [(after, min(after + PAGE, final.position)) for after in range(start, final.position, PAGE)]
    applied, offset = 0, views.max_rid()
    pages = _Workers(views, settings, final) if settings is not None else _InProcess(views, final, offset + 1)
    with pages:
        for page in pages.compute(bounds):
            if not write(page, offset + 1 - page.first_rid):
                break
            applied, offset = applied + page.events, offset + page.rids
            if on_page:
                on_page(page.last)
    return applied


class _InProcess:
    """The pages computed in this process, one after the other, their rows numbered on from `first_rid`."""

    def __init__(self, views: Any, final: FinalState, first_rid: int):
        self.views, self.final, self.next_rid = views, final, first_rid

    def __enter__(self) -> "_InProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def compute(self, bounds: list[tuple[int, int]]) -> Iterator[ComputedPage]:
        """Yield the pages in order, each computed in its own read transaction."""
        for after, last in bounds:
            yield self.page(after, last)
            collect_if_grown()

    def page(self, after: int, last: int) -> ComputedPage:
        """Compute one page in its own read transaction, numbering its rows on from the last page's."""
        with self.views.datastore.transaction(commit=False) as cursor:
            page = compute_page(self.views, cursor, self.final, after, last, self.next_rid)
        self.next_rid += page.rids
        return page


class _Workers:
    """Worker processes (`python -m projections.parallel FD`), each sent its pages round-robin on its standard
    input and replying on a pipe of its own (descriptor FD), every LOCAL_EVERY-th page computed by this process
    meanwhile.

    The replies do not travel on the worker's standard output: whatever else writes there (a module, a C
    library, a profiler) would be read as a reply. The worker's standard output is this process's stderr.
    """

    def __init__(self, views: Any, settings: Any, final: FinalState):
        self.setup = (settings.for_child_process(), final)
        self.children: list[subprocess.Popen[bytes]] = []
        self.replies: list[BinaryIO] = []
        self.here = _InProcess(views, final, 1)

    def __enter__(self) -> "_Workers":
        try:
            for _ in range(WORKERS):  # all started first, so that they start up side by side
                self._start()
            for child in self.children:
                self._send(child, self.setup)
        except OSError:
            pass  # a worker that failed to start: `compute` stops at its first page, the catch-up does the rest
        return self

    def _start(self) -> None:
        """Start one worker with a pipe of its own for its replies."""
        ours, theirs = os.pipe()
        try:
            child = subprocess.Popen([sys.executable, "-m", __name__, str(theirs)], stdin=subprocess.PIPE,
                                     stdout=2, pass_fds=(theirs,))
        except OSError:
            os.close(ours)
            raise
        finally:
            os.close(theirs)
        self.children.append(child)
        self.replies.append(os.fdopen(ours, "rb"))

    @staticmethod
    def _send(child: subprocess.Popen[bytes], message: Any) -> None:
        assert child.stdin is not None
        pickle.dump(message, child.stdin, pickle.HIGHEST_PROTOCOL)
        child.stdin.flush()

    def compute(self, bounds: list[tuple[int, int]]) -> Iterator[ComputedPage]:
        """Yield the pages in order, keeping two under way per worker; stop early if a worker fails."""
        if not self.children:
            return
        theirs = [page for index, page in enumerate(bounds) if index % LOCAL_EVERY != LOCAL_EVERY - 1]
        asked = received = 0
        try:
            for index, page in enumerate(bounds):
                while asked < len(theirs) and asked < received + 2 * len(self.children):
                    self._send(self.children[asked % len(self.children)], theirs[asked])
                    asked += 1
                if index % LOCAL_EVERY == LOCAL_EVERY - 1:
                    yield self.here.page(*page)
                    collect_if_grown()
                    continue
                reply = self._reply(self.replies[received % len(self.children)])
                if reply is None:
                    return
                yield reply
                received += 1
        except OSError:
            return  # a worker died: what was written stands

    @staticmethod
    def _reply(pipe: BinaryIO) -> ComputedPage | None:
        """Read a worker's next computed page; None when it died or its pipe carried anything else (what was
        written stands, the catch-up does the rest)."""
        try:
            reply = pickle.load(pipe)
        except Exception:  # noqa: BLE001 - a broken or garbled pipe fails in any of unpickling's many ways
            return None
        return reply if isinstance(reply, ComputedPage) else None

    def __exit__(self, *exc: object) -> None:
        """Close both pipes of every worker (which then stops, even in the middle of a reply) and wait."""
        for child, replies in zip(self.children, self.replies):
            for pipe in (child.stdin, replies):
                try:
                    pipe.close()  # type: ignore[union-attr]
                except OSError:
                    pass
        for child in self.children:
            try:
                child.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


if __name__ == "__main__":
    from projections import parallel  # by its name, so that what it pickles unpickles in the rebuilding process

    try:
        with os.fdopen(int(sys.argv[1]), "wb") as replies:
            parallel._serve(sys.stdin.buffer, replies)
    except Exception as error:  # noqa: BLE001 - the rebuilding process catches up what we did not
        print(f"geoevents rebuild worker stopped: {error}", file=sys.stderr)
        sys.exit(1)
