"""Contacts between two sides (person, state or group) with rank, portfolio and mode filters, each with
the previous contact between the same sides and the gap in days."""

from __future__ import annotations

from typing import Any

from domain.clocks import bound, to_micros
from domain.errors import InvalidInput
from domain.vocabulary import CONTACT_MODES, RANKS
from projections.facts import CODED, Seen
from projections.representation import ActorFacts, candidates, speaks_for
from projections.source import Source, resolve_actor
from projections.sqlsource import materialised
from projections.timeclock import ALWAYS, NEVER, clock_named, micros

DAY_US = 86_400_000_000


def contacts(store: Any, *, between: str, and_: str, since: str | None = None, until: str | None = None,
             rank: str | None = None, portfolio: str | None = None, mode: str | None = None,
             at: str | None = None, known_at: str | None = None, recorded_at: str | None = None) -> dict[str, Any]:
    """Answer `geoevents contacts --between A --and B` from the materialised views."""
    if rank is not None and rank not in RANKS:
        raise InvalidInput(f"unknown rank '{rank}' (one of: {', '.join(RANKS)})", field="rank")
    if mode is not None and mode not in CONTACT_MODES:
        raise InvalidInput(f"unknown mode '{mode}' (one of: {', '.join(CONTACT_MODES)})", field="mode")
    side_a, side_b = resolve_actor(store, between, "between"), resolve_actor(store, and_, "and")
    with clock_named("since"):
        since_us = micros(since) if since is not None else ALWAYS
    with clock_named("until"):
        until_us = to_micros(bound(until)) if until is not None else NEVER
    with materialised(store, at, known_at, recorded_at) as source:
        return contacts_from(source, side_a, side_b, since_us, until_us, rank, portfolio, mode)  # type: ignore[arg-type]


def sides_meet(seen: Seen, a: str, b: str, facts: ActorFacts, rank: str | None, portfolio: str | None) -> bool:
    """Tell whether two different participants speak for side a and side b on the contact's date."""
    people = list(dict.fromkeys(seen.data["participants"]))
    instant = seen.occ_us
    for_a = [p for p in people if speaks_for(p, a, instant, facts, rank, portfolio)]
    for_b = [p for p in people if speaks_for(p, b, instant, facts, rank, portfolio)]
    return any(x != y for x in for_a for y in for_b)


def contacts_from(source: Source, a: str, b: str, since: int, until: int, rank: str | None,
                  portfolio: str | None, mode: str | None) -> dict[str, Any]:
    """Assemble contacts from any source of visible facts (the previous contact may precede `since`)."""
    facts = source.facts
    found = [s for s in source.contacts(candidates(a, facts), candidates(b, facts), until)
             if s.occ_us <= until and (mode is None or s.data.get("mode") == mode)
             and sides_meet(s, a, b, facts, rank, portfolio)]
    found.sort(key=lambda s: s.order)
    found = one_a_day(found)
    out: list[dict[str, Any]] = []
    previous: Seen | None = None
    for s in found:
        if s.occ_us >= since:
            out.append({**contact_fields(s), "previous": previous.occurred if previous else None,
                        "gap_days": (s.occ_us - previous.occ_us) // DAY_US if previous else None,
                        "id": s.id, "key": s.key})
        previous = s
    return {"contacts": out, "count": len(out)}


def one_a_day(found: list[Seen]) -> list[Seen]:
    """Drop the imported rows that repeat a contact (the event-data "one-a-day" rule): coded data writes one
    meeting as many rows (ICEWS: A→B and B→A for a consultation, 042 and 043 for a visit, a row per sentence and
    per story that tells of it), so on one date between the same participants the imported rows are one contact,
    the first in "latest" order, and none where an analyst recorded that contact; every row stays stored."""
    recorded = {_date_and_sides(s) for s in found if CODED not in s.data}
    listed: set[tuple[str, frozenset[str]]] = set()
    kept: list[Seen] = []
    for s in found:
        if CODED in s.data:
            same = _date_and_sides(s)
            if same in recorded or same in listed:
                continue
            listed.add(same)
        kept.append(s)
    return kept


def _date_and_sides(seen: Seen) -> tuple[str, frozenset[str]]:
    """What makes two records one contact under the one-a-day rule: the date of `occurred` as given (a time of day
    left out, in the record's own offset; a month or a year as such) and the set of participants."""
    return seen.occurred.split("T", 1)[0], frozenset(seen.data["participants"])


def contact_fields(seen: Seen) -> dict[str, Any]:
    """The fields of a contact that do not depend on the sides asked about: when, who, how, on whose call."""
    return {"occurred": seen.occurred, "participants": seen.data["participants"], "mode": seen.data.get("mode"),
            "initiated_by": seen.data.get("initiated_by")}
