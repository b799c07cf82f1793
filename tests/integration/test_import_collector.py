"""Importing pauses automatic garbage collection only for its own duration, whatever happens."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from store.interchange.formats import import_stream
from store.interchange.importer import collector_between_batches

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
