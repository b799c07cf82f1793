"""`/events`: append events (one JSON object or JSON Lines), list occurrences, show one with its history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from threading import Lock
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.answers import read
from api.body import REQUEST_BODY, body_reader, bounded_lines, read_body
from api.deps import AppendAccess, ReadAccess, SettingsDep, StoreDep, topic_query
from api.clocks import QueryClock, clock_query
from api.models import (
    AppendedPublic, OccurrenceHistoryPublic, OccurrencePagePublic, OccurrencePublic, OccurrenceType,
)
from api.pages import PageDep, encode_cursor
from api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemPublic
from api.routes import refs  # noqa: F401 (registers the {ref:ref} convertor)
from domain.errors import InvalidInput
from store.append import AppendResult
from store.jsonl import Line
from projections.describe import describe_occurrence, history
from projections.occurrence_list import list_occurrences
from store.listing import OccurrenceFilter, occurrence_type
from store.reading import find_occurrence
from store.root import Store

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)


def _append(lock: Lock, store: Store, read: Callable[[bytes], Iterator[Line]], body: bytes,
            max_lines: int) -> AppendResult:
    """Parse a body (off the event loop) and store its lines through the same service as `geoevents append`, one
    request at a time."""
    lines = bounded_lines(read(body), max_lines)
    if not lines:
        raise InvalidInput("the body holds no event")
    with lock:
        return store.appender.append(lines, collect_ids=True)


def _problem(description: str) -> dict[str, object]:
    return {"model": ProblemPublic, "content": {PROBLEM_JSON: {}}, "description": description}


@router.post("", status_code=201, response_model=AppendedPublic, dependencies=[AppendAccess],
             openapi_extra={"requestBody": REQUEST_BODY},
             responses={200: {"model": AppendedPublic, "description": "Every event was already stored."},
                        409: _problem("A key is already stored, or given earlier in the body, with different content."),
                        413: _problem("The body is larger than GEOEVENTS_MAX_BODY_BYTES, or holds more lines than "
                                      "GEOEVENTS_MAX_BODY_LINES."),
                        415: _problem("The body is neither JSON nor JSON Lines."),
                        422: _problem("Invalid input; `errors` locates each line and field.")})
async def append_events(request: Request, response: Response, store: StoreDep,
                        settings: SettingsDep) -> AppendedPublic:
    """Append events as `geoevents append` does: the whole body is stored, or nothing (201, or 200 if all were duplicates)."""
    read = body_reader(request.headers.get("content-type", ""))
    body = await read_body(request, settings.max_body_bytes)
    result = await run_in_threadpool(_append, request.app.state.append_lock, store, read, body,
                                     settings.max_body_lines)
    response.status_code = 201 if result.appended else 200
    return AppendedPublic(lines=result.lines, appended=result.appended, duplicates=result.duplicates,
                          ids=result.ids)


@router.get("", response_model=OccurrencePagePublic, dependencies=[ReadAccess])
async def list_events(
    store: StoreDep, page: PageDep,
    type: Annotated[OccurrenceType | None, Query(description="Only this type: its catalogue name or its record verb (`contact`).")] = None,
    actor: Annotated[str | None, Query(description="Only occurrences naming this actor (key, name or alias).")] = None,
    topic: Annotated[str | None, topic_query("Only occurrences on this topic.")] = None,
    since: Annotated[QueryClock, clock_query("Occurred on or after this time.", alias="from")] = None,
    until: Annotated[QueryClock, clock_query("Occurred on or before this time.", alias="to")] = None,
    include_retracted: Annotated[bool, Query(description="Also list retracted records.")] = False,
) -> Response:
    """Answer `geoevents events list --format json`: occurrences as they now stand, in `occurred` order."""
    def work() -> OccurrencePagePublic:
        key = None
        if actor is not None:
            key = store.directory.lookup(actor)
            if key is None:
                raise store.directory.not_found(actor, field="actor")
        items, more = list_occurrences(store, OccurrenceFilter(type and occurrence_type(type), key, topic, since, until, include_retracted),
                                       page.after, page.limit)
        return OccurrencePagePublic(items=[OccurrencePublic(**describe_occurrence(o)) for o in items],
                                    next_cursor=encode_cursor(page.after + page.limit) if more else None)
    return await read(store, work, narrow=not include_retracted, views=True)  # with retracted: folds the log


@router.get("/{ref:ref}", response_model=OccurrenceHistoryPublic, dependencies=[ReadAccess],
            responses={404: _problem("No occurrence has this id or key.")})
async def show_occurrence(ref: str, store: StoreDep) -> Response:
    """Answer `geoevents events show --format json`: the occurrence as it now stands, and its history."""
    def work() -> OccurrenceHistoryPublic:
        occurrence = find_occurrence(store.app, ref)
        return OccurrenceHistoryPublic(**describe_occurrence(occurrence), history=history(occurrence))
    return await read(store, work)
