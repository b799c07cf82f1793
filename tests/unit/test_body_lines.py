"""An HTTP body of JSON Lines is split into lines exactly as `geoevents append` splits a file."""

from __future__ import annotations

import io

from api.body import body_lines
from store.jsonl import read_lines

BODIES = [
    b'{"a":1}\n{"b":2}\n',
    b'{"a":1}\r\n\r\n{"b":2}',
    b'{"a":1}\r{"b":2}\n{"c":3}',  # a lone CR ends no line: line 1 is refused as it is by the CLI
    b'\n\n{"a":1}\x0b{"b":2}\n',
]


def test_http_and_the_cli_number_and_parse_the_same_lines():
    for body in BODIES:
        http = [(line.number, line.data, line.error is None) for line in body_lines("application/x-ndjson", body)]
        cli = [(line.number, line.data, line.error is None) for line in read_lines(io.BytesIO(body))]
        assert http == cli, body
