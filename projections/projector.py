"""Applies notifications to the view tables inside one transaction (the runner owns the transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from domain.names import fold_name
from projections.decode import ACTOR, CORRECTION, OCCURRENCE, decode_state, split_topic
from projections.dialect import Dialect
from projections.rows import RowBuffer, project, targets_of
from projections.sqlsource import CHUNK
from projections.tables import actors, occurrences
from projections.timeclock import micros, recorded_micros
from projections.variants import Stream, new_stream


@dataclass(frozen=True)
class FinalState:
    """The end of a log being rebuilt: its last position, and the streams with events after their first."""

    position: int
    corrected: frozenset[str]


class Projector:
    """Folds a page of notifications into view rows, reading through a cursor; corrections re-project streams.

    Reading and writing are apart: `apply` only reads (the log, and the view tables as they stood when
    the page began) and queues every change, and `write` makes the changes through a cursor of a write
    transaction. So a page is computed without the write lock, which is held only while it is written.
    """

    def __init__(self, cursor: Any, dialect: Dialect, mapper: Any, events_table: str,
                 final: FinalState | None = None, first_rid: int | None = None):
        self.cursor = cursor
        self.d = dialect
        self.mapper = mapper
        self.events_table = events_table
        self.buffer = RowBuffer()
        self.writes: list[tuple[str, tuple[Any, ...]]] = []
        """Deletes and actor-table changes, in order, to run before the buffered rows are inserted."""
        self.final = final
        """Set in a rebuild's pages computed apart (`projections.parallel`): each occurrence is projected once,
        at its creation, as it stands at the end of the rebuilt log, and corrections are then skipped."""
        self.rids = count(self._max_rid() + 1 if first_rid is None else first_rid)
        self.fresh: set[str] = set()
        """Occurrences created in this page (no rows in the tables yet)."""

    def _execute(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """Run a SELECT now and return its rows; queue anything else for `write`.

        Reads see the tables as they stood when the page began: a repeated delete is harmless, and
        nothing else the page reads is changed by the page before `write`."""
        if not statement.lstrip().upper().startswith("SELECT"):
            self.writes.append((statement, params))
            return []
        self.cursor.execute(self.d.sql(statement), params)
        return self.d.rows(self.cursor)

    def _max_rid(self) -> int:
        return self._execute("SELECT MAX(rid) FROM pv_occ")[0][0] or 0

    def apply(self, notification: Sequence[Any]) -> None:
        """Apply one stored event row (position, originator_id, topic, state) exactly once: the caller
        commits it with the tracking position."""
        position, originator, topic, raw = notification
        family, name = split_topic(topic)
        if family not in (OCCURRENCE, CORRECTION, ACTOR):
            return
        state = decode_state(self.mapper, topic, raw)
        if family == OCCURRENCE:
            occ, at = self.d.stream_text(originator), position if self.final is None else self.final.position
            later = self.final is not None and occ in self.final.corrected
            main = (self._load(occ, at) if later else None) or new_stream(occ, name, state)
            self.fresh.add(main.id)
            targets = self._load_all(targets_of(main), at) if name == "ClaimDenied" else {}
            project(main, targets, self.buffer, self.rids, position)
        elif family == CORRECTION:
            if self.final is not None:
                return  # its occurrence was projected as corrected, at its creation
            occ = self.d.stream_text(originator)
            dependents = self.buffer.refs.get(occ, set()) | {
                row[0] for row in self._execute(occurrences.SELECT_DEPENDENTS, (occ,))}
            for stream_id in (occ, *sorted(dependents)):
                self._reproject(stream_id, position)
        else:
            self._actor(name, state, position)

    def write(self, cursor: Any) -> None:
        """Make the page's changes through a cursor of a write transaction: the queued statements, then
        the buffered rows."""
        for statement, params in self.writes:
            cursor.execute(self.d.sql(statement), params)
        self.writes.clear()
        self.buffer.flush(cursor, self.d)
        self.fresh.clear()

    def _load(self, stream_id: str, position: int) -> Stream | None:
        """Rebuild one occurrence stream from the event table as it stood at a notification position."""
        stream = None
        for at, topic, raw in self._execute(self.d.stream_sql(self.events_table), (self.d.stream_id(stream_id),)):
            if at > position:
                continue
            family, name = split_topic(topic)
            state = decode_state(self.mapper, topic, raw)
            if stream is None:
                stream = new_stream(stream_id, name, state)
            elif family == CORRECTION:
                stream.add(name, state)
        return stream

    def _load_all(self, ids: list[str], position: int) -> dict[str, Stream]:
        found = {i: self._load(i, position) for i in ids}
        return {i: s for i, s in found.items() if s is not None}

    def _reproject(self, occ: str, position: int) -> None:
        """Replace every row of one occurrence by rows computed from its stream (and its targets)."""
        main = self._load(occ, position)
        found = self._execute(self.d.created_sql(self.events_table), (self.d.stream_id(occ),))
        if not found:
            return
        created = found[0][0]
        if not self.buffer.discard(occ) or occ not in self.fresh:
            rids = [row[0] for row in self._execute(occurrences.SELECT_RIDS_AT, (created,))]
            for i in range(0, len(rids), CHUNK):  # a much-corrected occurrence has many rows (cells)
                among, params = self.d.among(rids[i:i + CHUNK], self.d.bigint)
                for table in occurrences.child_tables(main.type if main else None):
                    self._execute(occurrences.DELETE_CHILDREN.format(table=table, among=among), params)
            self._execute(occurrences.DELETE_OCC, (created,))
        if main is not None:
            project(main, self._load_all(targets_of(main), position), self.buffer, self.rids, created)

    def _actor(self, name: str, s: dict[str, Any], position: int) -> None:
        """Record an actor event: registration, alias, office or membership taken or ended."""
        rec = recorded_micros(s["timestamp"])
        if name == "ActorRegistered":
            self._execute(actors.INSERT_ACTOR, (s["key"], s["name"], s["kind"], s.get("part_of"), rec))
            for alias in s.get("aliases", ()):
                self._execute(actors.INSERT_ALIAS, (s["key"], alias, rec))
        elif name == "AliasAdded":
            self._execute(actors.INSERT_ALIAS, (s["actor"], s["alias"], rec))
        elif name in ("OfficeTaken", "MembershipStarted"):
            office = name == "OfficeTaken"
            until = s.get("until")
            self._execute(actors.INSERT_TERM, (
                position, s["actor"], "office" if office else "membership", s["office"] if office else s["group"],
                s["of"] if office else s["group"], s.get("rank"), s.get("portfolio"), s["from"], micros(s["from"]),
                until, micros(until) if until else None, rec if until else None, rec,
                fold_name(s["office"] if office else s["group"])))
        elif name in ("OfficeLeft", "MembershipEnded"):
            office = name == "OfficeLeft"
            what = s["office"] if office else s["group"]
            self._execute(actors.END_TERM, (s["on"], micros(s["on"]), rec, s["actor"], "office" if office else
                                            "membership", fold_name(what), s["of"] if office else what))
