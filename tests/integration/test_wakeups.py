"""A follower of the log wakes up on new events (NOTIFY on PostgreSQL, polling on SQLite)."""

from __future__ import annotations

import threading

import psycopg
import pytest

from store.jsonl import read_lines
from store.postgres_recorder import NAME_BYTES, channel_for
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


@pytest.mark.postgres
def test_a_postgres_follower_wakes_for_its_own_schema_only():
    pg.require_server()
    with pg.fresh_settings("postgres") as mine, pg.fresh_settings("postgres") as other:
        with open_store(mine) as reader, open_store(other) as elsewhere, open_store(mine) as writer:
            wakeups = Wakeups(reader.app)
            wakeups.start()
            try:
                elsewhere.append_objects([{"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"}])
                assert not wakeups.wait(2.0)
                writer.append_objects([{"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"}])
                assert wakeups.wait(PATIENCE)
            finally:
                wakeups.close()


def test_a_channel_name_is_the_schema_and_table_and_long_ones_stay_apart():
    assert channel_for("team_a", "geoevents_events") == "team_a.geoevents_events"
    long_a, long_b = "x" * 60 + "a", "x" * 60 + "b"
    assert channel_for(long_a, "geoevents_events") != channel_for(long_b, "geoevents_events")
    assert all(len(channel_for(s, "geoevents_events").encode()) <= NAME_BYTES for s in (long_a, "é" * 40))
