"""Dotted paths into a record's fields: one spelling per path."""

from __future__ import annotations

from domain.paths import parts


def test_a_path_is_kept_in_one_spelling_whatever_the_zeros_of_its_indexes():
    whole = {"claims": [{"stance": "a"}, {"stance": "b"}], "provenance": {"row": {"007": "x"}}}
    assert parts(whole, ["claims.01.stance", "provenance.row.007", "claims"]) == \
        {"claims.1.stance": "b", "provenance.row.007": "x", "claims": whole["claims"]}
