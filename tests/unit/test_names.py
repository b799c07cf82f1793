"""Folding names: case, diacritics and punctuation do not matter when an actor is looked up."""

from __future__ import annotations

from domain.names import fold_name, is_wikidata_id, name_folds, nearest_names


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


def test_letters_without_a_decomposition_fold_to_their_latin_spelling():
    assert fold_name("Lech Wałęsa") == fold_name("LECH WALESA") == "lech walesa"
    assert fold_name("Jonas Gahr Støre") == "jonas gahr store"
    assert fold_name("Milo Đukanović") == "milo dukanovic"
    assert fold_name("Kılıçdaroğlu") == "kilicdaroglu"
    assert fold_name("Þórðarson") == "thordarson"


def test_a_name_with_such_letters_may_also_be_claimed_under_its_older_form_which_comes_first():
    assert name_folds("Lech Wałęsa") == ("lech wałesa", "lech walesa")
    assert name_folds("Sergueï Choïgou") == ("serguei choigou",)
