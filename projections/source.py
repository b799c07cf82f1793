"""Where the queries read from: visible facts at a clock triple, selected from the materialised views.

The replay oracle offers the same interface from a fold of the log (`projections.replay`), so one
assembly per view (in the view's module) serves both.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple, Protocol

import orjson

from projections.actorfacts import SqlFacts
from projections.dialect import Dialect
from projections.facts import Seen
from projections.representation import ActorFacts
from projections.tables import contacts, denials, incidents, occurrences, stances
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


class DenialFact(NamedTuple):
    """A visible denial: the denying occurrence, what it denies (and which claim), who, and the quote."""

    seen: Seen
    target: str
    claim: int | None
    denier: str
    quote: str | None


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

    def denials(self, targets: Collection[str] | None) -> list[DenialFact]:
        """Denials of the given occurrences (or all)."""

    def contacts(self, side_a: Collection[str], side_b: Collection[str], until: int) -> list[Seen]:
        """Contacts with a participant in each side that occurred up to `until`."""

    def attacks(self, ref: str | None) -> list[Seen]:
        """Attacks (one by key or id, or all)."""

    def links(self, attacks: Collection[str]) -> list[LinkFact]:
        """Reports bearing on the given attacks."""


def seen_row(row: Any) -> Seen:
    """Rebuild a Seen from the occurrence columns of a row (see tables.occurrences.COLUMNS)."""
    return Seen(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], orjson.loads(row[9]))


def _marks(values: Collection[str]) -> str:
    return ",".join("?" * len(values))


class SqlSource:
    """Visible facts selected from the view tables with the clocks as indexed integer bounds."""

    def __init__(self, cursor: Any, dialect: Dialect, clocks: Clocks):
        self.cursor = cursor
        self.d = dialect
        self.clocks = clocks
        self.facts = SqlFacts(cursor, dialect, clocks.recorded_at)
        c = clocks
        self.visible = (c.at, c.known_at, c.known_at, c.recorded_at, c.recorded_at)

    def _rows(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        self.cursor.execute(self.d.sql(statement), self.visible + params)
        return self.d.rows(self.cursor)

    def occurrences(self, actors: Collection[str] | None, topic: str | None) -> list[Seen]:
        """Occurrences touching any of `actors` (or all) and `topic` (or any)."""
        if actors is not None:
            rows = self._rows(occurrences.SELECT_BY_ACTORS.format(marks=_marks(actors)), tuple(actors))
        elif topic is not None:
            rows = self._rows(occurrences.SELECT_BY_TOPIC, (topic,))
        else:
            rows = self._rows(occurrences.SELECT_ALL)
        return [seen_row(r) for r in rows]

    def stances(self, subjects: Collection[str] | None = None, topic: str | None = None,
                occs: Collection[str] | None = None) -> list[StanceFact]:
        """Stances by subjects, topic and/or occurrence ids."""
        if occs is not None:
            if not occs:
                return []
            rows = self._rows(stances.SELECT_BY_OCCS.format(marks=_marks(occs)), tuple(occs))
        elif subjects is not None and topic is not None:
            rows = self._rows(stances.SELECT_BY_SUBJECTS_TOPIC.format(marks=_marks(subjects)), (*subjects, topic))
        elif subjects is not None:
            rows = self._rows(stances.SELECT_BY_SUBJECTS.format(marks=_marks(subjects)), tuple(subjects))
        elif topic is not None:
            rows = self._rows(stances.SELECT_BY_TOPIC, (topic,))
        else:
            rows = self._rows(stances.SELECT_ALL)
        return [StanceFact(seen_row(r), *r[10:]) for r in rows]

    def denials(self, targets: Collection[str] | None) -> list[DenialFact]:
        """Denials of the given occurrences (or all)."""
        if targets is None:
            rows = self._rows(denials.SELECT_ALL)
        elif not targets:
            return []
        else:
            rows = self._rows(denials.SELECT_BY_TARGETS.format(marks=_marks(targets)), tuple(targets))
        return [DenialFact(seen_row(r), *r[10:]) for r in rows]

    def contacts(self, side_a: Collection[str], side_b: Collection[str], until: int) -> list[Seen]:
        """Contacts with a participant in each side that occurred up to `until`."""
        statement = contacts.SELECT_BETWEEN.format(marks=_marks(side_a), marks2=_marks(side_b))
        return [seen_row(r) for r in self._rows(statement, (until, *side_a, *side_b))]

    def attacks(self, ref: str | None) -> list[Seen]:
        """Attacks (one by key or id, or all)."""
        if ref is None:
            return [seen_row(r) for r in self._rows(incidents.SELECT_ATTACKS)]
        return [seen_row(r) for r in self._rows(incidents.SELECT_ATTACKS_BY_REF, (ref, ref))]

    def links(self, attacks: Collection[str]) -> list[LinkFact]:
        """Reports bearing on the given attacks."""
        if not attacks:
            return []
        rows = self._rows(incidents.SELECT_LINKS.format(marks=_marks(attacks)), tuple(attacks))
        return [LinkFact(seen_row(r), *r[10:]) for r in rows]


@contextmanager
def materialised(store: Any, at: str | None = None, known_at: str | None = None,
                 recorded_at: str | None = None) -> Iterator[SqlSource]:
    """Bring the views up to date, then read them at a clock triple (None means now)."""
    clocks = Clocks.parse(at, known_at, recorded_at)
    views = store.views
    views.catch_up()
    with views.datastore.transaction(commit=False) as cursor:
        yield SqlSource(cursor, views.d, clocks)


def resolve_actor(store: Any, ref: str | None, field: str = "actor") -> str | None:
    """Turn an actor reference (key, name, alias, Wikidata id) into its key, or fail with suggestions."""
    if ref is None:
        return None
    key = store.directory.lookup(ref)
    if key is None:
        raise store.directory.not_found(ref, field=field)
    return key
