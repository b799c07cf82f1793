"""`/events/stream`: Server-Sent Events of newly recorded events, resumable by `Last-Event-ID`."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import AsyncIterator
from typing import Annotated

import orjson
from fastapi import APIRouter, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from api.deps import ReadAccess, SettingsDep, StoreDep
from api.log import EventType, last_position, read_page, topics_for, within_log
from api.pages import CURSOR_PATTERN, MAX_POSITION
from api.problems import PROBLEM_RESPONSES
from api.settings import ApiSettings
from domain.errors import InvalidInput
from store.root import Store

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)
SSE_RESPONSE = {200: {"description": "An endless text/event-stream; each event's `id:` is its notification id "
                                     "and its `data:` the event's JSON Lines object.",
                      "content": {"text/event-stream": {"schema": {"type": "string"}}}}}


def sse_message(position: int, line: dict[str, object]) -> bytes:
    """Format one event as an SSE message: id (notification id), event (type), data (JSON line)."""
    return b"id: %d\nevent: %s\ndata: %s\n\n" % (position, str(line["type"]).encode(), orjson.dumps(line))


async def follow(store: Store, settings: ApiSettings, after: int, topics: list[str],
                 stopping: threading.Event) -> AsyncIterator[bytes]:
    """Yield SSE messages for every event after position `after`, polling the log until cancelled or until the
    server is stopping (the client reconnects elsewhere, or later, with `Last-Event-ID`)."""
    yield b"retry: %d\n\n" % int(settings.stream_poll_seconds * 1000 + 1000)
    quiet_since = time.monotonic()
    while not stopping.is_set():
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

    def take(self, messages: AsyncIterator[bytes]) -> "HeldStream":
        """Take a slot now, for a stream about to be answered, or refuse with 503 when none is free."""
        if self.open >= self.limit:
            raise HTTPException(503, "too many open streams; retry later", headers={"Retry-After": "5"})
        self.open += 1
        return HeldStream(self, messages)


class HeldStream:
    """The messages of one stream holding its slot, released once: when the stream ends or the client goes
    away, or when the response is dropped before it started."""

    def __init__(self, slots: StreamSlots, messages: AsyncIterator[bytes]):
        self.slots, self.messages, self.released = slots, messages, False

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._pass()

    async def _pass(self) -> AsyncIterator[bytes]:
        try:
            async for message in self.messages:
                yield message
        finally:
            self.release()

    def release(self) -> None:
        """Give the slot back (once)."""
        if not self.released:
            self.released = True
            self.slots.open -= 1

    def __del__(self) -> None:
        self.release()


@router.get("/stream", dependencies=[ReadAccess], response_class=StreamingResponse, responses=SSE_RESPONSE)
async def stream_events(
    request: Request, store: StoreDep, settings: SettingsDep,
    last_event_id: Annotated[str | None, Header(description="Resume after this notification id (sent by SSE clients on reconnect).")] = None,
    after: Annotated[int | None, Query(ge=0, le=MAX_POSITION, description="Start after this notification id (0: the whole log); default: only new events.")] = None,
    type: Annotated[list[EventType] | None, Query(description="Only events of these types (repeatable).")] = None,
) -> StreamingResponse:
    """Follow the log: events recorded from now on (or after `Last-Event-ID` / `after`), in notification order."""
    topics = topics_for(type)
    resume = (last_event_id or "").strip()
    if resume and not re.fullmatch(CURSOR_PATTERN, resume):
        raise InvalidInput("not the id of an event this stream sent (a whole number of up to 18 digits)",
                           field="header.last-event-id")
    if resume:
        start = await run_in_threadpool(within_log, store.app, int(resume), "header.last-event-id")
    elif after is not None:
        start = await run_in_threadpool(within_log, store.app, after, "query.after")
    else:
        start = await run_in_threadpool(last_position, store.app)
    slots: StreamSlots = request.app.state.stream_slots
    messages = follow(store, settings, start, topics, request.app.state.stopping)
    return StreamingResponse(slots.take(messages), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
