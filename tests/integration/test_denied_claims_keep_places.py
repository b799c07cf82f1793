"""A denial names a claim by its place in the statement, so a correction never moves a claim to another place."""

from __future__ import annotations

import pytest

from domain.errors import InputRejected
from projections.disputes import disputes, disputes_from
from projections.positions import positions
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


DEU = {"subject": "deu", "topic": "dialogue", "stance": "supports", "quote": "Germany supports"}


def fix(target: str, reported: str, changes: dict) -> dict:
    """A correction of an occurrence, public from `reported`."""
    return {"type": "Corrected", "target": target, "reason": "r", "reported": reported, "changes": changes}


def rejection_of(store, line: dict) -> tuple[str, str]:
    """The field and reason of the one rejection of a line; the log is left as it was."""
    before = list(events(store.app))
    with pytest.raises(InputRejected) as caught:
        store.append_objects([line])
    assert list(events(store.app)) == before
    [rejection] = caught.value.rejections
    return rejection.field, rejection.reason


@pytest.mark.parametrize("swap", [{"claims": [FRA, RUS]}, {"claims.1": RUS}])
def test_claims_given_whole_public_before_a_correction_of_their_subjects_are_refused(denied, swap):
    """Checked against the claims with every correction applied, a whole list public earlier than a correction
    that swapped the subjects would, at clocks in between, put Russia's claim where France's denied one is."""
    denied.append_objects([fix("s", "2024-06-01", {"claims.0.subject": "fra", "claims.1.subject": "rus"})])
    field, reason = rejection_of(denied, fix("s", "2024-04-10", swap))
    assert field == ("changes.claims.0" if "claims" in swap else "changes.claims.1")
    assert "would be another one" in reason
    denied.append_objects([fix("s", "2024-06-02", swap)])  # public after it: the same claims at every clock
    assert denied_claims(denied, "2024-04-15") == [("fra", "opposes", "fra")]
    assert denied_claims(denied, "2024-06-01") == [("rus", "opposes", "fra")]  # the subject corrected in place


@pytest.mark.parametrize("changes", [
    {"claims.1": {**FRA, "stance": "condemns"}, "claims.1.subject": "deu"},
    {"claims": [RUS, FRA, DEU], "claims.1.subject": "deu"},
])
def test_a_whole_list_or_item_with_a_path_to_an_identifying_field_in_the_same_correction_is_taken(denied, changes):
    denied.append_objects([fix("s", "2024-05-01", changes)])
    assert denied_claims(denied, "2024-04-15") == [("fra", "opposes", "fra")]
    assert [subject for subject, _, _ in denied_claims(denied)] == ["deu"]


def test_a_denial_public_before_a_correction_added_the_claim_it_names_is_refused(denied):
    denied.append_objects([fix("s", "2024-06-01", {"claims": [RUS, FRA, DEU]})])
    late = {"type": "ClaimDenied", "key": "d2", "occurred": "2024-04-04", "reported": "2024-04-04",
            "denier": "deu", "denies": "s", "claim": 2}
    field, reason = rejection_of(denied, late)
    assert field == "claim" and "public only from 2024-06-01" in reason
    denied.append_objects([{**late, "reported": "2024-06-01"}])
    assert denied_claims(denied, "2024-05-01") == [("fra", "opposes", "fra")]
    assert denied_claims(denied) == [("fra", "opposes", "fra"), ("deu", "supports", "deu")]


@pytest.mark.parametrize(("denial", "changes", "field"), [
    ({"reported": "2024-04-04", "claim": 0}, {"claim": 2}, "changes.claim"),
    ({"reported": "2024-06-02", "claim": 2}, {"reported": "2024-04-04"}, "changes.reported"),
])
def test_a_correction_of_a_denial_that_would_name_a_claim_before_it_was_added_is_refused(denied, denial, changes,
                                                                                        field):
    denied.append_objects([fix("s", "2024-06-01", {"claims": [RUS, FRA, DEU]}),
                           {"type": "ClaimDenied", "key": "d2", "occurred": "2024-04-04", "denier": "deu",
                            "denies": "s", **denial}])
    got_field, reason = rejection_of(denied, fix("d2", "2024-04-05", changes))
    assert got_field == field and "public only from 2024-06-01" in reason
    denied.append_objects([fix("d2", "2024-04-05", {**changes, "claim": 1})])  # France's claim, there since April
    denied.append_objects([fix("d2", "2024-06-01", {"claim": 2})])  # public from when the claim was added
    assert ("deu", "supports", "deu") in denied_claims(denied, "2024-06-01")


def test_claims_added_later_leave_the_earlier_claims_and_the_added_ones_free_to_correct_earlier(store):
    """A correction that only added claims moved none, so a correction public before it is checked against the
    claims as they stand where it applies, with or without the added ones."""
    store.append_objects([
        {"type": "ActorRegistered", "key": "rus", "name": "Russia", "kind": "state"},
        {"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"},
        {"type": "ActorRegistered", "key": "deu", "name": "Germany", "kind": "state"},
        {"type": "StatementMade", "key": "s", "occurred": "2024-04-03", "reported": "2024-04-03",
         "speaker": "rus", "medium": "communique", "claims": [RUS]}])
    store.append_objects([{"type": "Corrected", "target": "s", "reason": "r", "changes": {"claims": [RUS, FRA]}}])
    store.append_objects([fix("s", "2024-04-03", {"claims": [RUS, FRA]})])  # the added claim, backdated
    store.append_objects([fix("s", "2024-06-01", {"claims": [RUS, FRA, DEU]})])
    store.append_objects([fix("s", "2024-04-10", {"claims.0.stance": "opposes"})])
    assert [p["stance"] for p in positions(store, actor="rus", known_at="2024-04-15")["positions"]] == ["opposes"]


def test_a_denials_corrections_are_checked_at_every_clock_where_they_apply(denied):
    denied.append_objects([{"type": "StatementMade", "key": "s2", "occurred": "2024-04-03", "reported": "2024-04-03",
                            "speaker": "deu", "medium": "communique", "claims": [DEU]}])
    denied.append_objects([fix("d", "2024-06-01", {"claim": 0})])
    field, reason = rejection_of(denied, fix("d", "2024-05-01", {"denies": "s2"}))  # s2 has no claim 1
    assert field == "changes.denies" and "claim 1 does not exist" in reason


def test_a_whole_number_given_as_a_float_is_checked_as_that_claim(denied):
    denied.append_objects([fix("s", "2024-06-01", {"claims": [RUS, FRA, DEU]})])
    field, reason = rejection_of(denied, fix("d", "2024-04-10", {"claim": 2.0}))
    assert field == "changes.claim" and "public only from 2024-06-01" in reason
