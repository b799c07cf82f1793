"""Imports whose views a second process follows (both backends): the same views as built from scratch,
whatever the child does."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

import pytest

from projections.runner import MODULES
from store.background_views import BACKGROUND_BYTES, views_followed_in_background, worth_a_second_process
from store.interchange.formats import import_stream
from store.root import open_store
from store.settings import Settings
from tests.benchmarks.bench_interchange import SAMPLE
from tests.integration.test_import_icews import FIXTURES


def view_tables(store) -> dict[str, list[tuple]]:
    """Every row of every view table, in a fixed order."""
    found, d = {}, store.views.d
    with store.views.datastore.transaction(commit=False) as cursor:
        for name in (n for module in MODULES for n in module.NAMES):
            cursor.execute(d.sql(f"SELECT * FROM {name}"))  # noqa: S608
            found[name] = sorted((tuple(row) for row in d.rows(cursor)), key=repr)
    return found


def log_end(store) -> int:
    return store.app.recorder.max_notification_id()


def assert_current_with_hooks_back(store, summary) -> None:
    """Something was imported, the views reached the end of the log, and appends catch up again."""
    assert summary.imported > 0
    assert store.views.position() == log_end(store)
    assert store.appender.after_save == [store.views.catch_up]


@pytest.fixture
def file_store(store):
    """A store another process can open too: an SQLite file, or a PostgreSQL schema."""
    return store


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the ICEWS sample is not at {SAMPLE}")
def test_views_followed_by_a_child_equal_views_rebuilt_from_the_log(file_store):
    with views_followed_in_background(file_store):
        with SAMPLE.open("rb") as f:
            summary = import_stream(file_store, "icews", f, register_actors=True, batch_size=500,
                                    background_views=False)
        assert file_store.appender.after_save == []  # so only the child moves the views
        deadline = time.monotonic() + 120
        while file_store.views.position() < log_end(file_store) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert file_store.views.position() == log_end(file_store)
    assert summary.rows == summary.imported + summary.duplicates + len(summary.rejected) == 3705
    followed = view_tables(file_store)
    assert len(followed["pv_occ"]) >= 3000
    file_store.views.rebuild()
    assert view_tables(file_store) == followed


def test_an_import_asked_to_follow_in_the_background_returns_with_the_views_current(file_store):
    with (FIXTURES / "icews_awkward.tab").open("rb") as f:
        summary = import_stream(file_store, "icews", f, register_actors=True, background_views=True)
    assert_current_with_hooks_back(file_store, summary)


def test_a_follower_that_dies_leaves_the_views_to_the_import_itself(file_store):
    with views_followed_in_background(file_store, module="tests.integration.dead_follower"):
        with (FIXTURES / "icews_awkward.tab").open("rb") as f:
            summary = import_stream(file_store, "icews", f, register_actors=True, background_views=False)
    assert_current_with_hooks_back(file_store, summary)


def test_only_large_regular_files_of_a_shareable_store_get_a_second_process(tmp_path):
    big, small = tmp_path / "big.tab", tmp_path / "small.tab"
    with big.open("wb") as f:
        f.truncate(BACKGROUND_BYTES)
    small.write_bytes(b"Event ID\n")
    on_disk, in_memory = Settings(store=str(tmp_path / "s.db")), Settings(store=":memory:")
    with big.open("rb") as b, small.open("rb") as s:
        assert worth_a_second_process(on_disk, b) and not worth_a_second_process(on_disk, s)
        assert not worth_a_second_process(in_memory, b)
    assert not worth_a_second_process(on_disk, io.BytesIO(b"x" * BACKGROUND_BYTES))
    read, write = os.pipe()
    with os.fdopen(write, "wb"), os.fdopen(read, "rb") as pipe:
        assert not worth_a_second_process(on_disk, pipe)


def test_a_follower_whose_parent_died_while_it_started_stops(tmp_path):
    """A parent killed before its follower got going (an import killed early) leaves no follower behind."""
    settings = Settings(store=str(tmp_path / "store.db"))
    with open_store(settings):
        pass  # the store exists, empty
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    child = subprocess.Popen([sys.executable, "-m", "store.background_views", str(gone.pid)],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        child.communicate(json.dumps(settings.for_child_process()).encode(), timeout=60)
    finally:
        child.kill()
    assert child.returncode == 0
