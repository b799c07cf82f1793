"""Answers of the read routes: where a read runs, and its public model serialised once, to JSON bytes.

Every read route is `async` and hands its work to `read`, which runs it on the event loop when the
request names what it reads (one actor, one key, one page), and in the threadpool when it reads the
whole store (an unfiltered view, `GET /events`), so that a read of seconds cannot hold up the other
requests of the worker. A thread hop costs a request about as much as FastAPI's whole dependency
solving; a narrow read is cheaper than that hop.

A route still declares `response_model=` (the OpenAPI document is built from it) but returns the
response `read` builds: FastAPI then skips its second validation and serialisation of the result.
The bytes are the same: the model's own serialiser, by alias, as FastAPI's defaults do.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

JSON = "application/json"


def answer(model: BaseModel) -> Response:
    """Send a response model as the JSON body of a 200 answer."""
    return Response(model.__pydantic_serializer__.to_json(model, by_alias=True), media_type=JSON)


async def read(work: Callable[[], BaseModel], *, whole_store: bool = False) -> Response:
    """Run a read (in the threadpool when it reads the whole store, else right here) and send its model."""
    return answer(await run_in_threadpool(work) if whole_store else work())
