"""The tuned SQLite factory: every pooled connection's settings, durability as the library's, files as before."""

from __future__ import annotations

import sqlite3

from store.jsonl import read_lines
from store.root import open_store
from store.sqlite_factory import CACHE_KIB
from tests.benchmarks.ingest_events import lines
from tests.conftest import SEED

FULL = 2
"""`PRAGMA synchronous` value of FULL: the WAL is synced at every commit."""
FAST = 2
"""`PRAGMA secure_delete` value of FAST: freed pages are not overwritten by writes of their own."""


def fill(store, count: int) -> int:
    """Append the seed's actors and `count` generated occurrences; return how many were stored."""
    with SEED.open("rb") as seed:
        store.appender.append(read_lines(seed))
    return store.appender.append(read_lines(lines(count))).appended


def settings_of(cursor, names: tuple[str, ...]) -> dict[str, object]:
    """Read connection settings through a cursor."""
    found = {}
    for name in names:
        cursor.execute(f"PRAGMA {name}")
        found[name] = cursor.fetchone()[0]
    return found


def test_every_pooled_connection_is_tuned_and_as_durable_as_the_librarys(tmp_path):
    with open_store(store=str(tmp_path / "s.db")) as store:
        datastore = store.app.recorder.datastore
        for commit in (True, False):
            with datastore.transaction(commit=commit) as cursor:
                found = settings_of(cursor, ("cache_size", "wal_autocheckpoint", "journal_size_limit",
                                             "journal_mode", "synchronous", "secure_delete", "threads"))
            assert found == {"cache_size": -CACHE_KIB, "wal_autocheckpoint": 65536,
                             "journal_size_limit": 64 * 1024 * 1024, "journal_mode": "wal", "synchronous": FULL,
                             "secure_delete": FAST, "threads": 0}


def test_building_indexes_tunes_the_connection_and_gives_its_settings_back_even_on_an_error(tmp_path):
    from projections.dialect import INDEX_BUILD_CACHE_KIB, INDEX_BUILD_THREADS, SQLITE

    with open_store(store=str(tmp_path / "s.db")) as store:
        with store.app.recorder.datastore.transaction(commit=False) as cursor:
            with SQLITE.building_indexes(cursor):
                assert settings_of(cursor, ("cache_size", "threads")) == {
                    "cache_size": -INDEX_BUILD_CACHE_KIB, "threads": INDEX_BUILD_THREADS}
            assert settings_of(cursor, ("cache_size", "threads")) == {"cache_size": -CACHE_KIB, "threads": 0}
            try:
                with SQLITE.building_indexes(cursor):
                    raise sqlite3.OperationalError("index build failed")
            except sqlite3.OperationalError:
                pass
            assert settings_of(cursor, ("cache_size", "threads")) == {"cache_size": -CACHE_KIB, "threads": 0}


def test_a_rebuild_leaves_the_pooled_connections_as_tuned_as_before(tmp_path):
    with open_store(store=str(tmp_path / "s.db")) as store:
        fill(store, 50)
        store.views.rebuild()
        with store.app.recorder.datastore.transaction(commit=False) as cursor:
            assert settings_of(cursor, ("cache_size", "threads")) == {"cache_size": -CACHE_KIB, "threads": 0}


def test_a_store_written_with_tuned_connections_reads_back_on_a_plain_connection(tmp_path):
    path = tmp_path / "s.db"
    with open_store(store=str(path)) as store:
        assert fill(store, 200) == 200
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0] >= 200
    finally:
        db.close()
    with open_store(store=str(path)) as store:
        assert store.views.position() >= 200


def test_an_in_memory_store_needs_no_file():
    with open_store(store="file:memdb_factory?mode=memory&cache=shared") as store:
        assert fill(store, 5) == 5


def test_idle_connections_are_reused_most_recent_first(tmp_path):
    from store.sqlite_factory import TunedSQLiteConnectionPool

    pool = TunedSQLiteConnectionPool(db_name=str(tmp_path / "pool.db"))
    try:
        first, second = pool.get_connection(), pool.get_connection()
        pool.put_connection(first)
        pool.put_connection(second)
        assert pool.get_connection() is second  # the library's own pool would hand out `first`
    finally:
        pool.close()


def test_a_store_can_be_opened_with_a_smaller_page_cache_for_a_helper_process(tmp_path):
    from store.settings import Settings

    with open_store(Settings(store=str(tmp_path / "s.db"), sqlite_cache_kib=4096)) as store:
        fill(store, 5)
        with store.app.recorder.datastore.transaction(commit=False) as cursor:
            assert settings_of(cursor, ("cache_size",)) == {"cache_size": -4096}
    with open_store(store=str(tmp_path / "s.db")) as store:
        with store.app.recorder.datastore.transaction(commit=False) as cursor:
            assert settings_of(cursor, ("cache_size",)) == {"cache_size": -CACHE_KIB}


def test_a_page_cache_size_from_the_environment_must_be_a_positive_number_of_kib():
    import pytest

    from store.sqlite_factory import cache_kib

    assert cache_kib(None) == cache_kib("") == CACHE_KIB
    assert cache_kib("4096") == 4096
    for bad in ("0", "-5", "lots"):
        with pytest.raises(OSError, match=f"'SQLITE_CACHE_KIB' is invalid: '{bad}'"):
            cache_kib(bad)
