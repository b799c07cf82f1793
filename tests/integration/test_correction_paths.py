"""A correction by dotted path changes only its part of the record, at whatever clocks it applies."""

from __future__ import annotations

import orjson
import pytest

from domain.errors import InputRejected
from domain.occurrences import Corrected
from projections.positions import positions, positions_from
from projections.replay import Fold
from projections.timeclock import Clocks
from store.jsonl import read_lines
from store.reading import events


def append(store, *records: dict) -> None:
    """Append JSON Lines records."""
    store.appender.append(read_lines(iter([orjson.dumps(r) + b"\n" for r in records])))


def quotes(store, known_at: str | None) -> dict[str, str]:
    """The quote of each source of Russia's position, by publisher, from the views (equal to the replay's)."""
    answer = positions(store, known_at=known_at)
    assert answer == positions_from(Fold(store.app, Clocks.parse(None, known_at, None)), None, None)
    [position] = answer["positions"]
    return {s["publisher"]: s.get("quote") for s in position["sources"]}


RUS = {"publisher": "TASS", "quote": "r0"}
FRA = {"publisher": "AFP", "quote": "f0"}


def two_sources(store) -> None:
    """A communiqué of Russia's reported by a Russian source first and a French one second."""
    append(store, {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
           {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
            "speaker": "rus", "medium": "communique", "sources": [RUS, FRA],
            "claims": [{"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate"}]})


def test_a_path_correction_public_earlier_does_not_carry_in_a_later_one_of_the_same_field(store):
    two_sources(store)
    append(store, {"type": "Corrected", "target": "s", "reason": "a", "reported": "2024-05-01",
                   "changes": {"sources.0.quote": "r1"}})
    append(store, {"type": "Corrected", "target": "s", "reason": "b", "reported": "2024-04-10",
                   "changes": {"sources.1.quote": "f1"}})

    assert quotes(store, "2024-04-05") == {"TASS": "r0", "AFP": "f0"}
    assert quotes(store, "2024-04-15") == {"TASS": "r0", "AFP": "f1"}  # the May correction was not yet public
    assert quotes(store, None) == {"TASS": "r1", "AFP": "f1"}
    stored = [e.changes for _, e in events(store.app) if isinstance(e, Corrected)]
    assert stored == [{"sources.0.quote": "r1"}, {"sources.1.quote": "f1"}]


def test_a_path_into_a_list_that_a_correction_public_later_replaced_is_refused_then_taken_once_public(store):
    append(store, {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
           {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
            "speaker": "rus", "medium": "communique", "sources": [RUS],
            "claims": [{"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate"}]})
    append(store, {"type": "Corrected", "target": "s", "reason": "a second source", "reported": "2024-05-01",
                   "changes": {"sources": [RUS, {"publisher": "AFP", "quote": "t0"}]}})
    typo = {"type": "Corrected", "target": "s", "reason": "typo", "changes": {"sources.1.quote": "t1"}}
    assert "field 'changes.sources.1.quote'" in refusal(store, {**typo, "reported": "2024-04-10"})
    append(store, {**typo, "reported": "2024-05-01"})

    assert quotes(store, "2024-04-15") == {"TASS": "r0"}
    assert quotes(store, None) == {"TASS": "r0", "AFP": "t1"}


def refusal(store, line: dict) -> str:
    """The one rejection of a correction (the log left as it was)."""
    before = list(events(store.app))
    with pytest.raises(InputRejected) as refused:
        store.append_objects([line])
    assert list(events(store.app)) == before
    [rejection] = refused.value.rejections
    return str(rejection)


REORDERED = {"type": "Corrected", "target": "s", "reason": "order", "reported": "2024-05-01",
             "changes": {"sources": [FRA, RUS]}}


def test_a_path_into_a_list_item_that_is_another_item_where_a_reordering_does_not_apply_is_refused(store):
    two_sources(store)
    append(store, REORDERED)
    fix = {"type": "Corrected", "target": "s", "reason": "typo", "reported": "2024-04-10",
           "changes": {"sources.0.quote": "f1"}}  # the French source as the list now stands; the Russian one before May
    rejection = refusal(store, fix)
    assert "field 'changes.sources.0.quote'" in rejection and "became public only on 2024-05-01" in rejection
    assert "give it a `reported` of 2024-05-01 or later" in rejection
    assert quotes(store, "2024-04-15") == {"TASS": "r0", "AFP": "f0"}


def test_a_path_into_a_reordered_list_is_taken_where_it_means_one_item_at_every_clock(store):
    two_sources(store)
    append(store, REORDERED)
    append(store, {"type": "Corrected", "target": "s", "reason": "typo", "reported": "2024-06-01",
                   "changes": {"sources.0.quote": "f1"}})  # public after the reordering: the French source everywhere
    assert quotes(store, "2024-04-15") == {"TASS": "r0", "AFP": "f0"}
    assert quotes(store, "2024-06-15") == {"TASS": "r0", "AFP": "f1"}
    append(store, {"type": "Corrected", "target": "s", "reason": "whole list", "reported": "2024-04-10",
                   "changes": {"sources": [{**FRA, "quote": "f2"}, {**RUS, "quote": "r2"}]}})
    assert quotes(store, "2024-04-15") == {"TASS": "r2", "AFP": "f2"}
    assert quotes(store, None) == {"TASS": "r2", "AFP": "f2"}


def correction(reported: str, changes: dict) -> dict:
    """A correction of the communiqué."""
    return {"type": "Corrected", "target": "s", "reason": "r", "reported": reported, "changes": changes}


def test_a_list_replaced_by_a_correction_public_earlier_leaves_paths_into_it_free(store):
    two_sources(store)
    append(store, correction("2024-04-05", {"sources": [RUS, FRA]}),
           correction("2024-06-01", {"sources.0.quote": "r1"}))
    append(store, correction("2024-04-10", {"sources.0.title": "opposes"}))  # the Russian source at every clock
    assert quotes(store, "2024-04-15") == {"TASS": "r0", "AFP": "f0"}
    assert quotes(store, None) == {"TASS": "r1", "AFP": "f0"}


def test_items_moved_by_item_paths_or_an_insertion_public_later_refuse_a_path_public_earlier(store):
    two_sources(store)
    append(store, correction("2024-05-01", {"sources.0": FRA, "sources.1": RUS}))  # a reordering, item by item
    assert "field 'changes.sources.0.quote'" in refusal(store, correction("2024-04-10", {"sources.0.quote": "f1"}))
    append(store, correction("2024-05-02", {"sources": [{**RUS, "publisher": "Reuters"}, FRA, RUS]}))
    assert "field 'changes.sources.2.quote'" in refusal(store, correction("2024-04-10", {"sources.2.quote": "r1"}))
    assert quotes(store, "2024-04-15") == {"TASS": "r0", "AFP": "f0"}


def test_a_path_is_free_where_nothing_public_later_moved_its_item_or_its_own_correction_gives_the_list(store):
    two_sources(store)
    append(store, correction("2024-05-01", {"sources.1": {**FRA, "title": "trade"}}))  # the French source's place only
    append(store, correction("2024-04-10", {"sources.0.quote": "r1"}))
    append(store, correction("2024-05-02", {"sources": [FRA, RUS]}))
    append(store, correction("2024-04-12", {"sources": [RUS, FRA], "sources.0.quote": "r2"}))  # its own list
    assert quotes(store, "2024-04-11") == {"TASS": "r1", "AFP": "f0"}
    assert quotes(store, "2024-04-15") == {"TASS": "r2", "AFP": "f0"}
