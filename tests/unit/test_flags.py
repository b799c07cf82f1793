"""Flag values become JSON Lines fields: FIELD=VALUE, dotted paths, sources and claims."""

from __future__ import annotations

import pytest

from cli.flags import assignment, claim, field_value, json_or_text, perpetrator, source, suspect
from domain.paths import set_path
from domain.catalogue import AttackOccurred
from domain.errors import InvalidInput


@pytest.mark.parametrize(("text", "value"), [("144", 144), ("null", None), ('["a","b"]', ["a", "b"]),
                                             ("phone", "phone"), ('"2024"', "2024")])
def test_a_value_is_json_when_valid_else_text(text, value):
    assert json_or_text(text) == value


def test_a_text_field_keeps_a_bare_year_as_text_but_a_count_is_a_number():
    assert field_value(AttackOccurred, "occurred", "2024") == "2024"
    assert field_value(AttackOccurred, "killed", "144") == 144
    assert field_value(AttackOccurred, "method", "null") is None


def test_an_assignment_needs_an_equals_sign():
    assert assignment("sources.0.url=https://x.org/a=b") == ("sources.0.url", "https://x.org/a=b")
    with pytest.raises(InvalidInput):
        assignment("killed")


def test_a_dotted_path_sets_a_nested_field_in_place():
    obj = {"claims": [{"stance": "supports"}]}
    set_path(obj, "claims.0.stance", "denies")
    set_path(obj, "provenance.dataset", "icews")
    assert obj == {"claims": [{"stance": "denies"}], "provenance": {"dataset": "icews"}}


def test_a_dotted_path_to_a_missing_list_item_is_refused():
    with pytest.raises(InvalidInput, match="no item 3"):
        set_path({"claims": []}, "claims.3.stance", "x")


def test_a_source_is_a_publisher_with_an_optional_url():
    assert source("AFP") == {"publisher": "AFP"}
    assert source("AFP,https://afp.com/a") == {"publisher": "AFP", "url": "https://afp.com/a"}
    assert source("Smith, Jones & Co") == {"publisher": "Smith, Jones & Co"}


def test_a_claim_has_subject_topic_stance_and_a_quote_that_may_hold_colons():
    assert claim("France:ukraine:ready-to-negotiate:said: ready") == {
        "subject": "France", "topic": "ukraine", "stance": "ready-to-negotiate", "quote": "said: ready"}
    with pytest.raises(InvalidInput, match=r"SUBJECT:TOPIC:STANCE\[:QUOTE\]"):
        claim("France:ukraine")


def test_perpetrators_and_suspects_take_an_optional_second_part():
    assert perpetrator("IS:claimed") == {"actor": "IS", "status": "claimed"}
    assert suspect("A. B.") == {"name": "A. B."}
    assert suspect("Abu: Nidal:Tajikistan") == {"name": "Abu: Nidal", "nationality": "Tajikistan"}
