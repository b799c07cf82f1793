"""JSON Lines, the native format: reading lines safely and rendering stored events as lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import orjson

from domain.base import DomainEvent
from domain.catalogue import OccurrenceRecorded
from domain.errors import InvalidInput

MAX_LINE_BYTES = 64 * 1024 * 1024


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
    return Line(number, data, None, raw)


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
