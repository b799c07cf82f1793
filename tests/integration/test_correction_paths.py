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
    """The quote of each position of Russia and France, from the views (equal to the replay's)."""
    answer = positions(store, known_at=known_at)
    assert answer == positions_from(Fold(store.app, Clocks.parse(None, known_at, None)), None, None)
    return {p["actor"]: p["quote"] for p in answer["positions"]}


def two_claims(store) -> None:
    """A communiqué with Russia's claim first and France's second."""
    append(store, {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
           {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
           {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
            "speaker": "rus", "medium": "communique",
            "claims": [{"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "r0"},
                       {"subject": "fra", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "f0"}]})


def test_a_path_correction_public_earlier_does_not_carry_in_a_later_one_of_the_same_field(store):
    two_claims(store)
    append(store, {"type": "Corrected", "target": "s", "reason": "a", "reported": "2024-05-01",
                   "changes": {"claims.0.quote": "r1"}})
    append(store, {"type": "Corrected", "target": "s", "reason": "b", "reported": "2024-04-10",
                   "changes": {"claims.1.quote": "f1"}})

    assert quotes(store, "2024-04-05") == {"rus": "r0", "fra": "f0"}
    assert quotes(store, "2024-04-15") == {"rus": "r0", "fra": "f1"}  # the May correction was not yet public
    assert quotes(store, None) == {"rus": "r1", "fra": "f1"}
    stored = [e.changes for _, e in events(store.app) if isinstance(e, Corrected)]
    assert stored == [{"claims.0.quote": "r1"}, {"claims.1.quote": "f1"}]


def test_a_path_into_a_part_an_unapplied_correction_added_changes_nothing_there(store):
    append(store, {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
           {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
            "speaker": "rus", "medium": "communique",
            "claims": [{"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "r0"}]})
    append(store, {"type": "Corrected", "target": "s", "reason": "a second claim", "reported": "2024-05-01",
                   "changes": {"claims": [
                       {"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "r0"},
                       {"subject": "Russia", "topic": "talks", "stance": "opposes", "quote": "t0"}]}})
    append(store, {"type": "Corrected", "target": "s", "reason": "typo", "reported": "2024-04-10",
                   "changes": {"claims.1.quote": "t1", "claims.0.quote": "r1"}})

    answer = positions(store, actor="rus", known_at="2024-04-15")
    assert answer == positions_from(Fold(store.app, Clocks.parse(None, "2024-04-15", None)), "rus", None)
    assert [(p["topic"], p["quote"]) for p in answer["positions"]] == [("dialogue", "r1")]
    assert [(p["topic"], p["quote"]) for p in positions(store, actor="rus")["positions"]] == \
        [("dialogue", "r1"), ("talks", "t1")]


REORDERED = {"type": "Corrected", "target": "s", "reason": "order", "reported": "2024-05-01",
             "changes": {"claims": [
                 {"subject": "fra", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "f0"},
                 {"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "r0"}]}}


def test_a_path_into_a_list_item_that_is_another_item_where_a_reordering_does_not_apply_is_refused(store):
    two_claims(store)
    append(store, REORDERED)
    before = list(events(store.app))
    fix = {"type": "Corrected", "target": "s", "reason": "typo", "reported": "2024-04-10",
           "changes": {"claims.0.quote": "f1"}}  # France's claim as the list now stands; Russia's before May
    with pytest.raises(InputRejected) as refused:
        store.append_objects([fix])
    [rejection] = refused.value.rejections
    assert "field 'changes.claims.0.quote'" in str(rejection)
    assert "as it was known on 2024-04-10" in str(rejection) and "correct the whole 'claims'" in str(rejection)
    assert list(events(store.app)) == before
    assert quotes(store, "2024-04-15") == {"rus": "r0", "fra": "f0"}


def test_a_path_into_a_reordered_list_is_taken_where_it_means_one_item_at_every_clock(store):
    two_claims(store)
    append(store, REORDERED)
    append(store, {"type": "Corrected", "target": "s", "reason": "typo", "reported": "2024-06-01",
                   "changes": {"claims.0.quote": "f1"}})  # public after the reordering: France's everywhere
    assert quotes(store, "2024-04-15") == {"rus": "r0", "fra": "f0"}
    assert quotes(store, "2024-06-15") == {"rus": "r0", "fra": "f1"}
    append(store, {"type": "Corrected", "target": "s", "reason": "whole list", "reported": "2024-04-10",
                   "changes": {"claims": [
                       {"subject": "fra", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "f2"},
                       {"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "r2"}]}})
    assert quotes(store, "2024-04-15") == {"rus": "r2", "fra": "f2"}
    assert quotes(store, None) == {"rus": "r2", "fra": "f2"}
