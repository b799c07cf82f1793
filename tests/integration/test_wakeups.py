"""A follower of the log wakes up on new events (NOTIFY on PostgreSQL, polling on SQLite)."""

from __future__ import annotations

import threading

import psycopg

from store.jsonl import read_lines
from store.root import open_store
from store.wakeups import Wakeups, follow
from tests import pg
from tests.conftest import SEED
from tests.polling import wait_until

PATIENCE = 10.0  # well below the 30 s safety poll on PostgreSQL: only a NOTIFY can wake it in time


class Position:
    """A minimal follower: remembers the last notification id it has seen."""

    def __init__(self, app):
        self.app = app
        self.seen = 0

    def catch_up(self) -> int:
        page = self.app.recorder.select_notifications(self.seen + 1, 1000)
        if page:
            self.seen = page[-1].id
        return len(page)


def test_a_follower_sees_new_events_soon_after_they_are_appended_and_after_losing_its_connection(settings):
    with open_store(settings) as writer, open_store(settings) as reader:
        follower = Position(reader.app)
        wakeups = Wakeups(reader.app, poll_seconds=0.1)
        stop = threading.Event()
        thread = threading.Thread(target=follow, args=(follower.catch_up, wakeups, stop))
        thread.start()
        try:
            with SEED.open("rb") as f:
                writer.appender.append(read_lines(f))
            assert wait_until(lambda: follower.seen == writer.app.recorder.max_notification_id(), PATIENCE)
            if wakeups.listens:
                assert wait_until(lambda: wakeups._conn is not None, PATIENCE)
                with psycopg.connect(**pg.parse_postgres_url(pg.base_url()).connect_kwargs()) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (wakeups._conn.info.backend_pid,))
            writer.append_objects([{"type": "ContactMade", "occurred": "2024-06-01",
                                    "participants": ["fra", "rus"], "mode": "phone"}])
            assert wait_until(lambda: follower.seen == writer.app.recorder.max_notification_id(), PATIENCE)
        finally:
            stop.set()
            thread.join(timeout=10)
    assert not thread.is_alive()


def test_postgres_followers_listen_and_sqlite_followers_poll(settings, backend):
    with open_store(settings) as store:
        assert Wakeups(store.app).listens == (backend == "postgres")
