"""Importing and appending pause automatic garbage collection only for their own duration, whatever happens."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from store.collector import collector_between_batches
from store.interchange.formats import import_stream
from store.jsonl import read_lines
from tests.conftest import SEED

AWKWARD = Path(__file__).resolve().parent.parent / "fixtures" / "interchange" / "icews_awkward.tab"


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_an_import_leaves_automatic_collection_enabled_as_it_found_it(seeded, collector_enabled):
    with AWKWARD.open("rb") as f:
        summary = import_stream(seeded, "icews", f, register_actors=True, batch_size=4)
    assert summary.imported > 0
    assert gc.isenabled()


def test_automatic_collection_is_paused_inside_and_restored_after_an_error(collector_enabled):
    with pytest.raises(RuntimeError), collector_between_batches():
        assert not gc.isenabled()
        raise RuntimeError("the import failed")
    assert gc.isenabled()


def test_a_collector_disabled_before_the_import_stays_disabled(collector_enabled):
    gc.disable()
    with collector_between_batches():
        pass
    assert not gc.isenabled()


def test_an_append_in_batches_leaves_automatic_collection_enabled(seeded, collector_enabled):
    with SEED.open("rb") as f:
        result = seeded.appender.append(read_lines(f), batch_size=5)
    assert result.duplicates == result.lines > 5
    assert gc.isenabled()


def test_nested_pauses_resume_collection_only_when_the_outer_one_ends(collector_enabled):
    with collector_between_batches():
        with collector_between_batches():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_pauses_of_two_threads_resume_collection_when_both_end(collector_enabled):
    entered, leave = threading.Event(), threading.Event()

    def other():
        with collector_between_batches():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(5)
    with collector_between_batches():
        leave.set()
        thread.join(5)
        assert not gc.isenabled()
    assert gc.isenabled()
