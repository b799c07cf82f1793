"""The actors that ever joined a group, found through the views' terms."""

from __future__ import annotations

from typing import Any

from domain.actors import Actor
from domain.identity import actor_id


SELECT_MEMBERS = "SELECT DISTINCT holder FROM pv_term WHERE kind = 'membership' AND of = ? ORDER BY holder"


def members_ever(store: Any, group: str) -> list[Actor]:
    """Every actor that ever joined a group, rebuilt from its stream (the views' terms only say which to load,
    so that a group is described without loading the whole registry)."""
    with store.views.reading() as (cursor, _):
        cursor.execute(store.views.d.sql(SELECT_MEMBERS), (group,))
        holders = [row[0] for row in store.views.d.rows(cursor)]
    found = (store.app.load_actor(actor_id(holder)) for holder in holders)
    return [actor for actor in found if actor is not None]
