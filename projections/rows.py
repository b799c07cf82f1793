"""Turning occurrence streams into view rows: one occurrence row per visible cell, with its children."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import orjson

from projections import facts
from projections.dialect import Dialect
from projections.tables import contacts, denials, incidents, occurrences, stances
from projections.timeclock import ALWAYS, NEVER
from projections.variants import Cell, Stream, cells

ALL = Cell(ALWAYS, NEVER, ALWAYS, NEVER)
"""The whole (known_at, recorded_at) plane: the one cell of an occurrence never corrected."""


@dataclass
class RowBuffer:
    """Rows waiting to be written, per table, with the row ids of each occurrence since the last flush."""

    occ: list[tuple[Any, ...]] = field(default_factory=list)
    actor_ref: list[tuple[Any, ...]] = field(default_factory=list)
    topic_ref: list[tuple[Any, ...]] = field(default_factory=list)
    stance: list[tuple[Any, ...]] = field(default_factory=list)
    denial: list[tuple[Any, ...]] = field(default_factory=list)
    party: list[tuple[Any, ...]] = field(default_factory=list)
    link: list[tuple[Any, ...]] = field(default_factory=list)
    refs: dict[str, set[str]] = field(default_factory=dict)
    rids: dict[str, list[int]] = field(default_factory=dict)
    dead: set[int] = field(default_factory=set)

    def discard(self, occ: str) -> bool:
        """Drop the waiting rows of an occurrence; tell whether it had any."""
        rids = self.rids.pop(occ, None)
        if rids is None:
            return False
        self.dead.update(rids)
        return True

    def flush(self, cursor: Any, d: Dialect, rid_offset: int = 0) -> None:
        """Write every waiting row (parents first), each row id plus `rid_offset`, and empty the buffer."""
        dead = self.dead
        first = min(dead, default=0)
        for statement, rows in ((occurrences.INSERT_OCC, self.occ), (occurrences.INSERT_ACTOR_REF, self.actor_ref),
                                (occurrences.INSERT_TOPIC_REF, self.topic_ref), (stances.INSERT, self.stance),
                                (denials.INSERT, self.denial), (contacts.INSERT, self.party),
                                (incidents.INSERT, self.link)):
            if rows:
                if rid_offset:  # every row's first column is its row id: the database adds the offset
                    statement = statement.replace("VALUES (?", f"VALUES (? + {int(rid_offset)}", 1)
                d.insert_many(cursor, statement, _alive(rows, dead, first) if dead else rows)
                rows.clear()
        refs = [(t, s) for t, sources in self.refs.items() for s in sources]
        if refs:
            cursor.executemany(d.sql(occurrences.INSERT_REF), refs)
        self.refs.clear()
        self.rids.clear()
        dead.clear()


def _alive(rows: list[tuple[Any, ...]], dead: set[int], first: int) -> list[tuple[Any, ...]]:
    """The rows whose row id is not dead (rows are in row-id order, so only those from the first dead id on
    are checked)."""
    cut = bisect_left(rows, first, key=itemgetter(0))
    return rows[:cut] + [r for r in rows[cut:] if r[0] not in dead]


def targets_of(stream: Stream) -> list[str]:
    """Occurrence ids whose state a stream's rows depend on (what a denial denies, in any version)."""
    if stream.type != "ClaimDenied":
        return []
    found = [stream.created["denies"]]
    found.extend(x.changes["denies"] for x in stream.later if x.changes and "denies" in x.changes)
    return list(dict.fromkeys(found))


def project(main: Stream, targets: dict[str, Stream], buffer: RowBuffer, rids: Iterator[int], pos: int) -> None:
    """Add the rows of one occurrence created at log position `pos` (given the streams it depends on) to a
    buffer."""
    if not main.later and not targets:
        _rows(main, main.created, ALL, None, buffer, rids, pos)
    else:
        for cell in cells([main, *targets.values()]):
            state = main.state_at(cell.k_lo, cell.r_lo)
            if state is not None:
                _rows(main, state, cell, targets, buffer, rids, pos)
    for target in targets:
        buffer.refs.setdefault(target, set()).add(main.id)


def _rows(main: Stream, state: dict[str, Any], cell: Cell, targets: dict[str, Stream] | None, buffer: RowBuffer,
          rids: Iterator[int], pos: int) -> None:
    """Add the rows of one version of an occurrence, valid inside one cell (and once visible)."""
    name = main.type
    s = facts.seen(main.id, name, state, pos)
    k_lo, r_lo = max(cell.k_lo, s.rep_us), max(cell.r_lo, s.rec_us)
    if k_lo >= cell.k_hi or r_lo >= cell.r_hi:
        return
    rid = next(rids)
    buffer.rids.setdefault(main.id, []).append(rid)
    buffer.occ.append((rid, *s[:8], k_lo, cell.k_hi, r_lo, cell.r_hi, pos, orjson.dumps(s.data).decode()))
    buffer.actor_ref += [(rid, a) for a in facts.actors_touched(name, state)]
    buffer.topic_ref += [(rid, t) for t in dict.fromkeys(t.casefold() for t in facts.topics_touched(name, state))]
    target = None
    if name == "ClaimDenied":
        denied = (targets or {}).get(state["denies"])
        target_state = denied.state_at(cell.k_lo, cell.r_lo) if denied else None
        target = (denied.type, target_state) if denied and target_state is not None else None
        buffer.denial.append((rid, *facts.denial(name, state)))  # type: ignore[misc]
    buffer.stance += [(rid, seq, *st, s.occ_us, k_lo, cell.k_hi, r_lo, cell.r_hi)
                      for seq, st in enumerate(facts.stances(name, state, target))]
    if name == "ContactMade":
        people = list(dict.fromkeys(state["participants"]))
        buffer.party += [(rid, a, b) for a in people for b in people if a != b]
    found = facts.link(name, state)
    if found is not None:
        buffer.link.append((rid, *found))
