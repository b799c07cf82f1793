"""Answers of the read routes: where a read runs, and its public model serialised once, to JSON bytes.

Every read route is `async` and hands its work to `read`. A thread hop costs a request about as
much as a cheap read itself, so `read` runs the work right on the event loop when it is narrow
(one actor, one key, one page) and reads a local SQLite file without having to wait for a writer:
no view catch-up is due (`Views.current`), so it only reads, and WAL readers never wait (only a
commit landing between that check and the query makes it catch up there, and perhaps wait). Any
other read runs in the threadpool: one over the whole store (an unfiltered view, `GET /events`,
seconds at 100,000 events) so that it cannot hold up the worker's other requests, one that may
have to catch the views up (which waits for the write lock of an append in progress), and every
read on PostgreSQL (network round trips).

A route still declares `response_model=` (the OpenAPI document is built from it) but returns the
response `read` builds: FastAPI then skips its second validation and serialisation of the result.
The bytes are the same: the model's own serialiser, by alias, as FastAPI's defaults do.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from store.root import Store

JSON = "application/json"


def answer(model: BaseModel) -> Response:
    """Send a response model as the JSON body of a 200 answer."""
    return Response(model.__pydantic_serializer__.to_json(model, by_alias=True), media_type=JSON)


async def read(store: Store, work: Callable[[], BaseModel], *, narrow: bool = True, views: bool = False) -> Response:
    """Run a read (`views`: one that reads the materialised views) where it costs least, and send its model."""
    local = store.views.current() if views else store.changes.local
    return answer(work() if narrow and local else await run_in_threadpool(work))
