"""Disputes: each claim or accusation that someone denied, with its denials."""

from __future__ import annotations

from typing import Any

from projections.facts import asked_topic
from projections.source import Denials, Source
from projections.sqlsource import materialised


def disputes(store: Any, *, topic: str | None = None, at: str | None = None, known_at: str | None = None,
             recorded_at: str | None = None) -> dict[str, Any]:
    """Answer `geoevents disputes` from the materialised views: `{"disputes": [...]}`."""
    with materialised(store, at, known_at, recorded_at) as source:
        return disputes_from(source, asked_topic(topic))


def disputes_from(source: Source, topic: str | None) -> dict[str, Any]:
    """Assemble disputes from any source of visible facts."""
    denials = Denials(sorted(source.denials(None), key=lambda d: d.seen.order))
    claims = [st for st in source.stances(occs=set(denials.by_target))
              if st.kind in ("claim", "accusation") and (topic is None or st.topic == topic)]
    out = []
    for st in sorted(claims, key=lambda st: (st.seen.order, st.seq)):
        against = denials.of(st)
        if not against:
            continue
        out.append({
            "kind": st.kind, "speaker": st.speaker, "subject": st.about if st.kind == "accusation" else st.subject,
            "topic": st.topic, "stance": st.stance, "quote": st.quote, "claim": st.claim,
            "occurred": st.seen.occurred, "reported": st.seen.reported, "id": st.seen.id, "key": st.seen.key,
            "denials": [{"denier": d.denier, "quote": d.quote, "occurred": d.seen.occurred, "id": d.seen.id,
                         "key": d.seen.key} for d in against],
        })
    return {"disputes": out}
