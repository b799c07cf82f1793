"""COPY text for PostgreSQL view rows: the one-block fast path renders exactly what value-by-value rendering does."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from projections.pgdialect import copy_field, copy_text

values = st.none() | st.integers(-(2**63), 2**63 - 1) | st.text() | st.sampled_from(
    ["\\N", "\\", "a\tb", "a\nb", "a\rb", "\x00", "\ue000", "\ue0000", "ends\\"])


@given(st.lists(st.lists(values, min_size=1, max_size=6).map(tuple), min_size=1, max_size=8))
def test_the_fast_path_equals_value_by_value_rendering(rows):
    expected = "".join("\t".join(copy_field(v) for v in row) + "\n" for row in rows).encode()
    assert copy_text(rows) == expected


def test_a_value_of_another_type_is_refused_on_both_paths():
    for rows in ([(1, True)], [(1, "a\tb", 5.0)]):
        with pytest.raises(TypeError, match="COPY text"):
            copy_text(rows)
