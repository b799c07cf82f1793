"""Two sources of actor facts at a recorded_at: the view tables (SQL) and folded actors (memory)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from domain.actors import Actor, Term
from projections.dialect import Dialect
from projections.representation import TermFact
from projections.tables import actors as table
from projections.timeclock import micros


def term_fact(holder: str, kind: str, term: Term) -> TermFact:
    """Turn a domain term (office or membership) into a TermFact."""
    return TermFact(holder, kind, term.what, term.of, term.rank, term.portfolio, term.since, micros(term.since),
                    term.until, micros(term.until) if term.until else None)


class SqlFacts:
    """Actor facts read lazily from the view tables, as recorded at or before `recorded_at`."""

    def __init__(self, cursor: Any, dialect: Dialect, recorded_at: int):
        self.cursor = cursor
        self.d = dialect
        self.r = recorded_at
        self.actor = lru_cache(maxsize=None)(self._actor)
        self.offices_held = lru_cache(maxsize=None)(lambda k: self._terms(table.SELECT_TERMS_HELD, k, "office"))
        self.office_holders = lru_cache(maxsize=None)(lambda k: self._terms(table.SELECT_TERMS_OF, k, "office"))
        self.groups_joined = lru_cache(maxsize=None)(lambda k: self._terms(table.SELECT_TERMS_HELD, k, "membership"))
        self.members = lru_cache(maxsize=None)(lambda k: self._terms(table.SELECT_TERMS_OF, k, "membership"))
        self.parts = lru_cache(maxsize=None)(self._parts)

    def _rows(self, statement: str, params: tuple[Any, ...]) -> list[Any]:
        self.cursor.execute(self.d.sql(statement), params)
        return self.d.rows(self.cursor)

    def _actor(self, key: str) -> tuple[str, str | None, str] | None:
        rows = self._rows(table.SELECT_ACTOR, (key, self.r))
        return tuple(rows[0]) if rows else None  # type: ignore[return-value]

    def _terms(self, statement: str, key: str, kind: str) -> list[TermFact]:
        return [TermFact(*row) for row in self._rows(statement, (self.r, self.r, self.r, key)) if row[1] == kind]

    def _parts(self, of: str) -> list[str]:
        return [row[0] for row in self._rows(table.SELECT_PARTS, (of, self.r))]

    def kind(self, key: str) -> str | None:
        """Return the kind of an actor, or None when it is not registered."""
        found = self.actor(key)
        return found[0] if found else None

    def part_of(self, key: str) -> str | None:
        """Return the state (or organisation) an organisation belongs to."""
        found = self.actor(key)
        return found[1] if found else None

    def aliases(self, key: str) -> list[str]:
        """Return the aliases recorded for an actor."""
        return [row[0] for row in self._rows(table.SELECT_ALIASES, (key, self.r))]


class MemoryFacts:
    """Actor facts from actors folded in memory (the replay oracle)."""

    def __init__(self, folded: dict[str, Actor]):
        self.folded = folded
        self._held: dict[str, list[TermFact]] = {}
        self._of: dict[str, list[TermFact]] = {}
        self._joined: dict[str, list[TermFact]] = {}
        self._members: dict[str, list[TermFact]] = {}
        self._parts: dict[str, list[str]] = {}
        for key, actor in folded.items():
            for term in actor.offices:
                fact = term_fact(key, "office", term)
                self._held.setdefault(key, []).append(fact)
                self._of.setdefault(term.of, []).append(fact)
            for term in actor.memberships:
                fact = term_fact(key, "membership", term)
                self._joined.setdefault(key, []).append(fact)
                self._members.setdefault(term.of, []).append(fact)
            if actor.part_of:
                self._parts.setdefault(actor.part_of, []).append(key)

    def kind(self, key: str) -> str | None:
        """Return the kind of an actor, or None when it is not registered."""
        return self.folded[key].kind if key in self.folded else None

    def part_of(self, key: str) -> str | None:
        """Return the state (or organisation) an organisation belongs to."""
        return self.folded[key].part_of if key in self.folded else None

    def offices_held(self, key: str) -> list[TermFact]:
        """Return the offices a holder ever held."""
        return self._held.get(key, [])

    def office_holders(self, of: str) -> list[TermFact]:
        """Return the offices of a state or organisation, with their holders."""
        return self._of.get(of, [])

    def groups_joined(self, key: str) -> list[TermFact]:
        """Return an actor's group memberships."""
        return self._joined.get(key, [])

    def members(self, group: str) -> list[TermFact]:
        """Return a group's memberships."""
        return self._members.get(group, [])

    def parts(self, of: str) -> list[str]:
        """Return the organisations whose part_of is `of`."""
        return sorted(self._parts.get(of, []))
