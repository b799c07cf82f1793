"""Events without leaves: a store older than the log gets them when its tables are created; once the log exists,
rows without leaves (inserted behind the store's back, or by a writer with the log off) are named by `verify`,
never adopted, and refuse every write."""

from __future__ import annotations

import sqlite3

import pytest

from domain.errors import IntegrityViolation, StoreUnavailable
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from store.verification import verify
from tests.conftest import SEED
from tests.integrity_events import contact_lines


def test_a_store_written_without_the_log_gets_leaves_for_every_event_when_the_log_is_created(tmp_path):
    path = str(tmp_path / "store.db")
    with open_store(Settings(store=path, merkle_log=False)) as plain:
        plain.appender.append(read_lines(SEED.read_bytes().splitlines()))
    with open_store(Settings(store=path)) as logged:
        logged.appender.append(read_lines(contact_lines(10, prefix="logged", states=["fra", "rus"])))
        report = verify(logged.app)
        assert report.tree_size == logged.app.recorder.max_notification_id() > 10


def test_a_writer_with_the_log_refuses_events_another_writer_recorded_without_it_storing_nothing(settings):
    plain_settings = settings.model_copy(update={"merkle_log": False})
    with open_store(settings) as logged, open_store(plain_settings) as plain:
        logged.appender.append(read_lines(SEED.read_bytes().splitlines()))
        plain.appender.append(read_lines(contact_lines(30, prefix="plain", states=["fra", "rus"])))
        stored = logged.app.recorder.max_notification_id()
        with pytest.raises(StoreUnavailable, match="without a Merkle leaf"):
            logged.appender.append(read_lines(contact_lines(10, prefix="logged", states=["fra", "rus"])))
        assert logged.app.recorder.max_notification_id() == stored
        with pytest.raises(IntegrityViolation, match="is not in the Merkle log"):
            verify(logged.app)


def seeded_then_edited(tmp_path, *statements: str) -> str:
    """An SQLite store holding the seed, then changed behind its back by SQL statements; return its path."""
    path = str(tmp_path / "store.db")
    with open_store(Settings(store=path)) as store:
        store.appender.append(read_lines(SEED.read_bytes().splitlines()))
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
    return path


def test_leaves_deleted_behind_the_stores_back_are_not_given_again_by_opening_verifying_or_writing(tmp_path):
    path = seeded_then_edited(tmp_path, "DELETE FROM merkle_leaves", "DELETE FROM merkle_nodes")
    with open_store(Settings(store=path)) as store:
        with pytest.raises(IntegrityViolation, match="event 1 .* is not in the Merkle log"):
            verify(store.app)
        with pytest.raises(StoreUnavailable, match="without a Merkle leaf from notification 1 on"):
            store.appender.append(read_lines(contact_lines(1, prefix="after", states=["fra", "rus"])))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM merkle_leaves").fetchone() == (0,)


def test_a_cached_subtree_beyond_the_log_is_named_by_verify(tmp_path):
    path = seeded_then_edited(tmp_path, "INSERT INTO merkle_nodes VALUES (8, 0, zeroblob(32))")
    with open_store(Settings(store=path)) as store, pytest.raises(IntegrityViolation, match="lies beyond the log"):
        verify(store.app)


def test_a_start_of_the_log_interrupted_midway_leaves_no_table_and_is_started_again(settings, monkeypatch):
    from store.merkle_table import AdoptsEventsWithoutLeaves

    with open_store(settings.model_copy(update={"merkle_log": False})) as plain:
        plain.appender.append(read_lines(SEED.read_bytes().splitlines()))
    filled = AdoptsEventsWithoutLeaves._fill

    def interrupted(self, c):
        raise KeyboardInterrupt  # Ctrl-C while the leaves are being given

    monkeypatch.setattr(AdoptsEventsWithoutLeaves, "_fill", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_store(settings)
    monkeypatch.setattr(AdoptsEventsWithoutLeaves, "_fill", filled)
    with open_store(settings) as store:
        store.appender.append(read_lines(contact_lines(3, prefix="after", states=["fra", "rus"])))
        assert verify(store.app).tree_size == store.app.recorder.max_notification_id()


def test_verify_while_a_writer_completes_a_cached_subtree_reports_no_alteration(settings, monkeypatch):
    from store.merkle_table import MerkleTable

    with open_store(settings) as store, open_store(settings) as writer:
        store.appender.append(read_lines(SEED.read_bytes().splitlines()))
        store.appender.append(read_lines(contact_lines(100, prefix="before", states=["fra", "rus"])))
        read_nodes = MerkleTable.cached_nodes
        wrote: list[int] = []

        def a_writer_commits_first(table, c):
            if not wrote:  # between verify's reading the log's size and its reading the cached subtrees
                wrote.append(writer.appender.append(read_lines(contact_lines(200, prefix="during",
                                                                              states=["fra", "rus"]))).appended)
            return read_nodes(table, c)

        monkeypatch.setattr(MerkleTable, "cached_nodes", a_writer_commits_first)
        verify(store.app)
        assert wrote == [200]


def test_a_store_older_than_the_log_opened_read_only_says_its_log_has_not_started(tmp_path):
    path = tmp_path / "store.db"
    with open_store(Settings(store=str(path), merkle_log=False)) as plain:
        plain.appender.append(read_lines(SEED.read_bytes().splitlines()))
    with open_store(Settings(store=f"file:{path}?mode=ro")) as store, \
            pytest.raises(StoreUnavailable, match="has not started yet"):
        verify(store.app)
