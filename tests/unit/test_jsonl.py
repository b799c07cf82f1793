"""Reading JSON Lines: every unreadable line is located and explained, never half-read."""

from __future__ import annotations

import pytest

from store.jsonl import duplicate_key, parse_line, read_lines


def test_invalid_utf8_is_reported_with_the_byte():
    raw = b'{"type":"ContactMade","summary":"caf\xe9"}'
    line = parse_line(3, raw)
    byte = raw.index(b"\xe9") + 1
    assert line.data is None and line.error.line == 3 and f"invalid UTF-8 at byte {byte}" in line.error.reason


@pytest.mark.parametrize("raw", [b"{not json}", b'{"type": "ContactMade"', b"{'a': 1}"])
def test_a_line_that_is_not_json_is_reported(raw):
    assert "not JSON" in parse_line(1, raw).error.reason


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"42"])
def test_a_json_value_that_is_not_an_object_is_reported(raw):
    assert "expected a JSON object" in parse_line(1, raw).error.reason


@pytest.mark.parametrize(("raw", "key"), [
    (b'{"type":"ContactMade","killed":1,"killed":2}', "killed"),
    (b'{"sources":[{"publisher":"AFP", "publisher" : "Reuters"}]}', "publisher"),
    (b'{"\\u006bey":"a","key":"b"}', "key"),
    (b'{"occurred"\n:"2024","occurred"\n:"2030"}', "occurred"),  # whitespace before the colon: a body over HTTP
    (b'{"occurred"\r\n\t :"2024","occurred":"2030"}', "occurred"),
])
def test_a_key_repeated_in_one_object_is_reported_by_name(raw, key):
    line = parse_line(7, raw)
    assert line.data is None and line.error.field == key and line.error.line == 7


@pytest.mark.parametrize("raw", [
    b'{"quote":"he said \\": twice\\": here","a":1}',
    b'{"sources":[{"publisher":"AFP"},{"publisher":"Reuters"}]}',
    b'{"a":{"b":1},"b":{"a":2}}',
])
def test_the_same_key_in_different_objects_or_inside_text_is_not_a_repeat(raw):
    line = parse_line(1, raw)
    assert line.error is None and duplicate_key(raw, line.data) is None


def test_blank_lines_are_skipped_but_counted():
    lines = list(read_lines([b'{"a":1}\n', b"\n", b"  \n", b'{"b":2}\n']))
    assert [line.number for line in lines] == [1, 4]


def test_nesting_at_the_parsers_limit_is_checked_for_repeated_keys_without_recursion():
    deep = b'{"k":' * 1000 + b"1" + b"}" * 1000
    assert parse_line(1, b'{"a":' + deep + b',"a":2}').error.field == "a"
    assert parse_line(1, b'{"a":' + deep + b',"b":' + deep + b"}").error is None
    assert parse_line(1, b'{"a":' + b"[" * 1000 + b"]" * 1000 + b"}").error is None
