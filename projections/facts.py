"""What an occurrence says, as plain tuples: stances, denials, incident links, actors and topics touched.

Shared by the materialised views (at projection time) and the replay oracle (at query time).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from domain.catalogue import OCCURRENCE_TYPES
from domain.errors import InvalidInput
from projections.timeclock import micros, recorded_micros

DROPPED = frozenset(("provenance", "timestamp"))
OWN_EXPORT = "geoevents"
"""The field of our own PLOVER export that names the occurrence it was in another store: a record imported from it
is an analyst's record, not coded data."""
CODED = "_coded"
"""The data key naming the upstream dataset an imported contact came from (`icews`): on one day between the same
participants, imported rows are one contact, and none beside a contact an analyst recorded (`contacts_from`)."""
_ACTOR_FIELDS = {name: tuple(kind.actor_fields) for name, kind in OCCURRENCE_TYPES.items()}
_TOPICAL = frozenset(("AccusationMade", "CooperationOffered"))


class Seen(NamedTuple):
    """An occurrence as it stands at a clock triple: identity, clocks and its (trimmed) fields (a named
    tuple: one is built per projected row and per row a query reads)."""

    id: str
    type: str
    key: str | None
    occurred: str
    reported: str
    occ_us: int
    rep_us: int
    rec_us: int
    data: dict[str, Any]
    pos: int
    """The position of the occurrence's creation event in the log."""

    @property
    def order(self) -> tuple[int, int, int, int]:
        """Sort key of "latest": occurred start, then reported, then recorded, then place in the log (which a
        JSON Lines export keeps, so another store that appends it orders ties as this one does)."""
        return (self.occ_us, self.rep_us, self.rec_us, self.pos)


def seen(stream_id: str, name: str, state: dict[str, Any], pos: int) -> Seen:
    """Build the visible form of one state of an occurrence, created at `pos` in the log."""
    rec = recorded_micros(state["timestamp"])
    reported = state.get("reported")
    data = {k: v for k, v in state.items() if v is not None and k not in DROPPED}
    provenance = state.get("provenance") if name == "ContactMade" else None
    if provenance and OWN_EXPORT not in (provenance.get("row") or {}):
        data[CODED] = provenance.get("dataset") or "?"
    return Seen(stream_id, name, state.get("key"), state["occurred"], reported or _as_clock(state["timestamp"]),
                micros(state["occurred"]), micros(reported) if reported else rec, rec, data, pos)


def _as_clock(timestamp: str) -> str:
    """A stored `recorded` time as a `reported` clock value is written (`+00:00`, not `Z`), so a record public
    from when it was recorded reads the same as one that gives that instant (as an export does)."""
    return timestamp[:-1] + "+00:00" if timestamp.endswith("Z") else timestamp


Stance = tuple[str, str, str, str, str | None, int | None, str, str | None]
"""(subject, topic, speaker, stance, quote, claim index, kind, about actor)."""


def denied_topics(target: tuple[str, dict[str, Any]] | None, claim: int | None) -> list[str]:
    """Topics a denial is about: the denied claim's, all claims', the accusation's, or the target's."""
    if target is None:
        return []
    name, state = target
    if name == "StatementMade":
        claims = state.get("claims", [])
        if claim is not None:
            return [claims[claim]["topic"]] if 0 <= claim < len(claims) else []
        return list(dict.fromkeys(c["topic"] for c in claims))
    if name == "AccusationMade":
        return [state["topic"]]
    return list(dict.fromkeys(state.get("topics", [])))


def stances(name: str, state: dict[str, Any], target: tuple[str, dict[str, Any]] | None = None) -> list[Stance]:
    """Every stance an occurrence expresses (a denial needs its target's type and state)."""
    if name == "StatementMade":
        return [(c["subject"], c["topic"], state["speaker"], c["stance"], c.get("quote"), i, "claim", None)
                for i, c in enumerate(state["claims"])]
    if name == "ClaimDenied":
        denier = state["denier"]
        return [(denier, t, denier, "denies", state.get("quote"), None, "denial", None)
                for t in denied_topics(target, state.get("claim"))]
    if name == "AccusationMade":
        return [(state["accuser"], state["topic"], state["accuser"], "accuses", state.get("quote"), None,
                 "accusation", state["accused"])]
    if name == "CooperationOffered":
        return [(state["offerer"], state["domain"], state["offerer"], "offers-cooperation", state.get("quote"),
                 None, "cooperation", None)]
    return []


Denial = tuple[str, int | None, str, str | None]
"""(denied occurrence id, claim index or None, denier, quote)."""


def denial(name: str, state: dict[str, Any]) -> Denial | None:
    """The denial a ClaimDenied makes, or None for other types."""
    if name != "ClaimDenied":
        return None
    return (state["denies"], state.get("claim"), state["denier"], state.get("quote"))


Link = tuple[str, str, int | None, int | None, str | None, int | None]
"""(attack id, kind: casualties|claim|arrest, killed, injured, actor, arrest count)."""


def link(name: str, state: dict[str, Any]) -> Link | None:
    """How an occurrence bears on an attack (new toll, claim of responsibility, arrests), if it does."""
    if name == "CasualtiesReported":
        return (state["attack"], "casualties", state.get("killed"), state.get("injured"), state.get("reporter"), None)
    if name == "ResponsibilityClaimed":
        return (state["attack"], "claim", None, None, state["claimant"], None)
    if name == "ArrestsMade" and state.get("in_connection_with"):
        return (state["in_connection_with"], "arrest", None, None, state["authority"], state["count"])
    return None


def actors_touched(name: str, state: dict[str, Any]) -> list[str]:
    """Actor keys an occurrence refers to (its actor fields and claim subjects), in order, once each."""
    found: list[str] = []
    for field_name in _ACTOR_FIELDS[name]:
        value = state.get(field_name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(v if isinstance(v, str) else v["actor"] for v in value)
    claims = state.get("claims")
    if claims:
        found.extend(c["subject"] for c in claims)
    return found if len(found) < 2 else list(dict.fromkeys(found))


def asked_topic(topic: str | None) -> str | None:
    """Return a topic a query asks for, refusing a blank one: it would match nothing in one view and, read as no
    topic, everything in another; a typo never silently widens or empties a query."""
    if topic is not None and not topic.strip():
        raise InvalidInput("a blank topic matches nothing; leave the topic out for every topic", field="topic")
    return topic


def about_topic(topic: str, topics: list[str]) -> bool:
    """Tell whether a topic asked for is among an occurrence's topics, in any case (`Moscow-Attack` finds
    `moscow-attack`): how the timeline and the listing select by topic."""
    wanted = topic.casefold()
    return any(t.casefold() == wanted for t in topics)


def topics_touched(name: str, state: dict[str, Any]) -> list[str]:
    """Topics an occurrence is about: its topics, its claims' topics, an accusation's or offer's topic."""
    found = list(state.get("topics", ()))
    claims = state.get("claims")
    if claims:
        found.extend(c["topic"] for c in claims)
    if name in _TOPICAL:
        found.extend(state[extra] for extra in ("topic", "domain") if state.get(extra))
    return found if len(found) < 2 else list(dict.fromkeys(found))
