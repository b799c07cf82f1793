"""The Merkle log's tables: one leaf per event, written in the event's own transaction, and cached subtrees.

`merkle_leaves` holds (leaf_index, notification_id, leaf_hash): leaf i is the i-th event in
notification order. `merkle_nodes` caches the hashes of complete, aligned subtrees of 2^8, 2^16,
2^24... leaves, written in the same transaction that completes them, so a checkpoint or a proof
over a million events reads a few hundred hashes. Cached nodes never change (the log only grows);
`verify` recomputes them all from the events. The SQL works on SQLite and PostgreSQL (`mark`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import PersistenceError

from domain.errors import IntegrityViolation
from domain.merkle import Subtree, leaf_hash, node_hash, perfect_root, split_point
from domain.proofs import canonical_bytes

CATCH_UP_PAGE = 5000
"""Events given leaves per statement when a store's events older than its log (or written without it) are
adopted."""
STRIDE = 8
"""Levels between cached subtrees: nodes over 2^8, 2^16, 2^24... leaves are stored."""
FANOUT = 1 << STRIDE


def event_leaf(event: Any) -> bytes:
    """Return the leaf hash of a stored event or notification (canonical bytes, RFC 9162 leaf hash)."""
    return leaf_hash(canonical_bytes(event.originator_id, event.originator_version, event.topic,
                                     bytes(event.state)))


class MerkleTable:
    """SQL for the leaf and node tables in one dialect; every method runs on a caller's cursor."""

    def __init__(self, mark: str = "?", blob: str = "BLOB", integer: str = "INTEGER", schema: str = ""):
        self.mark = mark
        self.blob = blob
        self.integer = integer
        qualifier = f'"{schema}".' if schema else ""
        self.leaves = f"{qualifier}merkle_leaves"
        self.nodes = f"{qualifier}merkle_nodes"

    def create_statements(self) -> list[str]:
        """Return the CREATE TABLE statements of the leaf and node tables."""
        return [
            f"CREATE TABLE IF NOT EXISTS {self.leaves} (leaf_index {self.integer} PRIMARY KEY, "
            f"notification_id {self.integer} NOT NULL UNIQUE, leaf_hash {self.blob} NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.nodes} (level {self.integer} NOT NULL, "
            f"node_index {self.integer} NOT NULL, hash {self.blob} NOT NULL, "
            "PRIMARY KEY (level, node_index))",
        ]

    # -- writing (inside the transaction that inserts the events) ----------------------------
    def size(self, c: Any) -> int:
        """Return the tree size (last leaf index + 1, an index look-up) as the cursor's transaction sees it."""
        c.execute(f"SELECT MAX(leaf_index) AS n FROM {self.leaves}")
        value = c.fetchone()["n"]
        return int(value) + 1 if value is not None else 0

    def heads(self, c: Any, events: str, event_id: str) -> tuple[int, int]:
        """Return the last event's id in the events table (0: none) and the tree size, read in one statement so
        that both describe one moment (on PostgreSQL each statement of a transaction sees the latest commits)."""
        c.execute(f"SELECT (SELECT MAX({event_id}) FROM {events}) AS e, "  # noqa: S608
                  f"(SELECT MAX(leaf_index) FROM {self.leaves}) AS s")
        row = c.fetchone()
        return int(row["e"] or 0), int(row["s"]) + 1 if row["s"] is not None else 0

    def last_notification_id(self, c: Any) -> int:
        """Return the notification id of the last leaf (0 when the tree is empty)."""
        c.execute(f"SELECT MAX(notification_id) AS n FROM {self.leaves}")
        value = c.fetchone()["n"]
        return int(value) if value is not None else 0

    def record(self, c: Any, notification_ids: Sequence[int], events: Sequence[Any]) -> None:
        """Append one leaf per newly inserted event, then cache every subtree the leaves complete."""
        start = self.size(c)
        rows = [(start + i, number, event_leaf(event))
                for i, (number, event) in enumerate(zip(notification_ids, events, strict=True))]
        self.insert_leaves(c, rows)
        self._complete(c, start, start + len(rows))

    def insert_leaves(self, c: Any, rows: list[tuple[int, int, bytes]]) -> None:
        """Insert (leaf_index, notification_id, leaf_hash) rows, one statement per row."""
        m = self.mark
        c.executemany(f"INSERT INTO {self.leaves} (leaf_index, notification_id, leaf_hash) "
                      f"VALUES ({m}, {m}, {m})", rows)

    def _complete(self, c: Any, old_size: int, new_size: int) -> None:
        """Store the cached nodes that growing the tree from old_size to new_size completed."""
        level, lo, hi = STRIDE, old_size, new_size
        while hi // FANOUT > lo // FANOUT:
            for index in range(lo // FANOUT, hi // FANOUT):
                children = self._row_hashes(c, level - STRIDE, index * FANOUT, (index + 1) * FANOUT)
                c.execute(f"INSERT INTO {self.nodes} (level, node_index, hash) VALUES "
                          f"({self.mark}, {self.mark}, {self.mark})", (level, index, perfect_root(children)))
            level, lo, hi = level + STRIDE, lo // FANOUT, hi // FANOUT

    # -- reading ------------------------------------------------------------------------------
    def _row_hashes(self, c: Any, level: int, start: int, stop: int) -> list[bytes]:
        """Return the stored hashes at one level (0 = leaves) with indexes in [start, stop), in order."""
        m = self.mark
        if level == 0:
            c.execute(f"SELECT leaf_hash AS h FROM {self.leaves} WHERE leaf_index >= {m} "
                      f"AND leaf_index < {m} ORDER BY leaf_index", (start, stop))
        else:
            c.execute(f"SELECT hash AS h FROM {self.nodes} WHERE level = {m} AND node_index >= {m} "
                      f"AND node_index < {m} ORDER BY node_index", (level, start, stop))
        return [bytes(row["h"]) for row in c.fetchall()]

    def _perfect(self, c: Any, level: int, index: int) -> bytes:
        """Return the hash of the aligned subtree of 2^level leaves number `index`, using the cache."""
        if level % STRIDE == 0:
            found = self._row_hashes(c, level, index, index + 1)
            if found:
                return found[0]
            if level == 0:
                raise IntegrityViolation(f"leaf {index} is missing from the Merkle log")
        below = (level - 1) // STRIDE * STRIDE
        count = 1 << (level - below)
        first = index * count
        hashes = self._row_hashes(c, below, first, first + count)
        if len(hashes) < count:
            hashes = [self._perfect(c, below, first + i) for i in range(count)]
        return perfect_root(hashes)

    def subtree(self, c: Any) -> Subtree:
        """Return MTH(D[start:stop]) over this cursor's snapshot, splitting as RFC 9162 does."""
        def mth(start: int, stop: int) -> bytes:
            n = stop - start
            if n & (n - 1) == 0 and start % n == 0:
                return self._perfect(c, n.bit_length() - 1, start // n)
            k = split_point(n)
            return node_hash(mth(start, start + k), mth(start + k, stop))
        return mth

    def leaf_rows(self, c: Any, start: int, limit: int) -> list[tuple[int, int, bytes]]:
        """Return (leaf_index, notification_id, leaf_hash) of up to `limit` leaves from `start`."""
        m = self.mark
        c.execute(f"SELECT leaf_index, notification_id, leaf_hash FROM {self.leaves} "
                  f"WHERE leaf_index >= {m} ORDER BY leaf_index LIMIT {m}", (start, limit))
        return [(int(r["leaf_index"]), int(r["notification_id"]), bytes(r["leaf_hash"])) for r in c.fetchall()]

    def leaves_of(self, c: Any, notification_ids: Sequence[int]) -> dict[int, tuple[int, bytes]]:
        """Return (leaf index, leaf hash) of each notification id that has a leaf."""
        if not notification_ids:
            return {}
        marks = ", ".join([self.mark] * len(notification_ids))
        c.execute(f"SELECT leaf_index, notification_id, leaf_hash FROM {self.leaves} "
                  f"WHERE notification_id IN ({marks})", list(notification_ids))
        return {int(r["notification_id"]): (int(r["leaf_index"]), bytes(r["leaf_hash"])) for r in c.fetchall()}

    def cached_nodes(self, c: Any) -> dict[tuple[int, int], bytes]:
        """Return every cached node as {(level, node_index): hash} (about n/255 entries)."""
        c.execute(f"SELECT level, node_index, hash FROM {self.nodes}")
        return {(int(r["level"]), int(r["node_index"])): bytes(r["hash"]) for r in c.fetchall()}


class EventsWithoutLeaves(PersistenceError):
    """A write found events in the log after the last Merkle leaf: rows no writer with the log recorded (inserted
    behind the store's back, or by a writer with the log switched off). Nothing was written: adopting them would
    make them pass `verify`, which names them instead."""

    def __init__(self, first: int):
        super().__init__(f"the log holds events without a Merkle leaf from notification {first} on, which no "
                         "geoevents writer records (rows inserted behind the store's back, or written with "
                         "GEOEVENTS_MERKLE_LOG=false); `geoevents verify` names them; restore the store from a backup "
                         "that `geoevents verify --checkpoint` accepts")
        self.first = first


class AdoptsEventsWithoutLeaves:
    """What both Merkle recorders share: leaves for the events of a store older than the log, given in notification
    order, page by page, by the recorder's `_events_after`, when its tables are created; and a write's refusal of
    events without leaves once the log exists."""

    merkle: MerkleTable
    datastore: Any

    def create_table(self) -> None:
        """Create the tables; when the log's tables are new here (a store older than the log, or one written
        with it switched off), give leaves to the events already stored. A store whose log exists adopts nothing,
        even with no leaf at all: `verify` names events without leaves rather than taking them."""
        older = not self.has_log()
        super().create_table()  # type: ignore[misc]
        if older:
            self.catch_up()  # type: ignore[attr-defined]

    def has_log(self) -> bool:
        """Tell whether the store's Merkle leaf table exists."""
        raise NotImplementedError

    def refuse_events_without_leaves(self, c: Any, first_new: int) -> None:
        """Refuse a write when events older than the batch (notification ids below `first_new`) have no leaf."""
        after = self.merkle.last_notification_id(c)
        if first_new > after + 1:  # sequence gaps (a rolled-back insert on PostgreSQL) are not events
            found = [n.id for n in self._events_after(c, after, 1) if n.id < first_new]  # type: ignore[attr-defined]
            if found:
                raise EventsWithoutLeaves(found[0])

    def _fill(self, c: Any) -> int:
        """Give leaves, in order, to the events after the last leaf."""
        added = 0
        while True:
            after = self.merkle.last_notification_id(c)
            page = self._events_after(c, after, CATCH_UP_PAGE)  # type: ignore[attr-defined]
            if not page:
                return added
            self.merkle.record(c, [n.id for n in page], page)
            added += len(page)
