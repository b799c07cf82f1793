"""Hypothesis fuzzes the JSON Lines reader: any bytes give parsed objects or located errors, never an exception."""

from __future__ import annotations

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput
from store.jsonl import read_lines

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
OBJECTS = st.dictionaries(st.text(max_size=10), JSON, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=8))
def test_any_bytes_give_one_parsed_object_or_one_located_error_per_non_blank_line(raw_lines):
    stream = [line + b"\n" for line in raw_lines]
    parsed = list(read_lines(stream))
    expected = [n for n, line in enumerate(stream, start=1) if line.strip()]
    assert [line.number for line in parsed] == expected
    for line in parsed:
        assert (line.data is None) != (line.error is None)
        if line.error is not None:
            assert isinstance(line.error, InvalidInput) and line.error.line == line.number
        else:
            assert isinstance(line.data, dict)


@settings(max_examples=60, deadline=None)
@given(st.lists(OBJECTS, min_size=1, max_size=5))
def test_objects_written_as_json_lines_read_back_equal(objects):
    stream = [orjson.dumps(obj) + b"\n" for obj in objects]
    assert [line.data for line in read_lines(stream)] == objects


@settings(max_examples=60, deadline=None)
@given(OBJECTS, st.data())
def test_a_damaged_line_is_located_and_never_raises(obj, data):
    raw = bytearray(orjson.dumps(obj))
    cut = data.draw(st.integers(0, len(raw)))
    noise = data.draw(st.binary(max_size=4))
    damaged = bytes(raw[:cut]) + noise + bytes(raw[cut + data.draw(st.integers(0, 3)):])
    for line in read_lines([b"{}\n", damaged + b"\n"]):
        assert line.number in (1, 2)
        assert line.error is None or line.error.line == line.number


def _render(node, draw_sep, ascii_only):
    """JSON text of a node whose objects are lists of (key, value) pairs, repeats allowed."""
    import json

    if isinstance(node, tuple):
        items = [json.dumps(k, ensure_ascii=ascii_only) + draw_sep + _render(v, draw_sep, ascii_only) for k, v in node]
        return "{" + ",".join(items) + "}"
    if isinstance(node, list):
        return "[" + ",".join(_render(v, draw_sep, ascii_only) for v in node) + "]"
    return json.dumps(node, ensure_ascii=ascii_only)


PAIRED = st.recursive(
    st.none() | st.integers(-1000, 1000) | st.text(max_size=6),
    lambda children: st.lists(children, max_size=3)
    | st.lists(st.tuples(st.sampled_from(["a", "b", "é", 'q"', "\\", "a:"]), children), max_size=4).map(tuple),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "é", 'q"', "\\", "a:"]), PAIRED), max_size=4).map(tuple),
       st.sampled_from([":", " :", ": ", "\t:"]), st.booleans())
def test_a_repeated_key_is_reported_exactly_when_one_object_repeats_a_key(top, sep, ascii_only):
    import json

    repeats: list[str] = []

    def pairs(items):
        keys = [k for k, _ in items]
        repeats.extend(k for i, k in enumerate(keys) if k in keys[:i])
        return dict(items)

    text = _render(top, sep, ascii_only).encode()
    json.loads(text, object_pairs_hook=pairs)
    line = next(read_lines([text]))
    if repeats:
        field = line.error.field if line.error is not None else None
        assert field is not None and any(field == k or field.endswith("." + k) for k in repeats)  # by its path
    else:
        assert line.error is None
