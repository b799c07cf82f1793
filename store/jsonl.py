"""JSON Lines, the native format: reading lines safely and rendering stored events as lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import re

import orjson

from domain.base import DomainEvent
from domain.catalogue import OccurrenceRecorded
from domain.errors import InvalidInput

MAX_LINE_BYTES = 4 * 1024 * 1024
"""Longest input line (one event): far above any real record, and well under the ~10 MB message on which
psycopg's pipeline mode hangs a PostgreSQL writer holding the events table's lock."""
_KEY_END = re.compile(rb'"\s*:')
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"\s*:?|[{}\[\],]')


@dataclass(frozen=True)
class Line:
    """One input line: its 1-based number, the parsed object (or None) and the parse error."""

    number: int
    data: dict[str, Any] | None
    error: InvalidInput | None = None
    text: bytes = b""


def _too_long(number: int, raw: bytes) -> Line:
    """The refusal of a line longer than MAX_LINE_BYTES, keeping its first 200 bytes to show."""
    return Line(number, None, InvalidInput(f"line longer than {MAX_LINE_BYTES} bytes", line=number), raw[:200])


def parse_line(number: int, raw: bytes) -> Line:
    """Decode one line of JSON Lines into an object, or a located error naming what is wrong."""
    if len(raw) > MAX_LINE_BYTES:
        return _too_long(number, raw)
    try:
        data = orjson.loads(raw)  # orjson refuses invalid UTF-8, so valid JSON needs no separate check
    except orjson.JSONDecodeError as e:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            return Line(number, None, InvalidInput(f"invalid UTF-8 at byte {bad.start + 1}", line=number), raw)
        return Line(number, None, InvalidInput(f"not JSON: {e}", line=number), raw)
    if not isinstance(data, dict):
        return Line(number, None, InvalidInput(f"expected a JSON object, got {type(data).__name__}",
                                               line=number), raw)
    repeated = duplicate_key(raw, data)
    if repeated is not None:
        return Line(number, None, InvalidInput("this key appears twice in one JSON object", line=number,
                                               field=repeated), raw)
    return Line(number, data, None, raw)


def _compact(value: Any) -> bytes | None:
    """orjson's compact rendering of a parsed value, or None when orjson cannot render it (too deep)."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return None


def _count_keys(value: Any, compact: bytes | None) -> int:
    """Count the keys of every object nested in a parsed JSON value (iteratively: nesting may be deep).

    Fast path: in its compact rendering without escapes every `"` delimits a string, so each `":`
    ends a key; only text with escapes (or too deep for orjson) is walked object by object.
    """
    if compact is not None and b"\\" not in compact:
        return compact.count(b'":')
    count, stack = 0, [value]
    while stack:
        node = stack.pop()
        children = node.values() if type(node) is dict else node
        if type(node) is dict:
            count += len(node)
        stack.extend(c for c in children if type(c) is dict or type(c) is list)
    return count


def duplicate_key(raw: bytes, data: Any) -> str | None:
    """Return a key repeated inside one JSON object of a line (orjson keeps the last silently), or None.

    Cheap on the normal path: a line written exactly as orjson renders its value has no repeated key
    (orjson never writes one); otherwise every key ends with `"` then `:`, so when the line holds no
    more such marks than the parsed objects hold keys, no key can repeat; only then is it scanned.
    """
    compact = _compact(data)
    if compact == raw:
        return None
    marks = raw.count(b'":')
    if b'" ' in raw or b'"\t' in raw or b'"\r' in raw or b'"\n' in raw:  # JSON's whitespace (a body over HTTP)
        marks = len(_KEY_END.findall(raw))
    if marks <= _count_keys(data, compact):
        return None
    return _first_repeated_key(raw)


def _first_repeated_key(raw: bytes) -> str | None:
    """Scan a valid JSON text for a key repeated within one object (iteratively, any depth); return its path as
    fields are named (`claims.1.topic`)."""
    seen: list[set[str] | None] = []  # per open object its keys so far; None for an array
    at: list[str | int] = []  # per open object the key whose value is being read, per array the item's index
    for match in _TOKEN.finditer(raw):
        token = match.group()
        if token == b"{":
            seen.append(set())
            at.append("")
        elif token == b"[":
            seen.append(None)
            at.append(0)
        elif token in (b"}", b"]"):
            seen.pop()
            at.pop()
        elif token == b",":
            if seen and seen[-1] is None:
                at[-1] = int(at[-1]) + 1
        elif token.endswith(b":"):
            name = orjson.loads(token[:token.rindex(b'"') + 1])
            keys = seen[-1]
            assert keys is not None  # a key is read inside an object
            if name in keys:
                return ".".join(str(part) for part in [*at[:-1], name])
            keys.add(name)
            at[-1] = name
    return None


def read_lines(stream: BinaryIO | Iterable[bytes]) -> Iterator[Line]:
    """Yield the non-blank lines of a binary stream, parsed, numbered from 1 (a stream is read a bounded length
    at a time: `_bounded`)."""
    raws = _bounded(stream) if hasattr(stream, "readline") else ((raw, False) for raw in stream)
    for number, (raw, cut) in enumerate(raws, start=1):
        if cut:
            yield _too_long(number, raw)
            continue
        stripped = raw.strip()
        if stripped:
            yield parse_line(number, stripped)


def _bounded(stream: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """Yield each line of a stream with whether it was cut: a line longer than MAX_LINE_BYTES without the blanks
    around it is read only that far and the rest of it skipped a MiB at a time, so one endless line cannot fill
    memory (blanks before the line are dropped as they are read, blanks after it cut nothing)."""
    limit = MAX_LINE_BYTES + 1
    while raw := stream.readline(limit):
        line, cut = raw, False
        while not line.endswith(b"\n"):
            line = line.lstrip(b" \t\r") if line[:1] in (b" ", b"\t", b"\r") else line
            if len(line) >= limit:  # as long as allowed and more: only blanks may follow
                rest = line
                while rest and not rest.endswith(b"\n"):
                    rest = stream.readline(1 << 20)
                    cut = cut or bool(rest.strip())
                break
            more = stream.readline(limit - len(line))
            if not more:
                break
            line += more
        yield line, cut


def event_to_line(event: DomainEvent) -> dict[str, Any]:
    """Render a stored event as its JSON Lines object: type, store id and recorded, then fields."""
    line: dict[str, Any] = {"type": type(event).__name__}
    if isinstance(event, OccurrenceRecorded):
        line["id"] = str(event.originator_id)
    line.update(event.payload())
    line["recorded"] = event.timestamp.isoformat()
    return line


def portable_line(event: DomainEvent) -> dict[str, Any]:
    """Render a stored event for another store: as `event_to_line`, with a record's or a correction's `reported`
    made explicit where it had none (it was public from when this store recorded it, and another store would
    take it as public from when it appends it)."""
    line = event_to_line(event)
    if "reported" in type(event).model_fields and line.get("reported") is None:
        line["reported"] = line["recorded"]
    return line


def dumps_line(obj: dict[str, Any]) -> bytes:
    """Serialise one object as a JSON Lines line (UTF-8, newline-terminated)."""
    return orjson.dumps(obj) + b"\n"
