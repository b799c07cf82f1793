"""On PostgreSQL a store is one schema: its tables live there and unqualified SQL resolves there."""

from __future__ import annotations

import pytest

from store.root import open_store
from store.settings import Settings
from tests import pg


@pytest.mark.postgres
def test_two_stores_in_two_schemas_of_one_database_do_not_see_each_other():
    with pg.fresh_schema() as a, pg.fresh_schema() as b:
        with open_store(Settings(store=pg.url_with_schema(a))) as first, \
                open_store(Settings(store=pg.url_with_schema(b))) as second:
            first.append_objects([{"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"}])
            assert first.directory.lookup("France") == "fra"
            assert second.directory.lookup("France") is None
            with first.app.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute("SELECT current_schema() AS s, count(*) AS n FROM geoevents_events")
                row = cursor.fetchone()
    assert row["s"] == a and row["n"] == 3  # the registration and the claims of "fra" and "france"


@pytest.mark.postgres
def test_opening_a_set_up_store_runs_no_ddl_so_it_never_waits_behind_a_writer():
    """The library's CREATE INDEX IF NOT EXISTS, run on every open, took a SHARE lock on the events table:
    while a writer held its EXCLUSIVE lock, every command, reads included, waited (without a lock timeout)."""
    import threading

    import psycopg

    from store.jsonl import read_lines
    from tests.conftest import SEED

    with pg.fresh_schema() as schema:
        settings = Settings(store=pg.url_with_schema(schema))
        with open_store(settings) as first:
            first.appender.append(read_lines(SEED.read_bytes().splitlines()))
        locked, release, released = threading.Event(), threading.Event(), threading.Event()

        def writer_holding_the_lock() -> None:
            with psycopg.connect(pg.base_url()) as conn, conn.transaction():
                conn.execute(f'LOCK TABLE "{schema}".geoevents_events IN EXCLUSIVE MODE')
                locked.set()
                release.wait(20)  # were the open to wait for the lock, it would finish only after this
            released.set()

        holder = threading.Thread(target=writer_holding_the_lock)
        holder.start()
        try:
            assert locked.wait(10)
            with open_store(settings) as reader:
                found = reader.directory.lookup("France")
            opened_while_locked = not released.is_set()
        finally:
            release.set()
            holder.join()
    assert found == "fra" and opened_while_locked


@pytest.mark.postgres
def test_a_connection_the_server_dropped_is_replaced_rather_than_failing_the_next_command():
    """A terminated backend left a dead connection in the pool: the next append's look-ups failed with a raw
    OperationalError (a traceback on the CLI, a 500 over HTTP), once per dead pooled connection."""
    import psycopg

    from projections.positions import positions
    from store.jsonl import read_lines
    from tests.conftest import SEED

    with pg.fresh_schema() as schema, open_store(Settings(store=pg.url_with_schema(schema))) as store:
        store.appender.append(read_lines(SEED.read_bytes().splitlines()))
        pids = [conn.info.backend_pid for conn in store.app.recorder.datastore.pool._pool]  # every idle one
        with psycopg.connect(pg.base_url(), autocommit=True) as admin:
            assert pids and all(admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
                                for pid in pids)
        result = store.append_objects([{"type": "ContactMade", "key": "after-the-drop", "occurred": "2024-06-01",
                                        "participants": ["fra", "rus"], "mode": "phone"}])
        assert result.appended == 1
        assert positions(store, actor="rus")["positions"]
