"""An HTTP body of JSON Lines is split into lines exactly as `geoevents append` splits a file."""

from __future__ import annotations

import io

import pytest
from fastapi import HTTPException

from api.body import body_reader, bounded_lines
from store.jsonl import read_lines

BODIES = [
    b'{"a":1}\n{"b":2}\n',
    b'{"a":1}\r\n\r\n{"b":2}',
    b'{"a":1}\r{"b":2}\n{"c":3}',  # a lone CR ends no line: line 1 is refused as it is by the CLI
    b'\n\n{"a":1}\x0b{"b":2}\n',
]


def test_http_and_the_cli_number_and_parse_the_same_lines():
    for body in BODIES:
        http = [(line.number, line.data, line.error is None) for line in body_reader("application/x-ndjson")(body)]
        cli = [(line.number, line.data, line.error is None) for line in read_lines(io.BytesIO(body))]
        assert http == cli, body


def test_a_body_of_more_lines_than_the_limit_is_refused_whole():
    lines = body_reader("application/x-ndjson")(b"{}\n" * 11)
    with pytest.raises(HTTPException) as caught:
        bounded_lines(lines, 10)
    assert caught.value.status_code == 413 and "more than 10 lines" in caught.value.detail
    assert len(bounded_lines(body_reader("application/x-ndjson")(b"{}\n" * 10), 10)) == 10


def test_one_json_event_may_span_lines_and_a_blank_body_holds_none():
    [line] = bounded_lines(body_reader("application/json")(b'{"type":\n"ContactMade"}\n'), 10)
    assert line.data == {"type": "ContactMade"}
    assert bounded_lines(body_reader("application/json; charset=utf-8")(b" \n"), 10) == []
