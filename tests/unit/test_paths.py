"""Dotted paths: which spellings name one part of a record."""

from __future__ import annotations

from domain.paths import canonical_path, same_part_twice

RECORD = {"claims": [{"stance": "supports"}, {"stance": "opposes"}], "provenance": {"row": {"00": "a", "0": "b"}}}


def test_a_list_index_is_a_number_so_its_leading_zeros_name_the_same_item():
    assert canonical_path(RECORD, "claims.01.stance") == "claims.1.stance"
    assert canonical_path(RECORD, "claims.000") == "claims.0"
    assert same_part_twice(RECORD, ["claims.1.stance", "claims.0", "claims.01.stance"]) == \
        ("claims.01.stance", "claims.1.stance")


def test_a_key_of_an_object_is_text_so_00_and_0_are_two_parts():
    assert canonical_path(RECORD, "provenance.row.00") == "provenance.row.00"
    assert same_part_twice(RECORD, ["provenance.row.00", "provenance.row.0"]) is None


def test_a_path_past_the_record_or_an_item_it_lacks_keeps_the_rest_as_spelled():
    assert canonical_path(RECORD, "claims.07.stance") == "claims.7.stance"
    assert canonical_path(RECORD, "summary.01") == "summary.01"
