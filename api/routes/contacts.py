"""`/contacts`: contacts between two sides, each with the previous one and the gap, at any clock setting."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answers import read
from api.clocks import ClocksDep, QueryClock, clock_query
from api.deps import ReadAccess, StoreDep
from api.pages import PageDep, page_slice
from api.problems import PROBLEM_RESPONSES
from api.viewmodels import ContactsPublic
from domain.vocabulary import ContactMode, Rank
from projections.contacts import contacts

router = APIRouter(prefix="/contacts", tags=["views"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)


@router.get("", response_model=ContactsPublic)
async def list_contacts(
    store: StoreDep, clocks: ClocksDep, page: PageDep,
    between: Annotated[str, Query(description="One side: a person, state or group (key, name or alias).")],
    and_: Annotated[str, Query(alias="and", description="The other side.")],
    since: Annotated[QueryClock, clock_query("Only contacts that occurred from this time on.")] = None,
    until: Annotated[QueryClock, clock_query("Only contacts that occurred up to this time.")] = None,
    rank: Annotated[Rank | None, Query(description="Only contacts where each side spoke through someone of at least this rank.")] = None,
    portfolio: Annotated[str | None, Query(description="Only contacts where both sides held this portfolio.")] = None,
    mode: Annotated[ContactMode | None, Query(description="Only contacts of this mode.")] = None,
) -> Response:
    """Answer `geoevents contacts --between A --and B`: contacts in `occurred` order, with gaps."""
    def work() -> ContactsPublic:
        found = contacts(store, between=between, and_=and_, since=since, until=until, rank=rank,
                         portfolio=portfolio, mode=mode, **clocks.as_kwargs())
        items, cursor = page_slice(found["contacts"], page)
        return ContactsPublic(contacts=items, count=found["count"], next_cursor=cursor)
    return await read(store, work, narrow=False, views=True)  # two states' contacts may span the store
