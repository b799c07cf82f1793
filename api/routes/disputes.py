"""`/disputes`: claims and accusations together with their denials, at any clock setting."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from api.answers import read
from api.clocks import ClocksDep
from api.deps import ReadAccess, StoreDep, topic_query
from api.pages import PageDep, page_slice
from api.problems import PROBLEM_RESPONSES
from api.viewmodels import DisputesPublic
from projections.disputes import disputes

router = APIRouter(prefix="/disputes", tags=["views"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)


@router.get("", response_model=DisputesPublic)
async def list_disputes(
    store: StoreDep, clocks: ClocksDep, page: PageDep,
    topic: Annotated[str | None, topic_query("Only disputes on this topic.")] = None,
) -> Response:
    """Answer `geoevents disputes`: each denied claim or accusation with its denials."""
    def work() -> DisputesPublic:
        items, cursor = page_slice(disputes(store, topic=topic, **clocks.as_kwargs())["disputes"], page)
        return DisputesPublic(disputes=items, next_cursor=cursor)
    return await read(store, work, narrow=False, views=True)  # a topic spans the whole store
