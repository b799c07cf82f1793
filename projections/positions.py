"""Positions: per (actor, topic), the latest stance the actor stated itself (or through a representative)
and, separately, the latest stance others attributed to it; each with who disputes it."""

from __future__ import annotations

from typing import Any

from projections.facts import asked_topic
from projections.representation import ActorFacts, candidates, counted_for, speaks_for, stands_for
from projections.source import Denials, Source, StanceFact, resolve_actor, stance_order
from projections.sqlsource import materialised


def positions(store: Any, *, actor: str | None = None, topic: str | None = None, at: str | None = None,
              known_at: str | None = None, recorded_at: str | None = None) -> dict[str, Any]:
    """Answer `geoevents positions` from the materialised views: `{"positions": [...]}`."""
    key = resolve_actor(store, actor)
    with materialised(store, at, known_at, recorded_at) as source:
        return positions_from(source, key, asked_topic(topic))


def positions_from(source: Source, actor: str | None, topic: str | None) -> dict[str, Any]:
    """Assemble positions from any source of visible facts."""
    facts = source.facts
    best: dict[tuple[str, str, bool], StanceFact] = {}
    if actor is not None and topic is not None:
        # two slots at most (stated, attributed): latest first, the first stance to fill a slot is its latest
        for st in source.latest_stances(candidates(actor, facts), topic):
            consider(best, st, actor, facts)
            if len(best) == 2:
                break
    else:
        for st in source.stances(candidates(actor, facts) if actor else None, topic):
            consider(best, st, actor, facts)
    chosen = {st.seen.id for st in best.values()}
    denials, sources = Denials(source.denials(chosen)), source.sources(chosen)
    return {"positions": [entry(slot, st, denials, sources.get(st.seen.id, []))
                          for slot, st in sorted(best.items(), key=lambda i: i[0])]}


def consider(best: dict[tuple[str, str, bool], StanceFact], st: StanceFact, actor: str | None,
             facts: ActorFacts) -> None:
    """Let a stance take the slots it counts for (per holder, topic and whether it is attributed) where it
    is later than the stance holding them; only `actor`'s slots when one is asked for.

    A stance is a holder's own (not attributed) when its speaker speaks for the holder and for the subject
    itself or what the subject stands for (`stands_for`): the United States' secretary of state saying that
    France is ready to talk speaks for the Western camp, but not for France, so that stance is attributed to
    France and to the camp alike."""
    instant = st.seen.occ_us
    holders = counted_for(st.subject, instant, facts)
    wanted = {actor} & holders if actor else holders
    if not wanted:
        return
    for_subject = any(speaks_for(st.speaker, a, instant, facts) for a in stands_for(st.subject, instant, facts))
    for holder in wanted:
        slot = (holder, st.topic, not (for_subject and speaks_for(st.speaker, holder, instant, facts)))
        current = best.get(slot)
        if current is None or stance_order(st) > stance_order(current):
            best[slot] = st


def entry(slot: tuple[str, str, bool], st: StanceFact, denials: Denials,
          sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Render one position, with the sources of the occurrence that expresses its stance and the actors who deny
    it (its occurrence as a whole or its claim)."""
    disputed_by = sorted({d.denier for d in denials.of(st)})
    return {"actor": slot[0], "topic": slot[1], "stance": st.stance, "quote": st.quote, "speaker": st.speaker,
            "attributed": slot[2], "disputed": bool(disputed_by), "disputed_by": disputed_by,
            "occurred": st.seen.occurred, "reported": st.seen.reported, "sources": sources,
            "id": st.seen.id, "key": st.seen.key}
