"""A denial names a claim by its place in the statement, so a correction never moves a claim to another place."""

from __future__ import annotations

import pytest

from domain.errors import InputRejected
from projections.disputes import disputes, disputes_from
from projections.replay import Fold
from projections.timeclock import Clocks
from store.reading import events

RUS = {"subject": "rus", "topic": "dialogue", "stance": "ready-to-negotiate", "quote": "we are open"}
FRA = {"subject": "fra", "topic": "dialogue", "stance": "opposes", "quote": "France refuses"}


@pytest.fixture
def denied(store):
    """A Russian communiqué with two claims, France's second, and France's denial of that claim."""
    store.append_objects([
        {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
        {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
        {"type": "ActorRegistered", "key": "deu", "name": "Germany", "kind": "state"},
        {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
         "speaker": "rus", "medium": "communique", "claims": [RUS, FRA]},
        {"type": "ClaimDenied", "key": "d", "occurred": "2024-04-04", "reported": "2024-04-04", "denier": "fra",
         "denies": "s", "claim": 1, "quote": "we said no such thing"}])
    return store


def denied_claims(store, known_at: str | None = None) -> list[tuple[str, str, str]]:
    """Each denied claim as (subject, stance, denier), from the views (equal to the replay's)."""
    answer = disputes(store, known_at=known_at)
    assert answer == disputes_from(Fold(store.app, Clocks.parse(None, known_at, None)), None)
    return [(d["subject"], d["stance"], denial["denier"]) for d in answer["disputes"] for denial in d["denials"]]


def refused(store, changes: dict) -> tuple[str, str]:
    """The field and reason of the one rejection of a correction of the communiqué; the log is left as it was."""
    before = list(events(store.app))
    with pytest.raises(InputRejected) as caught:
        store.append_objects([{"type": "Corrected", "target": "s", "reason": "r", "reported": "2024-05-01",
                               "changes": changes}])
    assert list(events(store.app)) == before
    [rejection] = caught.value.rejections
    return rejection.field, rejection.reason


@pytest.mark.parametrize(("changes", "field", "becomes"), [
    ({"claims": [FRA, RUS]}, "changes.claims.0", "would be another one (subject 'fra', topic 'dialogue')"),
    ({"claims": [RUS]}, "changes.claims.1", "would be gone"),
    ({"claims": [RUS, {**FRA, "subject": "Germany"}]}, "changes.claims.1", "another one (subject 'deu'"),
    ({"claims.1": {**FRA, "topic": "sanctions"}}, "changes.claims.1", "another one (subject 'fra', topic 'sanctions')"),
    ({"claims.0": FRA, "claims.1": RUS}, "changes.claims.0", "another one (subject 'fra', topic 'dialogue')"),
])
def test_a_correction_that_would_move_a_denied_claim_or_take_it_away_is_refused(denied, changes, field, becomes):
    got_field, reason = refused(denied, changes)
    assert got_field == field and becomes in reason
    assert "a denial names a claim by its index" in reason and "retract the record and record it again" in reason
    assert denied_claims(denied) == [("fra", "opposes", "fra")]
    assert denied_claims(denied, "2024-06-01") == [("fra", "opposes", "fra")]


def test_a_correction_that_keeps_every_claim_at_its_place_is_taken_and_the_denial_keeps_its_claim(denied):
    denied.append_objects([
        {"type": "Corrected", "target": "s", "reason": "stance misread", "reported": "2024-05-01",
         "changes": {"claims": [RUS, {**FRA, "stance": "condemns"},
                                {"subject": "deu", "topic": "dialogue", "stance": "supports"}]}},
        {"type": "Corrected", "target": "s", "reason": "the subject was Germany", "reported": "2024-06-01",
         "changes": {"claims.1.subject": "Germany"}}])  # a path corrects the claim where it stands
    assert denied_claims(denied, "2024-04-15") == [("fra", "opposes", "fra")]
    assert denied_claims(denied, "2024-05-15") == [("fra", "condemns", "fra")]
    assert denied_claims(denied) == [("deu", "condemns", "fra")]


def test_a_statement_without_denials_keeps_its_claims_at_their_places_too(store):
    """The rule does not depend on the denials the store holds now: one may be recorded later, and a writer
    elsewhere may be recording one at this moment."""
    store.append_objects([
        {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
        {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
        {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "speaker": "rus", "medium": "communique",
         "claims": [RUS, FRA]}])
    field, reason = refused(store, {"claims": [FRA, RUS]})
    assert field == "changes.claims.0" and "may not reorder, replace or remove them" in reason
