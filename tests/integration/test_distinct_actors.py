"""A contact or an agreement needs two different actors: two spellings of one actor are one."""

from __future__ import annotations

import io

import pytest

from domain.catalogue import OccurrenceRecorded
from domain.errors import InputRejected
from domain.occurrences import Occurrence
from store import batch
from store.interchange.export import Selection
from store.interchange.writers import write_jsonl
from store.jsonl import read_lines


def refusal(store, line: dict) -> str:
    """The one rejection of a line (nothing stored)."""
    with pytest.raises(InputRejected) as refused:
        store.append_objects([line])
    [rejection] = refused.value.rejections
    return str(rejection)


def test_a_contact_of_one_actor_under_two_names_is_refused_naming_the_field(seeded):
    contact = {"type": "ContactMade", "key": "self-call", "occurred": "2024-05-01", "mode": "phone",
               "participants": ["Shoigu", "sergei-shoigu"]}
    assert "field 'participants': must name at least two different actors" in refusal(seeded, contact)
    agreement = {"type": "AgreementSigned", "key": "self-deal", "occurred": "2024-05-01", "title": "x",
                 "parties": ["fra", "France"]}
    assert "field 'parties'" in refusal(seeded, agreement)


def test_a_correction_that_leaves_one_participant_is_refused(seeded):
    correction = {"type": "Corrected", "target": "2024-04-03-lecornu-shoigu-call", "reason": "x",
                  "changes": {"participants.0": "Shoigu"}}
    assert "field 'changes.participants'" in refusal(seeded, correction)


def test_a_contact_stored_before_the_rule_can_still_be_sent_again_and_corrected(seeded, monkeypatch):
    contact = {"type": "ContactMade", "key": "old-self-call", "occurred": "2024-05-01", "mode": "phone",
               "participants": ["Shoigu", "sergei-shoigu"]}
    monkeypatch.setattr(OccurrenceRecorded, "too_few_distinct", lambda self: None)  # as stored by older code
    monkeypatch.setattr(OccurrenceRecorded, "named_twice", lambda self: None)
    seeded.append_objects([contact])
    monkeypatch.undo()
    assert seeded.append_objects([contact]).duplicates == 1
    fix = {"type": "Corrected", "target": "old-self-call", "reason": "typo", "changes": {"summary": "a call"}}
    assert seeded.append_objects([fix]).appended == 1


def test_a_path_through_a_list_with_a_digit_that_is_not_ascii_is_refused_naming_it(seeded):
    correction = {"type": "Corrected", "target": "2024-04-03-lecornu-shoigu-call", "reason": "x",
                  "changes": {"participants.².x": "Shoigu"}}
    assert "field 'changes.participants.².x'" in refusal(seeded, correction)


def test_lines_stored_before_this_sessions_rules_are_duplicates_when_sent_again(seeded, monkeypatch):
    """Text of only spaces, a state holding an office, a correction naming a part twice: a store written by older
    code holds them, and its export appended to it must add nothing, not be refused whole."""
    old = [
        {"type": "AttackOccurred", "key": "blank-place", "occurred": "2024-05-01", "place": "  ",
         "topics": [" spaced "]},
        {"type": "OfficeTaken", "actor": "fra", "office": "Minister", "of": "rus", "rank": "minister",
         "from": "2020"},
        {"type": "Corrected", "target": "2024-04-03-russian-mod-communique", "reason": "r",
         "changes": {"claims.0.stance": "neutral", "claims.00.stance": "neutral"}},
    ]
    for name in ("_refuse_blank_text", "_check_office"):  # as stored by older code
        monkeypatch.setattr(batch, name, lambda *args, **kwargs: None)
    monkeypatch.setattr(Occurrence, "_refuse_same_part_twice", lambda *args, **kwargs: None)
    assert seeded.append_objects(old).appended == len(old)
    monkeypatch.undo()
    assert seeded.append_objects(old).duplicates == len(old)
    exported = io.BytesIO()
    write_jsonl(seeded.app, Selection(), exported)
    again = seeded.appender.append(read_lines(exported.getvalue().splitlines()))
    assert again.appended == 0 and not again.rejected
