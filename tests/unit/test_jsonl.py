"""Reading JSON Lines: every unreadable line is located and explained, never half-read."""

from __future__ import annotations

import io

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
    (b'{"sources":[{"publisher":"AFP", "publisher" : "Reuters"}]}', "sources.0.publisher"),
    (b'{"claims":[{"topic":"t"},{"topic":"t","topic":"u"}]}', "claims.1.topic"),
    (b'{"changes":{"killed":1,"killed":2}}', "changes.killed"),
    (b'{"x":["a,b",[1,2],{"q":1,"q":2}]}', "x.2.q"),
    (b'{"\\u006bey":"a","key":"b"}', "key"),
    (b'{"occurred"\n:"2024","occurred"\n:"2030"}', "occurred"),  # whitespace before the colon: a body over HTTP
    (b'{"occurred"\r\n\t :"2024","occurred":"2030"}', "occurred"),
])
def test_a_key_repeated_in_one_object_is_reported_by_its_path(raw, key):
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


def test_an_endless_line_is_refused_without_reading_it_whole_and_the_next_line_is_read():
    """A stream is read a bounded length at a time: the long line is cut, the rest of it skipped."""
    from store.jsonl import MAX_LINE_BYTES

    class Counting(io.BytesIO):
        largest = 0

        def readline(self, size=-1):
            line = super().readline(size)
            Counting.largest = max(Counting.largest, len(line))
            return line

    body = b"x" * (3 * MAX_LINE_BYTES) + b"\n" + b'{"a":1}\n'
    first, second = read_lines(Counting(body))
    assert first.number == 1 and "line longer than" in first.error.reason and len(first.text) == 200
    assert second.number == 2 and second.data == {"a": 1}
    assert Counting.largest == MAX_LINE_BYTES + 1


def test_a_line_of_the_longest_length_is_read_whole():
    from store.jsonl import MAX_LINE_BYTES
    raw = b'{"a":"' + b"x" * (MAX_LINE_BYTES - 8) + b'"}'
    assert len(raw) == MAX_LINE_BYTES
    [line] = read_lines(io.BytesIO(raw + b"\n"))
    assert line.error is None and len(line.data["a"]) == MAX_LINE_BYTES - 8


def test_the_limit_is_on_the_line_without_its_line_break_or_trailing_blanks():
    """Blanks after the limit are read a MiB at a time and dropped."""
    from store.jsonl import MAX_LINE_BYTES
    raw = b'{"a":"' + b"x" * (MAX_LINE_BYTES - 8) + b'"}'
    for ending in (b"\r\n", b"  \r\n", b" " * (3 << 20) + b"\n", b"\t"):
        [line] = read_lines(io.BytesIO(raw + ending))
        assert line.error is None, ending[:4]
    [line] = read_lines(io.BytesIO(raw + b" " * (3 << 20) + b"x\n"))
    assert "line longer than" in line.error.reason


def test_blanks_before_a_line_do_not_count_against_its_limit_and_are_not_held():
    from store.jsonl import MAX_LINE_BYTES
    small, large = b'{"a":1}', b'{"a":"' + b"x" * (MAX_LINE_BYTES - 8) + b'"}'
    for raw in (b" " * (5 << 20) + small, b"\t" * (2 << 20) + large, b" " * (5 << 20) + large + b" " * 10):
        first, second = read_lines(io.BytesIO(raw + b"\n" + small + b"\n"))
        assert first.error is None and second.data == {"a": 1}
    [line] = read_lines(io.BytesIO(b" " * (5 << 20) + large + b"x\n"))
    assert "line longer than" in line.error.reason
