"""A catch-up that grows the views by a tenth or more refreshes their planner statistics (PostgreSQL)."""

from __future__ import annotations

from store.jsonl import read_lines
from tests.benchmarks.generate import generate


def last_analyzed(store) -> object:
    """When PostgreSQL last analysed pv_occ by hand (None: never)."""
    with store.views.datastore.transaction(commit=False) as cursor:
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'pv_occ' "
                       "AND schemaname = current_schema()")
        return cursor.fetchone()["last_analyze"]


def test_a_large_catch_up_analyses_the_view_tables(store):
    store.appender.after_save.clear()
    store.appender.append(read_lines(generate(3000)), batch_size=1000, skip_invalid=True)
    if not store.settings.is_postgres:
        assert store.views.d.analyze(["pv_occ"]) == []  # SQLite plans these queries well without statistics
        return
    assert last_analyzed(store) is None
    assert store.views.catch_up() >= 3000
    assert last_analyzed(store) is not None
