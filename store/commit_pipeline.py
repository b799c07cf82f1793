"""Commits that overlap the next batch's work: a recorder commits a batch on a helper thread.

A batch's commit writes every page it dirtied into the write-ahead log and syncs it (on SQLite about
7 ms for 1,000 events on a large log, a seventh of an append), and SQLite releases the GIL while it
does. While one thread of an append holds an `overlapping_commits()` block, each `insert_events` of
that thread inserts in the caller's thread as before, then hands the open transaction to a helper
thread that commits it and returns the connection; the caller goes on to build the next batch. The
next `insert_events`, or `settle()`, first waits for that commit and raises its error, so batches are
still committed one at a time and in order, each whole or not at all. Other threads (another HTTP
request) are unaffected: they wait for the writer connection as they would for any writer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import Any

from store.wal_checkpointer import WalCheckpointer


class CommitPipeline:
    """At most one commit in flight, on one helper thread; `settle` waits for it and raises its error. After each
    commit the helper thread makes, a `checkpointer` (if any) is asked to checkpoint the WAL."""

    def __init__(self, checkpointer: WalCheckpointer | None = None) -> None:
        self._executor: ThreadPoolExecutor | None = None  # made at the first commit handed over
        self._pending: Future[None] | None = None
        self.checkpointer = checkpointer
        self.inline = False
        """Commit in the caller's thread (set for the last batch: nothing is left to overlap with)."""

    @property
    def in_flight(self) -> bool:
        """Tell whether a commit was handed over and not yet settled."""
        return self._pending is not None

    def submit(self, commit: Callable[[], None]) -> None:
        """Run `commit` on the helper thread (after settling the previous one), or now when `inline`."""
        self.settle()
        if self.inline:
            commit()
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geoevents-commit")
        self._pending = self._executor.submit(self._commit_then_checkpoint, commit)

    def _commit_then_checkpoint(self, commit: Callable[[], None]) -> None:
        """On the helper thread: commit, then ask for a checkpoint of what the commit added to the WAL."""
        commit()
        if self.checkpointer is not None:
            self.checkpointer.request()

    def settle(self) -> None:
        """Wait for the commit in flight, if any; raise the error it ended with."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Settle, then stop the helper thread and the checkpointer."""
        try:
            self.settle()
        finally:
            if self._executor is not None:
                self._executor.shutdown(wait=True)
            if self.checkpointer is not None:
                self.checkpointer.close()


class OverlappedCommits:
    """Mixin for a recorder whose `datastore.transaction(commit=True)` commits when it exits: lets the
    thread inside `overlapping_commits()` commit each batch on a helper thread."""

    _local = threading.local()

    def current_pipeline(self) -> CommitPipeline | None:
        """The pipeline of this recorder opened by the calling thread, if any."""
        return getattr(self._local, "pipelines", {}).get(id(self))

    @contextmanager
    def overlapping_commits(self) -> Iterator[CommitPipeline]:
        """Commit this thread's inserts on a helper thread until the block ends (which settles them)."""
        pipelines: dict[int, CommitPipeline] = self._local.__dict__.setdefault("pipelines", {})
        if id(self) in pipelines:
            yield pipelines[id(self)]
            return
        pipeline = pipelines[id(self)] = CommitPipeline(self.background_checkpointer())
        try:
            yield pipeline
        finally:
            del pipelines[id(self)]
            pipeline.close()

    def background_checkpointer(self) -> WalCheckpointer | None:
        """What checkpoints the WAL while a pipeline commits on its helper thread (none unless a recorder says)."""
        return None

    def insert_events(self, stored_events: Sequence[Any], **kwargs: Any) -> Sequence[int] | None:
        """Insert in the caller's transaction; commit now, or on the helper thread inside a pipeline."""
        pipeline = self.current_pipeline()
        if pipeline is None:
            return super().insert_events(stored_events, **kwargs)  # type: ignore[misc]
        pipeline.settle()
        with ExitStack() as stack:  # on an error: rolled back and the connection returned, right here
            cursor = stack.enter_context(self.datastore.transaction(commit=True))  # type: ignore[attr-defined]
            ids = self._insert_events(cursor, stored_events, **kwargs)  # type: ignore[attr-defined]
            commit = stack.pop_all()
        pipeline.submit(commit.close)  # closing the transaction commits it and returns the connection
        return ids
