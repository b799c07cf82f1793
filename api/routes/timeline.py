"""`/timeline`: occurrences touching an actor or a topic in `occurred` order, at any clock setting."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answers import read
from api.clocks import ClocksDep
from api.deps import ReadAccess, StoreDep, topic_query
from api.pages import PageDep, page_slice
from api.problems import PROBLEM_RESPONSES
from api.viewmodels import TimelinePublic
from projections.timeline import timeline

router = APIRouter(prefix="/timeline", tags=["views"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)


@router.get("", response_model=TimelinePublic)
async def list_timeline(
    store: StoreDep, clocks: ClocksDep, page: PageDep,
    actor: Annotated[str | None, Query(description="Only occurrences touching this actor (or those it represents).")] = None,
    topic: Annotated[str | None, topic_query("Only occurrences on this topic.")] = None,
) -> Response:
    """Answer `geoevents timeline`: occurrences in `occurred` order with their actors and topics."""
    def work() -> TimelinePublic:
        items, cursor = page_slice(timeline(store, actor=actor, topic=topic, **clocks.as_kwargs())["timeline"], page)
        return TimelinePublic(timeline=items, next_cursor=cursor)
    return await read(store, work, narrow=False, views=True)  # one actor may touch most of the store
