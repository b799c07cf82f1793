"""Stream slots: taken when a stream is answered, not when its first message goes out, and given back once."""

from __future__ import annotations

import asyncio
import gc

import pytest
from fastapi import HTTPException

from api.routes.stream import StreamSlots


async def _messages(count: int):
    for i in range(count):
        yield f"m{i}".encode()


def test_a_slot_is_taken_when_the_stream_is_answered_so_clients_arriving_together_cannot_exceed_the_limit():
    """Counting from the first message let every client answered before any stream began get one."""
    slots = StreamSlots(1)
    held = slots.take(_messages(1))
    with pytest.raises(HTTPException) as refused:
        slots.take(_messages(1))
    assert refused.value.status_code == 503 and slots.open == 1
    del held


def test_a_slot_comes_back_when_the_stream_ends_and_when_it_is_dropped_before_it_began():
    slots = StreamSlots(1)

    async def drain() -> list[bytes]:
        return [m async for m in slots.take(_messages(3))]

    assert asyncio.run(drain()) == [b"m0", b"m1", b"m2"] and slots.open == 0
    unstarted = slots.take(_messages(1))
    assert slots.open == 1
    del unstarted
    gc.collect()
    assert slots.open == 0


def test_a_slot_comes_back_once_when_the_client_goes_away_mid_stream():
    slots = StreamSlots(2)

    async def first_only() -> None:
        stream = slots.take(_messages(5))
        messages = aiter(stream)
        assert await anext(messages) == b"m0"
        await messages.aclose()  # what the server does when the client disconnects
        stream.release()
        del stream

    asyncio.run(first_only())
    gc.collect()
    assert slots.open == 0
