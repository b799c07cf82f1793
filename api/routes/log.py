"""`/events/log`: the stored events in the order they were recorded, page by page (for keeping a copy)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answers import read
from api.deps import ReadAccess, StoreDep
from api.log import EventType, read_page, topics_for, within_log
from api.models import EventPagePublic, EventPublic
from api.pages import PageDep, encode_cursor
from api.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/events", tags=["events"], responses=PROBLEM_RESPONSES)


@router.get("/log", response_model=EventPagePublic, dependencies=[ReadAccess])
async def read_log(store: StoreDep, page: PageDep,
             type: Annotated[list[EventType] | None, Query(description="Only events of these types (repeatable).")] = None,
             ) -> Response:
    """The log as JSON Lines objects in notification order; cursors are positions, as the stream's `id:`."""
    def work() -> EventPagePublic:
        items, after = read_page(store.app, within_log(store.app, page.after, "query.cursor"), page.limit,
                                 topics_for(type))
        return EventPagePublic(items=[EventPublic(**line) for _, line in items],
                               next_cursor=encode_cursor(after) if after is not None else None)
    return await read(store, work)
