"""What the queries read: visible facts at a clock triple, from the views (`projections.sqlsource`) or
from a fold of the log (`projections.replay`); one assembly per view (in its module) serves both.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any, NamedTuple, Protocol

from projections.facts import Seen
from projections.representation import ActorFacts
from projections.timeclock import Clocks


class StanceFact(NamedTuple):
    """A visible stance: the occurrence, then subject, topic, speaker, stance, quote, claim, kind, about."""

    seen: Seen
    seq: int
    subject: str
    topic: str
    speaker: str
    stance: str
    quote: str | None
    claim: int | None
    kind: str
    about: str | None


def stance_order(st: StanceFact) -> tuple[tuple[int, int, int, int], int]:
    """Sort key of "latest" among stances: the occurrence's order, then the claim index."""
    return (st.seen.order, st.seq)


class DenialFact(NamedTuple):
    """A visible denial: the denying occurrence, what it denies (and which claim), who, and the quote."""

    seen: Seen
    target: str
    claim: int | None
    denier: str
    quote: str | None


class Denials:
    """Visible denials by the occurrence they deny, so that finding a stance's denials costs one look-up, not a
    scan of every denial (which made `disputes` and `positions` quadratic on a large store)."""

    def __init__(self, denials: Iterator[DenialFact] | list[DenialFact]):
        self.by_target: dict[str, list[DenialFact]] = {}
        for d in denials:
            self.by_target.setdefault(d.target, []).append(d)

    def of(self, st: StanceFact) -> list[DenialFact]:
        """The denials of a stance, in the order given: of its occurrence as a whole, or of its claim."""
        return [d for d in self.by_target.get(st.seen.id, ()) if d.claim is None or d.claim == st.claim]


class LinkFact(NamedTuple):
    """A visible report bearing on an attack: casualties, a claim of responsibility or arrests."""

    seen: Seen
    attack: str
    kind: str
    killed: int | None
    injured: int | None
    actor: str | None
    count: int | None


class Source(Protocol):
    """Visible facts at one clock triple; filters only pre-select (callers check exactly)."""

    clocks: Clocks
    facts: ActorFacts

    def occurrences(self, actors: Collection[str] | None, topic: str | None) -> list[Seen]:
        """Occurrences touching any of `actors` (or all) and `topic` (or any)."""

    def stances(self, subjects: Collection[str] | None = None, topic: str | None = None,
                occs: Collection[str] | None = None) -> list[StanceFact]:
        """Stances by subjects, topic and/or occurrence ids."""

    def latest_stances(self, subjects: Collection[str], topic: str) -> Iterator[StanceFact]:
        """Stances by subjects on one topic, latest first (by occurrence order, then claim index)."""

    def denials(self, targets: Collection[str] | None) -> list[DenialFact]:
        """Denials of the given occurrences (or all)."""

    def contacts(self, side_a: Collection[str], side_b: Collection[str], until: int) -> list[Seen]:
        """Contacts with a participant in each side that occurred up to `until`."""

    def attacks(self, ref: str | None) -> list[Seen]:
        """Attacks (one by key or id, or all)."""

    def links(self, attacks: Collection[str]) -> list[LinkFact]:
        """Reports bearing on the given attacks."""

    def sources(self, occs: Collection[str]) -> dict[str, list[dict[str, Any]]]:
        """The `sources` of the given occurrences, as each stands (those without any are left out)."""


def resolve_actor(store: Any, ref: str | None, field: str = "actor") -> str | None:
    """Turn an actor reference (key, name, alias, Wikidata id) into its key, or fail with suggestions."""
    if ref is None:
        return None
    key = store.directory.lookup(ref)
    if key is None:
        raise store.directory.not_found(ref, field=field)
    return key
