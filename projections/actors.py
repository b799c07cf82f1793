"""An actor at a date: the offices it held and the groups it belonged to then, as the store held them."""

from __future__ import annotations

from typing import Any

from domain.actors import Actor
from domain.errors import ActorNotFound
from domain.identity import actor_id
from projections.actorfacts import Registry
from projections.source import resolve_actor
from projections.sqlsource import materialised


def actor_at(store: Any, ref: str, *, at: str | None = None, recorded_at: str | None = None) -> dict[str, Any]:
    """Return an actor with the offices and memberships covering `at` (default now), recorded by `recorded_at`."""
    key = str(resolve_actor(store, ref))
    with materialised(store, at=at, recorded_at=recorded_at) as source:
        facts: Registry = source.facts  # type: ignore[assignment]
        found = facts.actor(key)
        if found is None:
            raise ActorNotFound(ref, field="actor")
        instant = source.clocks.at
        return {
            "key": key, "name": found[2], "kind": found[0], "part_of": found[1], "aliases": facts.aliases(key),
            "offices": [{"office": t.what, "of": t.of, "rank": t.rank, "portfolio": t.portfolio, "from": t.since,
                         "until": t.until} for t in facts.offices_held(key) if t.covers(instant)],
            "memberships": [{"group": t.of, "from": t.since, "until": t.until}
                            for t in facts.groups_joined(key) if t.covers(instant)],
        }


SELECT_MEMBERS = "SELECT DISTINCT holder FROM pv_term WHERE kind = 'membership' AND of = ? ORDER BY holder"


def members_ever(store: Any, group: str) -> list[Actor]:
    """Every actor that ever joined a group, rebuilt from its stream (the views' terms only say which to load,
    so that a group is described without loading the whole registry)."""
    with store.views.reading() as (cursor, _):
        cursor.execute(store.views.d.sql(SELECT_MEMBERS), (group,))
        holders = [row[0] for row in store.views.d.rows(cursor)]
    found = (store.app.load_actor(actor_id(holder)) for holder in holders)
    return [actor for actor in found if actor is not None]
