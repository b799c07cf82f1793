"""`/positions`: per (actor, topic) the latest stance, own and attributed, at any clock setting."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answers import read
from api.clocks import ClocksDep
from api.deps import ReadAccess, StoreDep, topic_query
from api.pages import PageDep, page_slice
from api.problems import PROBLEM_RESPONSES
from api.viewmodels import PositionsPublic
from projections.positions import positions

router = APIRouter(prefix="/positions", tags=["views"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)


@router.get("", response_model=PositionsPublic)
async def list_positions(
    store: StoreDep, clocks: ClocksDep, page: PageDep,
    actor: Annotated[str | None, Query(description="Only this actor (key, name, alias or Wikidata id).")] = None,
    topic: Annotated[str | None, topic_query("Only this topic.")] = None,
) -> Response:
    """Answer `geoevents positions`: stances stated by each actor and attributed to it by others."""
    def work() -> PositionsPublic:
        items, cursor = page_slice(positions(store, actor=actor, topic=topic, **clocks.as_kwargs())["positions"], page)
        return PositionsPublic(positions=items, next_cursor=cursor)
    narrow = actor is not None and topic is not None  # an actor's every topic may span much of the store
    return await read(store, work, narrow=narrow, views=True)
