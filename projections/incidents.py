"""Incidents: attacks with the latest casualty figures known, claims of responsibility and arrests."""

from __future__ import annotations

from typing import Any

from domain.catalogue import AttackOccurred
from domain.errors import InvalidInput
from domain.names import with_article
from projections.facts import Seen
from projections.source import LinkFact, Source
from projections.sqlsource import materialised
from store.reading import find_occurrence


def incidents(store: Any, *, key: str | None = None, at: str | None = None, known_at: str | None = None,
              recorded_at: str | None = None) -> dict[str, Any]:
    """Answer `geoevents incidents` from the materialised views: `{"incidents": [...]}`."""
    with materialised(store, at, known_at, recorded_at) as source:
        found = incidents_from(source, key)
    if key is not None and not found["incidents"]:
        refuse_if_no_attack(store, key)
    return found


def refuse_if_no_attack(store: Any, ref: str) -> None:
    """Fail when `ref` names no occurrence of the store, or one that is not an attack: an empty answer would say
    that the attack is not known at the clocks asked (which stays the answer for an attack not visible there)."""
    created = find_occurrence(store.app, ref, field="key").created
    if not isinstance(created, AttackOccurred):
        raise InvalidInput(f"'{ref}' is {with_article(type(created).__name__)}, not an AttackOccurred", field="key")


def latest(reports: list[LinkFact], field: str, fallback: int | None) -> int | None:
    """The latest non-empty figure among casualty reports (already in order), else the attack's own."""
    figures = [getattr(r, field) for r in reports if r.kind == "casualties" and getattr(r, field) is not None]
    return figures[-1] if figures else fallback


def incident(attack: Seen, links: list[LinkFact]) -> dict[str, Any]:
    """Render one attack with the reports bearing on it."""
    data = attack.data
    claimed = {link.actor for link in links if link.kind == "claim" and link.actor}
    claimed.update(p["actor"] for p in data.get("perpetrators", ()) if p.get("status") == "claimed")
    return {"attack": data.get("summary") or data["place"], "place": data["place"], "occurred": attack.occurred,
            "reported": attack.reported, "killed": latest(links, "killed", data.get("killed")),
            "injured": latest(links, "injured", data.get("injured")), "claimed_by": sorted(claimed),
            "arrests": sum(link.count or 0 for link in links if link.kind == "arrest"),
            "id": attack.id, "key": attack.key}


def incidents_from(source: Source, ref: str | None) -> dict[str, Any]:
    """Assemble incidents from any source of visible facts."""
    attacks = sorted(source.attacks(ref), key=lambda s: s.order)
    by_attack: dict[str, list[LinkFact]] = {}
    for link in sorted(source.links({a.id for a in attacks}), key=lambda link: link.seen.order):
        by_attack.setdefault(link.attack, []).append(link)
    return {"incidents": [incident(a, by_attack.get(a.id, [])) for a in attacks]}
