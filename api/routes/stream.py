"""`/events/stream`: Server-Sent Events of newly recorded events, resumable by `Last-Event-ID`."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated

import orjson
from fastapi import APIRouter, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from api.deps import ReadAccess, SettingsDep, StoreDep
from api.log import EventType, last_position, read_page, topics_for
from api.pages import CURSOR_PATTERN, MAX_POSITION
from api.problems import PROBLEM_RESPONSES
from api.settings import ApiSettings
from store.root import Store

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)
SSE_RESPONSE = {200: {"description": "An endless text/event-stream; each event's `id:` is its notification id "
                                     "and its `data:` the event's JSON Lines object.",
                      "content": {"text/event-stream": {"schema": {"type": "string"}}}}}


def sse_message(position: int, line: dict[str, object]) -> bytes:
    """Format one event as an SSE message: id (notification id), event (type), data (JSON line)."""
    return b"id: %d\nevent: %s\ndata: %s\n\n" % (position, str(line["type"]).encode(), orjson.dumps(line))


async def follow(store: Store, settings: ApiSettings, after: int, topics: list[str]) -> AsyncIterator[bytes]:
    """Yield SSE messages for every event after position `after`, polling the log until cancelled."""
    yield b"retry: %d\n\n" % int(settings.stream_poll_seconds * 1000 + 1000)
    quiet_since = time.monotonic()
    while True:
        items, _ = await run_in_threadpool(read_page, store.app, after, settings.stream_batch, topics)
        for position, line in items:
            yield sse_message(position, line)
            after = position
        if items:
            quiet_since = time.monotonic()
            continue
        if time.monotonic() - quiet_since >= settings.stream_keepalive_seconds:
            yield b": keep-alive\n\n"
            quiet_since = time.monotonic()
        await asyncio.sleep(settings.stream_poll_seconds)


class StreamSlots:
    """Counts open streams so that at most `max_streams` are served at once."""

    def __init__(self, limit: int):
        self.limit = limit
        self.open = 0

    async def hold(self, messages: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        """Pass messages through while holding one slot, released when the client goes away."""
        self.open += 1
        try:
            async for message in messages:
                yield message
        finally:
            self.open -= 1


@router.get("/stream", dependencies=[ReadAccess], response_class=StreamingResponse, responses=SSE_RESPONSE)
async def stream_events(
    request: Request, store: StoreDep, settings: SettingsDep,
    last_event_id: Annotated[str | None, Header(description="Resume after this notification id (sent by SSE clients on reconnect).")] = None,
    after: Annotated[int | None, Query(ge=0, le=MAX_POSITION, description="Start after this notification id (0: the whole log); default: only new events.")] = None,
    type: Annotated[list[EventType] | None, Query(description="Only events of these types (repeatable).")] = None,
) -> StreamingResponse:
    """Follow the log: events recorded from now on (or after `Last-Event-ID` / `after`), in notification order."""
    topics = topics_for(type)
    if last_event_id is not None and re.fullmatch(CURSOR_PATTERN, last_event_id.strip()):
        start = int(last_event_id.strip())
    elif after is not None:
        start = after
    else:
        start = await run_in_threadpool(last_position, store.app)
    slots: StreamSlots = request.app.state.stream_slots
    if slots.open >= slots.limit:
        raise HTTPException(503, "too many open streams; retry later", headers={"Retry-After": "5"})
    return StreamingResponse(slots.hold(follow(store, settings, start, topics)), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
