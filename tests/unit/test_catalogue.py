"""The catalogue validates every occurrence: unknown and missing fields, vocabularies, counts."""

from __future__ import annotations

import orjson
import pytest
from pydantic import ValidationError

from domain.catalogue import (
    OCCURRENCE_TYPES, ArrestsMade, AttackOccurred, ContactMade, StatementMade,
)
from tests.unit.helpers import make

CONTACT = {"occurred": "2024-04-03", "participants": ["fra", "rus"], "mode": "phone"}


def error_of(cls, **fields):
    with pytest.raises(ValidationError) as caught:
        make(cls, **fields)
    err = caught.value.errors()[0]
    return err["type"], ".".join(map(str, err["loc"]))


def test_a_valid_contact_keeps_its_fields_and_names_its_actors_in_order():
    contact = make(ContactMade, **CONTACT, initiated_by="fra")
    assert contact.actors() == ["fra", "rus", "fra"]


def test_an_unknown_field_is_refused_by_name():
    assert error_of(ContactMade, **CONTACT, colour="red") == ("extra_forbidden", "colour")


def test_a_missing_required_field_is_refused_by_name():
    fields = dict(CONTACT)
    del fields["mode"]
    assert error_of(ContactMade, **fields) == ("missing", "mode")


def test_a_contact_needs_two_participants():
    assert error_of(ContactMade, **{**CONTACT, "participants": ["fra"]})[1] == "participants"


def test_a_mode_outside_the_vocabulary_is_refused():
    assert error_of(ContactMade, **{**CONTACT, "mode": "telepathy"})[1] == "mode"


@pytest.mark.parametrize("field", ["killed", "injured"])
def test_negative_casualties_are_refused(field):
    assert error_of(AttackOccurred, occurred="2024", place="x", **{field: -1}) == ("greater_than_equal", field)


def test_a_count_too_large_to_store_is_refused():
    assert error_of(ArrestsMade, occurred="2024", authority="rus", count=2**63)[1] == "count"


def test_a_count_with_a_decimal_point_is_taken_only_while_it_is_exact():
    assert make(ArrestsMade, occurred="2024", authority="rus", count=41.0).count == 41
    assert make(ArrestsMade, occurred="2024", authority="rus", count=2**53 - 1).count == 2**53 - 1
    assert error_of(ArrestsMade, occurred="2024", authority="rus", count=9007199254740993.0)[1] == "count"


def test_a_statement_stance_outside_the_vocabulary_is_refused():
    claim = {"subject": "fra", "topic": "ukraine", "stance": "maybe"}
    kind, field = error_of(StatementMade, occurred="2024", speaker="rus", medium="communique", claims=[claim])
    assert field == "claims.0.stance"


def test_a_bare_perpetrator_is_alleged_and_a_bare_suspect_is_a_name():
    attack = make(AttackOccurred, occurred="2024", place="x", perpetrators=["islamic-state"])
    arrests = make(ArrestsMade, occurred="2024", authority="rus", count=1, suspects=["A. B."])
    assert attack.perpetrators[0].status == "alleged"
    assert arrests.suspects[0].name == "A. B."


def test_a_blank_topic_is_refused():
    assert error_of(ContactMade, **CONTACT, topics=["ukraine", " "])[1] == "topics"


def test_a_naive_occurred_datetime_is_refused_on_the_occurred_field():
    assert error_of(ContactMade, **{**CONTACT, "occurred": "2024-04-03T10:00"})[1] == "occurred"


def test_every_catalogue_type_is_listed_under_its_class_name():
    assert all(name == cls.__name__ for name, cls in OCCURRENCE_TYPES.items())
    assert len(OCCURRENCE_TYPES) == 13


def test_a_whole_number_past_64_bits_is_refused_as_too_large_however_it_is_written():
    """JSON readers hold 99999999999999999999999 as a float, as they do 1e23: both are too large, not inexact."""
    for text in (b"99999999999999999999999", b"1e23", b"9223372036854775808.0"):
        line = b'{"type":"ArrestsMade","occurred":"2024","authority":"rus","count":' + text + b"}"
        with pytest.raises(ValidationError) as refused:
            ArrestsMade.model_validate(orjson.loads(line))
        assert "at most 9223372036854775807" in str(refused.value), text
