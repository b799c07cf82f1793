"""`/events`: append events (one JSON object or JSON Lines), list the log, show one occurrence."""

from __future__ import annotations

from threading import Lock
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.body import REQUEST_BODY, body_lines, read_body
from api.deps import AppendAccess, ReadAccess, SettingsDep, StoreDep
from api.log import EventType, read_page, topics_for
from api.models import AppendedPublic, EventPagePublic, EventPublic, OccurrencePublic
from api.pages import PageDep, encode_cursor
from api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemPublic
from domain.errors import InvalidInput, OccurrenceNotFound
from store.append import AppendResult
from store.jsonl import Line, event_to_line
from store.reading import find_occurrence
from store.root import Store

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)


def _append(lock: Lock, store: Store, lines: list[Line]) -> AppendResult:
    """Store lines through the same service as `geoevents append`, one request at a time."""
    with lock:
        return store.appender.append(lines, collect_ids=True)


def _problem(description: str) -> dict[str, object]:
    return {"model": ProblemPublic, "content": {PROBLEM_JSON: {}}, "description": description}


@router.post("", status_code=201, response_model=AppendedPublic, dependencies=[AppendAccess],
             openapi_extra={"requestBody": REQUEST_BODY},
             responses={200: {"model": AppendedPublic, "description": "Every event was already stored."},
                        409: _problem("A key is already stored with different content."),
                        413: _problem("The body is larger than GEOEVENTS_MAX_BODY_BYTES."),
                        415: _problem("The body is neither JSON nor JSON Lines."),
                        422: _problem("Invalid input; `errors` locates each line and field.")})
async def append_events(request: Request, response: Response, store: StoreDep,
                        settings: SettingsDep) -> AppendedPublic:
    """Append events as `geoevents append` does: the whole body is stored, or nothing (201, or 200 if all were duplicates)."""
    body = await read_body(request, settings.max_body_bytes)
    lines = list(body_lines(request.headers.get("content-type", ""), body))
    if not lines:
        raise InvalidInput("the body holds no event")
    result = await run_in_threadpool(_append, request.app.state.append_lock, store, lines)
    response.status_code = 201 if result.appended else 200
    return AppendedPublic(lines=result.lines, appended=result.appended, duplicates=result.duplicates,
                          ids=result.ids)


@router.get("", response_model=EventPagePublic, dependencies=[ReadAccess])
def list_events(store: StoreDep, page: PageDep,
                type: Annotated[list[EventType] | None, Query(description="Only events of these types (repeatable).")] = None,
                ) -> EventPagePublic:
    """List stored events in the order they were recorded, a page at a time."""
    items, after = read_page(store.app, page.after, page.limit, topics_for(type))
    return EventPagePublic(items=[EventPublic(**line) for _, line in items],
                           next_cursor=encode_cursor(after) if after is not None else None)


@router.get("/{ref}", response_model=OccurrencePublic, dependencies=[ReadAccess],
            responses={404: _problem("No occurrence has this id or key.")})
def show_occurrence(ref: str, store: StoreDep) -> OccurrencePublic:
    """Show one occurrence by store id or idempotency key: its record as corrected, and its events."""
    try:
        occurrence = find_occurrence(store.app, ref)
    except OccurrenceNotFound as e:
        raise HTTPException(404, e.reason) from None
    created = occurrence.created
    stream = [created, *occurrence.corrections, *([occurrence.retraction] if occurrence.retraction else [])]
    return OccurrencePublic(id=str(occurrence.id), key=getattr(created, "key", None), type=type(created).__name__,
                            retracted=occurrence.retraction is not None, current=EventPublic(**event_to_line(occurrence.current())),
                            events=[EventPublic(**event_to_line(e)) for e in sorted(stream, key=lambda e: e.originator_version)])
