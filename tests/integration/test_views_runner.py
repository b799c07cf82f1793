"""The views runner: current after every append, exactly once across interruptions, rebuildable."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest

from projections.contacts import contacts
from projections.incidents import incidents
from projections.projector import Projector
from projections.dialect import SQLITE
from projections.runner import MODULES
from store.jsonl import read_lines
from store.root import open_store
from tests.conftest import SEED
from tests.oracle import assert_views_equal_oracle

CALL = "2024-04-03-lecornu-shoigu-call"
ATTACK = "2024-03-22-crocus-city-hall-attack"


def dump(store) -> dict[str, list[tuple]]:
    """Every row of every view table, in a stable order."""
    tables = {}
    with store.views.datastore.transaction(commit=False) as cursor:
        for module in MODULES:
            for name in module.NAMES:
                cursor.execute(f"SELECT * FROM {name}")
                tables[name] = sorted(tuple(row) for row in cursor.fetchall())
    return tables


def corrections() -> list[dict]:
    return [
        {"type": "Corrected", "target": CALL, "changes": {"occurred": "2024-04-04"}, "reason": "date typo"},
        {"type": "Retracted", "target": "2024-03-23-crocus-toll-133", "reason": "duplicate", "reported": "2024-03-25"},
        {"type": "ClaimDenied", "key": "denial-2", "occurred": "2024-04-05", "denier": "rus",
         "denies": "2024-04-03-french-armed-forces-press-release", "claim": 1},
        {"type": "Corrected", "target": "2024-04-03-french-armed-forces-press-release",
         "changes": {"claims.0.topic": "other-topic", "claims.0.stance": "opposes", "claims.0.quote": None,
                     "claims.1.topic": "renamed", "claims.1.stance": "rejects", "claims.1.quote": None},
         "reason": "x"},
    ]


def test_views_are_current_when_an_append_returns(seeded):
    assert seeded.views.position() == seeded.app.recorder.max_notification_id()


def test_a_correction_counts_only_from_when_it_was_recorded(seeded):
    before = datetime.now(timezone.utc).isoformat()
    seeded.append_objects(corrections()[:1])
    then = contacts(seeded, between="fra", and_="rus", rank="minister", recorded_at=before)["contacts"]
    now = contacts(seeded, between="fra", and_="rus", rank="minister")["contacts"]
    assert then[-1]["occurred"] == "2024-04-03" and now[-1]["occurred"] == "2024-04-04"


def test_a_backdated_retraction_applies_from_its_reported_date_on(seeded):
    seeded.append_objects(corrections()[1:2])
    assert incidents(seeded, key=ATTACK, known_at="2024-03-24")["incidents"][0]["killed"] == 133
    assert incidents(seeded, key=ATTACK, known_at="2024-03-25")["incidents"][0]["killed"] == 40


def test_an_interrupted_catch_up_resumes_exactly_once(seeded, monkeypatch):
    seeded.appender.after_save.clear()
    seeded.append_objects(corrections())
    start, latest = seeded.views.position(), seeded.app.recorder.max_notification_id()
    seeded.views.batch_size = 2
    original, calls = Projector.apply, {"n": 0}

    def crash_on_third(self, notification):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        original(self, notification)

    monkeypatch.setattr(Projector, "apply", crash_on_third)
    with pytest.raises(RuntimeError):
        seeded.views.catch_up()
    assert seeded.views.position() == start + 2
    monkeypatch.setattr(Projector, "apply", original)
    seeded.views.catch_up()
    assert seeded.views.position() == latest
    resumed = dump(seeded)
    seeded.views.rebuild()
    assert dump(seeded) == resumed


def test_two_handles_on_one_store_never_apply_a_notification_twice(seeded, settings):
    with open_store(settings) as other:
        other.appender.after_save.clear()
        seeded.appender.after_save.clear()
        other.append_objects(corrections())
        seeded.views.catch_up()
        other.views.catch_up()
        assert dump(other) == dump(seeded)
        rows = dump(seeded)
        seeded.views.rebuild()
        assert dump(seeded) == rows


def test_a_query_sees_what_another_handle_recorded_since_the_previous_query(seeded, settings, monkeypatch):
    query = {"between": "fra", "and_": "rus", "rank": "minister"}
    before = contacts(seeded, **query)["contacts"]
    catch_ups = []
    monkeypatch.setattr(seeded.views, "catch_up", lambda: catch_ups.append(1) or 0)
    assert contacts(seeded, **query)["contacts"] == before
    assert catch_ups == []  # nothing committed: SQLite's data_version, PostgreSQL's last position say so
    monkeypatch.undo()
    with open_store(settings) as other:
        other.appender.after_save.clear()
        other.append_objects(corrections()[:1])
    now = contacts(seeded, **query)["contacts"]
    assert before[-1]["occurred"] == "2024-04-03" and now[-1]["occurred"] == "2024-04-04"


def test_rebuild_from_the_log_gives_the_same_tables_as_incremental_updates(seeded):
    for line in corrections():
        seeded.append_objects([line])
    incremental = dump(seeded)
    seeded.views.rebuild()
    assert dump(seeded) == incremental


def test_following_applies_what_another_handle_appended(seeded, settings):
    with open_store(settings) as writer:
        writer.appender.after_save.clear()
        writer.append_objects(corrections()[:1])
    polls = iter(range(3))
    applied = seeded.views.follow(interval=0.01, should_stop=lambda: next(polls, None) is None)
    assert applied == 1 and seeded.views.position() == seeded.app.recorder.max_notification_id()


def test_views_built_by_another_schema_version_are_rebuilt_on_open(seeded, settings):
    with seeded.views.datastore.transaction(commit=True) as cursor:
        cursor.execute("UPDATE pv_tracking SET position = -1 WHERE name = 'schema'")
    before = dump(seeded)
    with open_store(settings) as reopened:
        assert reopened.views.position() == 0
        assert contacts(reopened, between="fra", and_="rus")["count"] == 2
        assert dump(reopened) == before


def test_views_of_an_older_table_shape_are_rebuilt_on_open(seeded, settings):
    with seeded.views.datastore.transaction(commit=True) as cursor:
        cursor.execute("UPDATE pv_tracking SET position = -1 WHERE name = 'schema'")
        cursor.execute("DROP TABLE pv_occ")
        cursor.execute("CREATE TABLE pv_occ (rid INTEGER PRIMARY KEY, occ TEXT NOT NULL)")
    with open_store(settings) as reopened:
        assert contacts(reopened, between="fra", and_="rus")["count"] == 2


def test_a_page_computed_before_a_rebuild_is_refused_even_when_the_rebuild_is_back_at_its_position(seeded, settings):
    """A follower computes a page from position S on the old tables; meanwhile a rebuild drops them and catches up
    to exactly S again. The position alone matched, and the stale page (deletes of old row ids, rows numbered after
    the old tables') landed in the rebuilt views; the views' generation now tells them apart."""
    from tests.integration.test_parallel_rebuild import canonical

    seeded.appender.after_save.clear()
    seeded.append_objects(corrections())
    seeded.views.rebuild()
    expected = canonical(seeded)
    with open_store(settings) as rebuilder:
        def back_to(position: int) -> None:
            """Drop and create the views, as a rebuild begins, then catch up exactly to `position`."""
            with rebuilder.views.datastore.transaction(commit=True) as cursor:
                rebuilder.views._drop(cursor)
                rebuilder.views._create(cursor, indexes=True)
            assert rebuilder.views.catch_up(batch_size=position, should_stop=lambda: True) == position
        start = 60
        back_to(start)
        assert seeded.views.position() == start
        commit = seeded.views._commit_page

        refused = []

        def rebuilt_meanwhile(*args, **kwargs):
            seeded.views._commit_page = commit
            back_to(start)
            try:
                return commit(*args, **kwargs)
            except Exception as e:
                refused.append(type(e).__name__)
                raise
        seeded.views._commit_page = rebuilt_meanwhile
        seeded.views.catch_up(batch_size=25)
        assert refused == ["_Overtaken"]  # the stale page was not written; the catch-up computed it again
    assert canonical(seeded) == expected


def view_indexes(store) -> set[str]:
    """The secondary indexes of the view tables that exist in the store's database."""
    wanted = {statement.split()[5] for module in MODULES for statement in module.INDEXES
              if statement.startswith("CREATE")}
    with store.views.datastore.transaction(commit=False) as cursor:
        if store.views.d is SQLITE:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        return wanted & {row[0] for row in store.views.d.rows(cursor)}


def test_an_interrupted_rebuild_leaves_its_indexes_to_the_next_catch_up(seeded, settings):
    built = view_indexes(seeded)
    assert len(built) >= 10

    class Interrupted(Exception):
        pass

    def interrupt(position: int) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        seeded.views.rebuild(on_page=interrupt)
    assert view_indexes(seeded) == set()
    with open_store(settings) as other:  # another process's first query catches up, indexes included
        assert contacts(other, between="fra", and_="rus")["count"] == 2
        assert view_indexes(other) == built
    assert_views_equal_oracle(seeded)


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_two_catch_ups_that_find_the_indexes_missing_build_them_once(seeded, settings, monkeypatch):
    class Interrupted(Exception):
        pass

    def interrupt(position: int) -> None:
        raise Interrupted

    built = view_indexes(seeded)
    with pytest.raises(Interrupted):
        seeded.views.rebuild(on_page=interrupt)
    slow = MODULES[0]
    monkeypatch.setattr(slow, "INDEXES", [*slow.INDEXES, "SELECT pg_sleep(1)"])  # a large table's build
    with open_store(settings) as first, open_store(settings) as second:
        with ThreadPoolExecutor(2) as pool:
            started = pool.submit(first.views.catch_up)
            time.sleep(0.3)
            answers = [pool.submit(second.views.catch_up), started]
            assert [a.result(timeout=30) for a in answers] == [0, 0]
        assert view_indexes(second) == built


def _views_of_another_version(path) -> None:
    """What a process of an older version does to the store behind an open one's back: rebuild the views under its
    schema number, writing their rows its own way (here: a contact's row whose data it left out)."""
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("UPDATE pv_tracking SET position = 10 WHERE name = 'schema'")
        db.execute("DELETE FROM pv_occ WHERE key = ?", (CALL,))


def test_views_another_version_rebuilt_behind_an_open_store_are_started_over_not_read(tmp_path):
    from store.settings import Settings

    path = tmp_path / "store.db"
    with open_store(Settings(store=str(path))) as store:
        store.appender.append(read_lines(SEED.read_bytes().splitlines()))
        expected = contacts(store, between="France", and_="Russia")
        _views_of_another_version(path)
        assert contacts(store, between="France", and_="Russia") == expected
        assert_views_equal_oracle(store)


def test_a_read_only_store_with_another_versions_views_refuses_queries_naming_the_way_out(tmp_path):
    from domain.errors import StoreUnavailable
    from store.settings import Settings

    path = tmp_path / "store.db"
    with open_store(Settings(store=str(path))) as store:
        store.appender.append(read_lines(SEED.read_bytes().splitlines()))
    _views_of_another_version(path)
    with open_store(Settings(store=f"file:{path}?mode=ro")) as store, \
            pytest.raises(StoreUnavailable, match="views schema 10.*read-only.*geoevents replay"):
        contacts(store, between="France", and_="Russia")
