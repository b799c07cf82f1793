"""Actors and occurrences as JSON-ready data, for the CLI's JSON and tables and for the HTTP service alike."""

from __future__ import annotations

from typing import Any

from domain.actors import Actor, Term
from domain.clocks import bound
from domain.identity import actor_id
from domain.occurrences import Occurrence
from store.jsonl import event_to_line
from store.root import Store


def find_actor(store: Store, ref: str) -> Actor:
    """Load the actor a reference names, or fail suggesting near names."""
    key = store.directory.lookup(ref)
    found = store.app.load_actor(actor_id(key)) if key else None
    if found is None:
        raise store.directory.not_found(ref, field="actor")
    return found


def _terms(terms: list[Term], at: Any) -> list[Term]:
    """Keep the terms covering an instant (all of them when no instant is given)."""
    return [t for t in terms if at is None or t.covers(at)]


def describe_actor(actor: Actor, at: str | None = None, registry: list[Actor] | None = None) -> dict[str, Any]:
    """Render an actor as JSON-ready data; with `at`, only the terms held then; a group lists its members."""
    instant = bound(at) if at is not None else None
    offices = [{"office": t.what, "of": t.of, "rank": t.rank, "portfolio": t.portfolio, "from": t.since,
                "until": t.until} for t in _terms(actor.offices, instant)]
    memberships = [{"group": t.what, "from": t.since, "until": t.until} for t in _terms(actor.memberships, instant)]
    data: dict[str, Any] = {"key": actor.key, "name": actor.name, "kind": actor.kind, "wikidata": actor.wikidata,
                            "part_of": actor.part_of, "aliases": actor.aliases, "offices": offices,
                            "memberships": memberships}
    if actor.kind == "group" and registry is not None:
        data["members"] = [{"actor": member.key, "from": t.since, "until": t.until} for member in registry
                           for t in _terms(member.memberships, instant) if t.what == actor.key]
    if at is not None:
        data["at"] = at
    return data


def describe_occurrence(occurrence: Occurrence) -> dict[str, Any]:
    """Render an occurrence as it now stands (corrections applied), with its id and recorded time."""
    current = occurrence.current()
    data: dict[str, Any] = {"id": str(occurrence.id), "type": type(current).__name__, **current.payload(),
                            "recorded": occurrence.created.timestamp.isoformat()}
    if occurrence.corrections:
        data["corrections"] = [c.reason for c in occurrence.corrections]
    if occurrence.retraction:
        data["retracted"] = occurrence.retraction.reason
    return data


def history(occurrence: Occurrence) -> list[dict[str, Any]]:
    """Return an occurrence's stored events as native JSON Lines objects, oldest first."""
    events = [occurrence.created, *occurrence.corrections, *([occurrence.retraction] if occurrence.retraction else [])]
    return [event_to_line(e) for e in events]
