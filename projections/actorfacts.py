"""Actor facts (registry, offices, memberships) as held at a recorded_at, in memory.

The materialised side loads the small registry tables once per views position and filters them by
recorded_at (cached); the replay oracle builds the same structure from actors folded in memory.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
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


class Registry:
    """Actors (key -> kind, part_of, name), their aliases and terms, indexed for the representation rules."""

    def __init__(self, actors: dict[str, tuple[str, str | None, str]], aliases: dict[str, list[str]],
                 terms: Iterable[TermFact]):
        self._actors = actors
        self._aliases = aliases
        self._index: dict[tuple[str, str, str], list[TermFact]] = {}
        for t in terms:
            self._index.setdefault(("held", t.kind, t.holder), []).append(t)
            self._index.setdefault(("of", t.kind, t.of), []).append(t)
        self._parts: dict[str, list[str]] = {}
        for key, (_, parent, _) in sorted(actors.items()):
            if parent:
                self._parts.setdefault(parent, []).append(key)

    def actor(self, key: str) -> tuple[str, str | None, str] | None:
        """Return (kind, part_of, name) of a registered actor, or None."""
        return self._actors.get(key)

    def aliases(self, key: str) -> list[str]:
        """Return the aliases recorded for an actor, sorted."""
        return sorted(self._aliases.get(key, []))

    def kind(self, key: str) -> str | None:
        """Return the kind of an actor, or None when it is not registered."""
        found = self._actors.get(key)
        return found[0] if found else None

    def part_of(self, key: str) -> str | None:
        """Return the state (or organisation) an organisation belongs to."""
        found = self._actors.get(key)
        return found[1] if found else None

    def offices_held(self, key: str) -> list[TermFact]:
        """Return the offices a holder ever held."""
        return self._index.get(("held", "office", key), [])

    def office_holders(self, of: str) -> list[TermFact]:
        """Return the offices of a state or organisation, with their holders."""
        return self._index.get(("of", "office", of), [])

    def groups_joined(self, key: str) -> list[TermFact]:
        """Return an actor's group memberships."""
        return self._index.get(("held", "membership", key), [])

    def members(self, group: str) -> list[TermFact]:
        """Return a group's memberships."""
        return self._index.get(("of", "membership", group), [])

    def parts(self, of: str) -> list[str]:
        """Return the organisations whose part_of is `of`."""
        return self._parts.get(of, [])


def folded_registry(folded: dict[str, Actor]) -> Registry:
    """The registry of actors folded in memory (the replay oracle)."""
    terms = [term_fact(key, "office", t) for key, a in folded.items() for t in a.offices]
    terms += [term_fact(key, "membership", t) for key, a in folded.items() for t in a.memberships]
    return Registry({k: (a.kind, a.part_of, a.name) for k, a in folded.items()},
                    {k: list(a.aliases) for k, a in folded.items()}, terms)


class RegistryCache:
    """The registry tables loaded once per views position, filtered by recorded_at (cached per cut)."""

    def __init__(self) -> None:
        self.position: int | None = None
        self.rows: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        self.cuts: list[int] = []
        self.cache: dict[int, Registry] = {}

    def at(self, cursor: Any, d: Dialect, position: int, recorded_at: int) -> Registry:
        """Return the registry as recorded by `recorded_at`, reloading the tables when the views moved."""
        if position != self.position:
            loaded = []
            for statement in (table.SELECT_ALL_ACTORS, table.SELECT_ALL_ALIASES, table.SELECT_ALL_TERMS):
                cursor.execute(d.sql(statement))
                loaded.append([tuple(row) for row in d.rows(cursor)])
            actors, aliases, terms = loaded
            self.rows = (actors, aliases, terms)
            self.cuts = sorted({r[-1] for rows in loaded for r in rows} | {t[-2] for t in terms if t[-2] is not None})
            self.cache, self.position = {}, position
        cut = bisect_right(self.cuts, recorded_at)
        if cut not in self.cache:
            self.cache[cut] = self._build(self.cuts[cut - 1] if cut else None)
        return self.cache[cut]

    def _build(self, limit: int | None) -> Registry:
        """Build the registry of everything recorded at or before `limit` (None: nothing)."""
        def kept(rec: int | None) -> bool:
            return rec is not None and limit is not None and rec <= limit
        actors, aliases, terms = self.rows
        found_aliases: dict[str, list[str]] = {}
        for actor, alias, rec in aliases:
            if kept(rec):
                found_aliases.setdefault(actor, []).append(alias)
        facts = [TermFact(*t[:8], t[8] if kept(t[10]) else None, t[9] if kept(t[10]) else None)
                 for t in terms if kept(t[11])]
        return Registry({a[0]: (a[2], a[3], a[1]) for a in actors if kept(a[4])}, found_aliases, facts)
