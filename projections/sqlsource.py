"""Visible facts selected from the materialised views with the clocks as indexed integer bounds."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from projections.actorfacts import RegistryCache
from projections.dialect import Dialect
from projections.facts import Seen
from projections.source import DenialFact, LinkFact, StanceFact, stance_order
from projections.tables import contacts, denials, incidents, occurrences, stances
from projections.timeclock import Clocks


def seen_row(row: Any) -> Seen:
    """Rebuild a Seen from the occurrence columns of a row (see tables.occurrences.COLUMNS)."""
    return Seen(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                orjson.loads(row[9]) if row[9] is not None else {}, row[10])


CHUNK = 500
"""Values per list of `Dialect.among` (SQLite and PostgreSQL both accept far more; this keeps statements small)."""
FIRST_CHUNK = 16
"""Stances read in full first by `latest_stances` (the latest stated and attributed ones are mostly among them)."""


class SqlSource:
    """Visible facts selected from the view tables with the clocks as indexed integer bounds."""

    def __init__(self, cursor: Any, dialect: Dialect, clocks: Clocks, registry: RegistryCache,
                 position: int | None = None):
        self.cursor = cursor
        self.d = dialect
        self.clocks = clocks
        if position is None:  # the views' position, unless the caller just read it
            cursor.execute(dialect.sql("SELECT position FROM pv_tracking WHERE name = 'views'"))
            position = dialect.rows(cursor)[0][0]
        self.facts = registry.at(cursor, dialect, position, clocks.recorded_at)
        c = clocks
        self.visible = (c.at, c.known_at, c.known_at, c.recorded_at, c.recorded_at)

    def _rows(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        self.cursor.execute(self.d.sql(statement), self.visible + params)
        return self.d.rows(self.cursor)

    def _keyed(self, statement: str, ref: str) -> list[Any]:
        """Run a look-up whose parameter comes before the visibility bounds."""
        self.cursor.execute(self.d.sql(statement), (ref, *self.visible))
        return self.d.rows(self.cursor)

    def _rows_among(self, statement: str, values: Collection[Any], *after: Any) -> list[Any]:
        """Run a statement whose `{among}` is one list of values (then the parameters `after`)."""
        among, params = self.d.among(list(values))
        return self._rows(statement.format(among=among), (*params, *after))

    def _rows_in(self, statement: str, values: Collection[str]) -> list[Any]:
        """Run a statement with one `{among}` list, in chunks that stay under parameter limits."""
        ordered, found = sorted(values), []
        for i in range(0, len(ordered), CHUNK):
            found.extend(self._rows_among(statement, ordered[i:i + CHUNK]))
        return found

    def occurrences(self, actors: Collection[str] | None, topic: str | None) -> list[Seen]:
        """Occurrences touching any of `actors` (or all) and `topic` (or any, in any case; the caller
        checks the topic of those selected by actor)."""
        if actors is not None:
            rows = self._rows_among(occurrences.SELECT_BY_ACTORS, actors)
        elif topic is not None:
            rows = self._rows(occurrences.SELECT_BY_TOPIC, (topic.casefold(),))
        else:
            rows = self._rows(occurrences.SELECT_ALL)
        return [seen_row(r) for r in rows]

    def stances(self, subjects: Collection[str] | None = None, topic: str | None = None,
                occs: Collection[str] | None = None) -> list[StanceFact]:
        """Stances by subjects, topic and/or occurrence ids."""
        if occs is not None:
            if not occs:
                return []
            rows = self._rows_in(stances.SELECT_BY_OCCS, occs)
        elif subjects is not None and topic is not None:
            rows = self._rows_among(stances.SELECT_BY_SUBJECTS_TOPIC, subjects, topic)
        elif subjects is not None:
            rows = self._rows_among(stances.SELECT_BY_SUBJECTS, subjects)
        elif topic is not None:
            rows = self._rows(stances.SELECT_BY_TOPIC, (topic,))
        else:
            rows = self._rows(stances.SELECT_ALL)
        return [StanceFact(seen_row(r), *r[11:]) for r in rows]

    def latest_stances(self, subjects: Collection[str], topic: str) -> Iterator[StanceFact]:
        """Stances by subjects on one topic, latest first (by occurrence order, then claim index).

        The visible stances' keys come sorted by `occurred` from the covering index; full rows are then
        read a chunk at a time (chunks doubling, never splitting one `occurred` instant, within which
        the chunk is sorted exactly), so a caller that stops early reads only the latest few rows.
        """
        keys = self._rows_among(stances.SELECT_LATEST_KEYS, subjects, topic)
        start, size = 0, FIRST_CHUNK
        while start < len(keys):
            end = min(start + size, len(keys))
            while end < len(keys) and keys[end][2] == keys[end - 1][2]:
                end += 1
            wanted = {(rid, seq) for rid, seq, _ in keys[start:end]}
            rids = sorted({rid for rid, _ in wanted})
            among, params = self.d.among(rids, self.d.bigint)
            self.cursor.execute(self.d.sql(stances.SELECT_BY_RIDS.format(among=among)), params)
            chunk = [StanceFact(seen_row(r), *r[11:]) for r in self.d.rows(self.cursor) if (r[0], r[11]) in wanted]
            yield from sorted(chunk, key=stance_order, reverse=True)
            start, size = end, size * 2

    def denials(self, targets: Collection[str] | None) -> list[DenialFact]:
        """Denials of the given occurrences (or all)."""
        if targets is None:
            rows = self._rows(denials.SELECT_ALL)
        elif not targets:
            return []
        else:
            rows = self._rows_in(denials.SELECT_BY_TARGETS, targets)
        return [DenialFact(seen_row(r), *r[11:]) for r in rows]

    def contacts(self, side_a: Collection[str], side_b: Collection[str], until: int) -> list[Seen]:
        """Contacts with a participant in each side that occurred up to `until`."""
        (among, params), (among2, params2) = self.d.among(list(side_a)), self.d.among(list(side_b))
        statement = contacts.SELECT_BETWEEN.format(among=among, among2=among2)
        return [seen_row(r) for r in self._rows(statement, (until, *params, *params2))]

    def attacks(self, ref: str | None) -> list[Seen]:
        """Attacks (one by key or id, or all)."""
        if ref is None:
            return [seen_row(r) for r in self._rows(incidents.SELECT_ATTACKS)]
        rows = self._keyed(incidents.SELECT_BY_KEY, ref) or self._keyed(incidents.SELECT_BY_ID, ref)
        return [s for s in map(seen_row, rows) if s.type == "AttackOccurred"]

    def links(self, attacks: Collection[str]) -> list[LinkFact]:
        """Reports bearing on the given attacks."""
        if not attacks:
            return []
        rows = self._rows_in(incidents.SELECT_LINKS, attacks)
        return [LinkFact(seen_row(r), *r[11:]) for r in rows]

    def sources(self, occs: Collection[str]) -> dict[str, list[dict[str, Any]]]:
        """The `sources` of the given occurrences, as each stands (those without any are left out)."""
        found = {}
        for occ, data in self._rows_in(occurrences.SELECT_DATA_BY_OCCS, occs) if occs else []:
            listed = orjson.loads(data).get("sources")
            if listed:
                found[occ] = listed
        return found


@contextmanager
def materialised(store: Any, at: str | None = None, known_at: str | None = None,
                 recorded_at: str | None = None) -> Iterator[SqlSource]:
    """Bring the views up to date, then read them at a clock triple (None means the store's now, `Views.now`)."""
    clocks = Clocks.parse(at, known_at, recorded_at)  # refuses a malformed clock before any catch-up
    views = store.views
    with views.reading() as (cursor, position):
        if None in (at, known_at, recorded_at):
            clocks = Clocks.parse(at, known_at, recorded_at, now=views.now(cursor))
        yield SqlSource(cursor, views.d, clocks, views.registry, position)


