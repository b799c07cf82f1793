"""JSON Lines, the native format: reading lines safely and rendering stored events as lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import json
import re

import orjson

from domain.base import DomainEvent
from domain.catalogue import OccurrenceRecorded
from domain.errors import InvalidInput

MAX_LINE_BYTES = 64 * 1024 * 1024
_KEY_END = re.compile(rb'"\s*:')


@dataclass(frozen=True)
class Line:
    """One input line: its 1-based number, the parsed object (or None) and the parse error."""

    number: int
    data: dict[str, Any] | None
    error: InvalidInput | None = None
    text: bytes = b""


def parse_line(number: int, raw: bytes) -> Line:
    """Decode one line of JSON Lines into an object, or a located error naming what is wrong."""
    if len(raw) > MAX_LINE_BYTES:
        return Line(number, None, InvalidInput(f"line longer than {MAX_LINE_BYTES} bytes", line=number), raw[:200])
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Line(number, None, InvalidInput(f"invalid UTF-8 at byte {e.start + 1}", line=number), raw)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        return Line(number, None, InvalidInput(f"not JSON: {e}", line=number), raw)
    if not isinstance(data, dict):
        return Line(number, None, InvalidInput(f"expected a JSON object, got {type(data).__name__}",
                                               line=number), raw)
    repeated = duplicate_key(raw, data)
    if repeated is not None:
        return Line(number, None, InvalidInput(f"key '{repeated}' appears twice in one JSON object",
                                               line=number, field=repeated), raw)
    return Line(number, data, None, raw)


def _count_keys(value: Any) -> int:
    """Count the keys of every object nested in a parsed JSON value."""
    if type(value) is dict:
        return len(value) + sum([_count_keys(v) for v in value.values() if type(v) is dict or type(v) is list])
    if type(value) is list:
        return sum([_count_keys(v) for v in value if type(v) is dict or type(v) is list])
    return 0


def duplicate_key(raw: bytes, data: Any) -> str | None:
    """Return a key repeated inside one JSON object of a line (orjson keeps the last silently), or None.

    Cheap on the normal path: every key ends with `"` then `:`, so when the line holds no more such
    marks than the parsed objects hold keys, no key can repeat; only otherwise is the line re-parsed.
    """
    marks = raw.count(b'":')
    if b'" ' in raw or b'"\t' in raw or b'"\r' in raw:
        marks = len(_KEY_END.findall(raw))
    if marks <= _count_keys(data):
        return None
    repeated: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """Note every key seen twice in one object, then build the object."""
        seen: set[str] = set()
        repeated.extend(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return dict(pairs)

    json.loads(raw, object_pairs_hook=pairs_hook)
    return repeated[0] if repeated else None


def read_lines(stream: BinaryIO | Iterable[bytes]) -> Iterator[Line]:
    """Yield the non-blank lines of a binary stream, parsed, numbered from 1."""
    for number, raw in enumerate(stream, start=1):
        stripped = raw.strip()
        if stripped:
            yield parse_line(number, stripped)


def event_to_line(event: DomainEvent) -> dict[str, Any]:
    """Render a stored event as its JSON Lines object: type, store id and recorded, then fields."""
    line: dict[str, Any] = {"type": type(event).__name__}
    if isinstance(event, OccurrenceRecorded):
        line["id"] = str(event.originator_id)
    line.update(event.payload())
    line["recorded"] = event.timestamp.isoformat()
    return line


def dumps_line(obj: dict[str, Any]) -> bytes:
    """Serialise one object as a JSON Lines line (UTF-8, newline-terminated)."""
    return orjson.dumps(obj) + b"\n"
