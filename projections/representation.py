"""Who speaks for whom on a date: office holders and ministries for their state, members for groups.

A person holding an office of S on the date, or of an organisation whose `part_of` is S (a spokesperson of
S's foreign ministry), or an organisation whose `part_of` is S, represents S;
a group is matched by its members on the date (membership covering it) and their representatives.
Actor facts (offices, memberships, part_of) count from the moment the store recorded them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.vocabulary import RANK_ORDER


@dataclass(frozen=True, slots=True)
class TermFact:
    """An office or group membership as the store held it: holder, of what, rank, dates (micros)."""

    holder: str
    kind: str
    what: str
    of: str
    rank: str | None
    portfolio: str | None
    since: str
    since_us: int
    until: str | None
    until_us: int | None

    def covers(self, instant: int) -> bool:
        """Tell whether the term covers an instant (start inclusive, end exclusive)."""
        return self.since_us <= instant and (self.until_us is None or instant < self.until_us)

    def qualifies(self, rank: str | None, portfolio: str | None) -> bool:
        """Tell whether the office meets a rank (that rank or more senior) and portfolio filter."""
        if rank is not None and (self.rank is None or RANK_ORDER[self.rank] > RANK_ORDER[rank]):
            return False
        return portfolio is None or self.portfolio == portfolio


class ActorFacts(Protocol):
    """Registry facts as the store held them at one recorded_at."""

    def kind(self, key: str) -> str | None:
        """Return the kind of an actor, or None when it is not registered."""

    def part_of(self, key: str) -> str | None:
        """Return the state (or organisation) an organisation belongs to."""

    def offices_held(self, key: str) -> list[TermFact]:
        """Return the offices a holder ever held."""

    def office_holders(self, of: str) -> list[TermFact]:
        """Return the offices of a state or organisation, with their holders."""

    def groups_joined(self, key: str) -> list[TermFact]:
        """Return an actor's group memberships."""

    def members(self, group: str) -> list[TermFact]:
        """Return a group's memberships."""

    def parts(self, of: str) -> list[str]:
        """Return the organisations whose part_of is `of`."""


def speaks_for(p: str, side: str, instant: int, facts: ActorFacts, rank: str | None = None,
               portfolio: str | None = None, _seen: frozenset[str] = frozenset()) -> bool:
    """Tell whether actor p is, or speaks for, `side` at an instant (with an optional rank/portfolio).

    With a rank or portfolio filter, p must hold a qualifying office: of `side`, or (when p is the
    side and a person) of anything; a state, ministry or group as such has no rank.
    """
    filtered = rank is not None or portfolio is not None
    offices = [t for t in facts.offices_held(p) if t.covers(instant) and t.qualifies(rank, portfolio)]
    if p == side:
        if not filtered or (facts.kind(p) == "person" and offices):
            return True
    elif any(t.of == side or facts.part_of(t.of) == side for t in offices) or \
            (not filtered and facts.part_of(p) == side):
        return True
    seen = _seen | {side}
    return any(m.covers(instant) and m.holder not in seen
               and speaks_for(p, m.holder, instant, facts, rank, portfolio, seen)
               for m in facts.members(side))


def stands_for(subject: str, instant: int, facts: ActorFacts) -> set[str]:
    """The subject and what it stands for itself at an instant: what it holds an office of, and the state or
    organisation each of those is part of (its groups not included: each member speaks for itself)."""
    offices = {t.of for t in facts.offices_held(subject) if t.covers(instant)}
    found = {subject, *offices}
    for actor in (subject, *offices):
        parent = facts.part_of(actor)
        if parent:
            found.add(parent)
    return found


def counted_for(subject: str, instant: int, facts: ActorFacts) -> set[str]:
    """Every actor a subject's stance counts for at an instant: itself, what it represents, their groups."""
    found = stands_for(subject, instant, facts)
    todo = list(found)
    while todo:
        for m in facts.groups_joined(todo.pop()):
            if m.covers(instant) and m.of not in found:
                found.add(m.of)
                todo.append(m.of)
    return found


def candidates(side: str, facts: ActorFacts) -> set[str]:
    """Every actor that might speak for `side` on some date (a superset, for indexed pre-selection)."""
    found: set[str] = set()
    todo = [side]
    while todo:
        actor = todo.pop()
        if actor in found:
            continue
        found.add(actor)
        found.update(t.holder for t in facts.office_holders(actor))
        found.update(facts.parts(actor))
        found.update(t.holder for part in facts.parts(actor) for t in facts.office_holders(part))
        todo.extend(m.holder for m in facts.members(actor))
    return found
