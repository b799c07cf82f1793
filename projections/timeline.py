"""Timeline: occurrences touching an actor (or those it represents) and/or a topic, in occurred order."""

from __future__ import annotations

from typing import Any

from projections.facts import about_topic, actors_touched, asked_topic, topics_touched
from projections.representation import candidates, counted_for
from projections.source import Source, resolve_actor
from projections.sqlsource import materialised


def timeline(store: Any, *, actor: str | None = None, topic: str | None = None, at: str | None = None,
             known_at: str | None = None, recorded_at: str | None = None) -> dict[str, Any]:
    """Answer `geoevents timeline` from the materialised views: `{"timeline": [...]}`."""
    key = resolve_actor(store, actor)
    with materialised(store, at, known_at, recorded_at) as source:
        return timeline_from(source, key, asked_topic(topic))


def timeline_from(source: Source, actor: str | None, topic: str | None) -> dict[str, Any]:
    """Assemble the timeline from any source of visible facts."""
    facts = source.facts
    out = []
    for s in sorted(source.occurrences(candidates(actor, facts) if actor else None, topic), key=lambda s: s.order):
        actors = actors_touched(s.type, s.data)
        topics = topics_touched(s.type, s.data)
        if topic is not None and not about_topic(topic, topics):
            continue
        if actor is not None and not any(actor in counted_for(a, s.occ_us, facts) for a in actors):
            continue
        out.append({"occurred": s.occurred, "reported": s.reported, "type": s.type, "id": s.id, "key": s.key,
                    "summary": s.data.get("summary"), "actors": actors, "topics": topics})
    return {"timeline": out}
