"""Reading a POST /events body: bounded in size, one JSON event or JSON Lines, parsed line by line."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from itertools import islice

from fastapi import HTTPException, Request
from starlette.requests import ClientDisconnect

from store.jsonl import Line, parse_line, read_lines

JSON_TYPES = ("application/json",)
LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines", "application/jsonlines")
EVENT_SCHEMA = {"type": "object", "required": ["type"], "additionalProperties": True,
                "properties": {"type": {"type": "string"}}}
REQUEST_BODY = {
    "required": True,
    "description": "One event as a JSON object, or many as JSON Lines (one object per line); "
                   "the whole body is stored, or nothing.",
    "content": {
        "application/json": {"schema": EVENT_SCHEMA},
        "application/x-ndjson": {"schema": {"type": "string"}},
    },
}
"""The OpenAPI description of the body, which the route reads itself to bound its size."""


async def read_body(request: Request, limit: int) -> bytes:
    """Read the whole body, answering 413 as soon as it grows past `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is larger than {limit} bytes; send fewer events per request")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HTTPException(413, f"the body is larger than {limit} bytes; send fewer events per request")
            chunks.append(chunk)
    except ClientDisconnect:  # nothing to store, and no one to answer: not a server error with a traceback
        raise HTTPException(400, "the client went away before sending the whole body; nothing was stored") from None
    return b"".join(chunks)


def body_reader(content_type: str) -> Callable[[bytes], Iterator[Line]]:
    """Choose how to turn a body into numbered input lines by its media type (415 for one we do not read; no media
    type is read as JSON Lines)."""
    media = content_type.split(";")[0].strip().lower()
    if media in JSON_TYPES:
        return _one_object
    if media in LINES_TYPES or not media:
        return lambda body: read_lines(io.BytesIO(body))  # as the CLI reads a file: a lone CR does not end a line
    raise HTTPException(415, f"send application/json (one event) or application/x-ndjson (JSON Lines), not {media}")


def _one_object(body: bytes) -> Iterator[Line]:
    """The body as one JSON event (which may span lines), or nothing when it is blank."""
    stripped = body.strip()
    return iter([parse_line(1, stripped)] if stripped else [])


def bounded_lines(lines: Iterator[Line], limit: int) -> list[Line]:
    """Read at most `limit` lines, answering 413 when the body holds more."""
    kept = list(islice(lines, limit + 1))
    if len(kept) > limit:
        raise HTTPException(413, f"the body holds more than {limit} lines; send fewer events per request")
    return kept
