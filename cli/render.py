"""Rendering actors and occurrences for people (Rich text) and machines (JSON-ready data)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from cli.context import out
from domain.actors import Actor, Term
from domain.clocks import bound
from domain.occurrences import Occurrence
from store.jsonl import event_to_line


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


def print_actor(data: dict[str, Any]) -> None:
    """Print an actor described by `describe_actor` as a few lines of text."""
    facts = [data["key"], data["kind"], data["wikidata"], f"part of {data['part_of']}" if data["part_of"] else None]
    out.print(f"[bold]{escape(data['name'])}[/] ({escape(', '.join(f for f in facts if f))})", markup=True)
    out.print("aliases: " + (", ".join(data["aliases"]) or "-"), highlight=False, markup=False)
    for o in data["offices"]:
        extra = ", ".join(x for x in (o["rank"], o["portfolio"]) if x)
        out.print(f"office: {o['office']} of {o['of']} ({extra}) from {o['from']}"
                  + (f" until {o['until']}" if o["until"] else ""), highlight=False, markup=False)
    for m in data.get("members", []):
        out.print(f"member: {m['actor']} from {m['from']}" + (f" until {m['until']}" if m["until"] else ""),
                  highlight=False, markup=False)
    for m in data["memberships"]:
        out.print(f"member of {m['group']} from {m['from']}" + (f" until {m['until']}" if m["until"] else ""),
                  highlight=False, markup=False)


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
