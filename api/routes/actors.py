"""`/actors`: the registered actors with their aliases, offices and memberships (as `geoevents actors`)."""

from __future__ import annotations

from typing import Annotated

from eventsourcing.utils import get_topic
from fastapi import APIRouter, Query, Response

from api.answers import read
from api.clocks import QueryClock, clock_query
from api.deps import ReadAccess, StoreDep
from api.models import ActorPagePublic, ActorPublic
from api.pages import PageDep, encode_cursor
from api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemPublic
from api.routes import refs  # noqa: F401 (registers the {ref:ref} convertor)
from domain.actors import ActorRegistered
from domain.vocabulary import ActorKind
from projections.actors import members_ever
from projections.describe import describe_actor, find_actor

router = APIRouter(prefix="/actors", tags=["actors"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)
REGISTERED = get_topic(ActorRegistered)


@router.get("", response_model=ActorPagePublic, response_model_by_alias=True)
async def list_actors(
    store: StoreDep, page: PageDep,
    kind: Annotated[ActorKind | None, Query(description="Only actors of this kind.")] = None,
) -> Response:
    """Answer `geoevents actors list --format json`: actors in registration order, a page at a time."""
    def work() -> ActorPagePublic:
        found = store.app.recorder.select_notifications(page.after + 1, page.limit, topics=[REGISTERED])
        actors = [store.app.load_actor(n.originator_id) for n in found]
        more = len(found) == page.limit
        return ActorPagePublic(items=[ActorPublic(**describe_actor(a)) for a in actors
                                      if a is not None and (kind is None or a.kind == kind)],
                               next_cursor=encode_cursor(found[-1].id) if more else None)
    return await read(store, work)


@router.get("/{ref:ref}", response_model=ActorPublic, response_model_by_alias=True,
            responses={404: {"model": ProblemPublic, "content": {PROBLEM_JSON: {}},
                             "description": "No actor has this key, Wikidata id, name or alias."}})
async def show_actor(ref: str, store: StoreDep,
               at: Annotated[QueryClock, clock_query("Only the offices, memberships and members held then.")] = None,
               ) -> Response:
    """Answer `geoevents actors show --format json`: one actor found by key, Wikidata id, name or any alias."""
    def work() -> ActorPublic:
        actor = find_actor(store, ref)
        return ActorPublic(**describe_actor(actor, at, members_ever(store, actor.key) if actor.kind == "group" else None))
    return await read(store, work, narrow=False)  # a group loads each of its members
