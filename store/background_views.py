"""Keeping the views current from a second process while a bulk import writes the log.

An import appends a batch, then folds it into the views, one after the other on one core. Inside
`views_followed_in_background`, the appends skip their own catch-up and a child process follows the
log instead (`Views.follow`), so the next batch is parsed and built while the last one is projected:
the ICEWS sample repeated to 200,000 rows went in at 15,803 rows/s against 9,316 (docs/benchmarks.md).
The child only speeds things up: the views' tracking position makes every catch-up exactly-once
whoever runs it, and when the block ends the parent stops the child and catches up whatever is left,
so the views are current when the import returns even if the child died on the way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO

from eventsourcing.sqlite import SQLiteConnectionPool

from store.settings import Settings

BACKGROUND_BYTES = 4 * 1024 * 1024
"""Smallest input worth a second process (which takes about a second to start)."""
POLL_SECONDS = 0.05
"""How often the child looks for new events when it has caught up."""
FOLLOWER_CACHE_KIB = 16_384
"""The child's page cache. It reads each event once, in order, and writes the views' rows: with the store's
64 MiB the log's pages filled it to no gain (ICEWS sample repeated to 1,000,000 rows: 11,732 rows/s and a peak of
282 MB for both processes, against 10,728 and 302 MB; docs/benchmarks.md, fifth session)."""
STOP_SECONDS = 60.0
"""How long the parent waits for the child to finish its page before terminating it."""


def follow_until_told(settings: Settings, parent: int) -> None:
    """In the child: follow the log into the views until SIGTERM, or until the parent process is gone.

    The parent's id is passed in rather than read here: when the parent is killed while the child is
    still starting, the child's parent is already the reaper when it looks, and would never change.
    """
    from store.root import open_store

    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    with open_store(settings.model_copy(update={"sqlite_cache_kib": FOLLOWER_CACHE_KIB})) as store:
        store.views.follow(interval=POLL_SECONDS, should_stop=lambda: bool(stopping) or os.getppid() != parent)


def worth_a_second_process(settings: Settings, source: BinaryIO) -> bool:
    """Tell whether an import from `source` should have its views followed in the background: a
    shareable store (not in memory) and a regular file of at least BACKGROUND_BYTES."""
    if SQLiteConnectionPool.detect_memory_mode(settings.store):
        return False
    try:
        return os.fstat(source.fileno()).st_size >= BACKGROUND_BYTES
    except (AttributeError, OSError, ValueError):
        return False  # a pipe or an in-memory buffer: size unknown, stay in one process


def start_follower(settings: Settings, module: str = __name__) -> subprocess.Popen[bytes]:
    """Start `python -m module PARENT_PID` as the follower of a store, its settings sent on standard input."""
    child = subprocess.Popen([sys.executable, "-m", module, str(os.getpid())], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL)
    assert child.stdin is not None
    child.stdin.write(json.dumps(settings.for_child_process()).encode())
    child.stdin.close()
    return child


def stop_follower(child: subprocess.Popen[bytes]) -> None:
    """Ask the follower to stop after its current page; terminate it if it takes too long."""
    if child.poll() is None:
        child.terminate()  # SIGTERM: handled as "stop after this page"
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextmanager
def views_followed_in_background(store: Any, module: str = __name__) -> Iterator[None]:
    """Run the block with the store's appends leaving their catch-up to a child process (`python -m
    module`); on a normal exit, catch up here too, so the views are current when the block returns."""
    try:
        child: subprocess.Popen[bytes] | None = start_follower(store.settings, module)
    except OSError:
        child = None
    if child is None:  # no second process to be had: the appends keep their own catch-up
        yield
        return
    hooks, store.appender.after_save = store.appender.after_save, []
    try:
        yield
    finally:
        store.appender.after_save = hooks
        stop_follower(child)
    store.appender.run_after_save(stored=0)


if __name__ == "__main__":
    try:
        follow_until_told(Settings(**json.loads(sys.stdin.read())), int(sys.argv[1]))
    except Exception as error:  # noqa: BLE001 - the parent catches up whatever the child did not
        print(f"geoevents views follower stopped: {error}", file=sys.stderr)
        sys.exit(1)
