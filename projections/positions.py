"""Positions: per (actor, topic), the latest stance the actor stated itself (or through a representative)
and, separately, the latest stance others attributed to it; each with who disputes it."""

from __future__ import annotations

from typing import Any

from projections.representation import candidates, counted_for, speaks_for
from projections.source import DenialFact, Source, StanceFact, resolve_actor
from projections.sqlsource import materialised


def positions(store: Any, *, actor: str | None = None, topic: str | None = None, at: str | None = None,
              known_at: str | None = None, recorded_at: str | None = None) -> dict[str, Any]:
    """Answer `geoevents positions` from the materialised views: `{"positions": [...]}`."""
    key = resolve_actor(store, actor)
    with materialised(store, at, known_at, recorded_at) as source:
        return positions_from(source, key, topic)


def positions_from(source: Source, actor: str | None, topic: str | None) -> dict[str, Any]:
    """Assemble positions from any source of visible facts."""
    facts = source.facts
    subjects = candidates(actor, facts) if actor else None
    best: dict[tuple[str, str, bool], StanceFact] = {}
    for st in source.stances(subjects, topic):
        instant = st.seen.occ_us
        holders = counted_for(st.subject, instant, facts)
        for holder in ({actor} & holders if actor else holders):
            attributed = not speaks_for(st.speaker, holder, instant, facts)
            slot = (holder, st.topic, attributed)
            current = best.get(slot)
            if current is None or (st.seen.order, st.seq) > (current.seen.order, current.seq):
                best[slot] = st
    denials = source.denials({st.seen.id for st in best.values()})
    return {"positions": [entry(slot, st, denials) for slot, st in sorted(best.items(), key=lambda i: i[0])]}


def deniers(st: StanceFact, denials: list[DenialFact]) -> list[str]:
    """Actors who deny a stance: denials of its occurrence as a whole or of its claim."""
    return sorted({d.denier for d in denials
                   if d.target == st.seen.id and (d.claim is None or d.claim == st.claim)})


def entry(slot: tuple[str, str, bool], st: StanceFact, denials: list[DenialFact]) -> dict[str, Any]:
    """Render one position."""
    disputed_by = deniers(st, denials)
    return {"actor": slot[0], "topic": slot[1], "stance": st.stance, "quote": st.quote, "speaker": st.speaker,
            "attributed": slot[2], "disputed": bool(disputed_by), "disputed_by": disputed_by,
            "occurred": st.seen.occurred, "reported": st.seen.reported, "id": st.seen.id, "key": st.seen.key}
