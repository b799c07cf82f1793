"""`/actors`: the registered actors with their aliases, offices and memberships."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from eventsourcing.utils import get_topic

from api.deps import ReadAccess, StoreDep
from api.models import ActorPagePublic, ActorPublic, TermPublic
from api.pages import PageDep, encode_cursor
from api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemPublic
from domain.actors import Actor, ActorRegistered
from domain.identity import actor_id

router = APIRouter(prefix="/actors", tags=["actors"], dependencies=[ReadAccess], responses=PROBLEM_RESPONSES)
REGISTERED = get_topic(ActorRegistered)


def actor_public(actor: Actor) -> ActorPublic:
    """Render an actor's state."""
    return ActorPublic(key=actor.key, name=actor.name, kind=str(actor.kind), wikidata=actor.wikidata,
                       part_of=actor.part_of, aliases=actor.aliases,
                       offices=[TermPublic(**vars(t)) for t in actor.offices],
                       memberships=[TermPublic(**vars(t)) for t in actor.memberships])


@router.get("", response_model=ActorPagePublic)
def list_actors(store: StoreDep, page: PageDep) -> ActorPagePublic:
    """List actors in the order they were registered, a page at a time."""
    found = store.app.recorder.select_notifications(page.after + 1, page.limit, topics=[REGISTERED])
    actors = [store.app.load_actor(n.originator_id) for n in found]
    more = len(found) == page.limit
    return ActorPagePublic(items=[actor_public(a) for a in actors if a is not None],
                           next_cursor=encode_cursor(found[-1].id) if more else None)


@router.get("/{ref}", response_model=ActorPublic,
            responses={404: {"model": ProblemPublic, "content": {PROBLEM_JSON: {}},
                             "description": "No actor has this key, Wikidata id, name or alias."}})
def show_actor(ref: str, store: StoreDep) -> ActorPublic:
    """Show one actor found by key, Wikidata id, name or alias (any spelling the registry knows)."""
    key = store.directory.lookup(ref)
    actor = store.app.load_actor(actor_id(key)) if key else None
    if actor is None:
        raise HTTPException(404, str(store.directory.not_found(ref)))
    return actor_public(actor)
