"""Wake-ups for followers of the log: LISTEN/NOTIFY on PostgreSQL, a polling interval on SQLite.

The library's PostgreSQL recorder sends NOTIFY on its events channel in every insert transaction
(we never enable POSTGRES_ENABLE_DB_FUNCTIONS). A follower listens on its own connection, so a
dropped connection is noticed, re-opened, and answered with a catch-up (notices sent while it
was away are lost, the events are not).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from eventsourcing.persistence import InterfaceError, OperationalError

from store.application import GeoEventsApplication
from store.faults import is_read_only

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
SAFETY_POLL_SECONDS = 30.0
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)


class Wakeups:
    """Blocks a follower until new events may have been stored."""

    def __init__(self, app: GeoEventsApplication, poll_seconds: float = POLL_SECONDS):
        self.app = app
        recorder = app.recorder
        self.channel: str | None = getattr(recorder, "channel_name", None)
        self.datastore = getattr(recorder, "datastore", None)
        self.poll_seconds = poll_seconds if self.channel is None else SAFETY_POLL_SECONDS
        self._conn = None

    @property
    def listens(self) -> bool:
        """Tell whether wake-ups come from NOTIFY (PostgreSQL) rather than polling."""
        return self.channel is not None

    def start(self) -> None:
        """Start listening (call before the first catch-up, so no notice falls in between)."""
        if self.listens:
            self._connect()

    def _connect(self) -> None:
        import psycopg
        from psycopg import sql

        self.close()
        kwargs = dict(self.datastore.pool.kwargs)  # type: ignore[union-attr]
        kwargs.pop("row_factory", None)
        self._conn = psycopg.connect(autocommit=True, connect_timeout=5, **kwargs)
        self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))  # type: ignore[arg-type]

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a notice; True means one came (or the connection was lost)."""
        if not self.listens:
            time.sleep(timeout)
            return False
        import psycopg

        try:
            if self._conn is None:
                self._connect()
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):  # type: ignore[union-attr]
                return True
            return False
        except psycopg.Error as e:
            log.warning("lost the LISTEN connection (%s); reconnecting", str(e).strip())
            self._conn = None
            time.sleep(min(timeout, 0.2))
            return True

    def close(self) -> None:
        """Close the listening connection."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None


def follow(catch_up: Callable[[], int], wakeups: Wakeups, stop: threading.Event,
           on_progress: Callable[[int], None] | None = None) -> None:
    """Run catch-ups until `stop` is set: once now, then after every wake-up; survive lost connections and
    locks with back-off, but not a store that cannot be written (raised).

    `catch_up` processes whatever is new after its tracking position and returns how many events
    it processed; positions live with the views, so a restart resumes where the last commit ended.
    """
    failures = 0
    wakeups.start()
    try:
        while not stop.is_set():
            try:
                done = catch_up()
            except (OperationalError, InterfaceError) as e:
                if is_read_only(e):
                    raise  # no retry will make the store writable: the caller reports it
                pause = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
                failures += 1
                log.warning("catch-up failed (%s); retrying in %.1fs", e, pause)
                stop.wait(pause)
                continue
            failures = 0
            if on_progress is not None and done:
                on_progress(done)
            if not done:
                deadline = time.monotonic() + wakeups.poll_seconds
                while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
                    if wakeups.wait(min(left, 0.5)):
                        break
    finally:
        wakeups.close()
