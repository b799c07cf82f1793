"""`/incidents`: attacks with the latest casualty figures known, claims and arrests, at any clock setting."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answers import read
from api.clocks import ClocksDep
from api.deps import ReadAccess, StoreDep
from api.pages import PageDep, page_slice
from api.problems import PROBLEM_RESPONSES
from api.viewmodels import IncidentsPublic
from projections.incidents import incidents

router = APIRouter(prefix="/incidents", tags=["views"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)


@router.get("", response_model=IncidentsPublic)
async def list_incidents(
    store: StoreDep, clocks: ClocksDep, page: PageDep,
    key: Annotated[str | None, Query(description="Only the attack with this id or key.")] = None,
) -> Response:
    """Answer `geoevents incidents`: casualty figures as known at `known_at`, claims, arrests."""
    def work() -> IncidentsPublic:
        items, cursor = page_slice(incidents(store, key=key, **clocks.as_kwargs())["incidents"], page)
        return IncidentsPublic(incidents=items, next_cursor=cursor)
    return await read(store, work, narrow=key is not None, views=True)
