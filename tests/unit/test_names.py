"""Folding names: case, diacritics and punctuation do not matter when an actor is looked up."""

from __future__ import annotations

from domain.names import fold_name, is_wikidata_id, nearest_names


def test_three_spellings_of_choigou_fold_to_one_name():
    assert {fold_name(n) for n in ["Sergueï Choïgou", "SERGUEI  CHOIGOU", "serguei-choigou"]} == {"serguei choigou"}


def test_punctuation_and_underscores_fold_to_single_spaces():
    assert fold_name("  Ministère_des   Armées! ") == "ministere des armees"


def test_a_wikidata_id_is_q_followed_by_digits():
    assert is_wikidata_id("Q142") and is_wikidata_id("q159")
    assert not is_wikidata_id("Q") and not is_wikidata_id("Q0") and not is_wikidata_id("France")


def test_the_nearest_known_names_are_suggested_for_a_misspelling():
    assert nearest_names("Shoygu", ["Shoigu", "Lavrov", "Lecornu"]) == ["Shoigu"]


def test_nothing_is_suggested_for_a_name_far_from_every_known_one():
    assert nearest_names("Zxqv", ["Shoigu", "Lavrov"]) == []
