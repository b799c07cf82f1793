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
        super().__init__(f"the log holds events without a Merkle leaf from notification {first} on: rows inserted "
                         "behind the store's back, or written by a geoevents writer with GEOEVENTS_MERKLE_LOG=false "
                         "into a store that keeps the log; `geoevents verify` names them; restore the store from a "
                         "backup that `geoevents verify --checkpoint` accepts, or, for rows written with the log "
                         "off, drop the merkle_leaves and merkle_nodes tables so the next open starts the log again")
        self.first = first


class AdoptsEventsWithoutLeaves:
    """What both Merkle recorders share: the log started in one transaction with the write lock held, creating its
    tables and giving leaves, in notification order, to the events already stored (a store older than the log, or
    written with it switched off), so that an interrupted start leaves no table behind and is started again; once
    the log exists, a write refuses events without leaves instead of adopting them. Each recorder gives `start_log`
    (in its own transaction, under its own lock), `log_exists` and `_events_after`."""

    merkle: MerkleTable
    datastore: Any
    _log_seen = False
    """Whether this recorder has seen the log's tables (a store keeps them once they exist)."""

    def create_table(self) -> None:
        """Create the event tables, then start the log where it has no tables yet (skipped on a read-only or busy
        store: the first write starts it, in its own transaction)."""
        super().create_table()  # type: ignore[misc]
        self.start_log()  # type: ignore[attr-defined]  # each recorder's own: its transaction and lock

    def ensure_log(self, c: Any) -> None:
        """In a write's transaction (holding the write lock): start the log if its tables do not exist yet, so that
        the batch's leaves follow those of every event before it; then refuse the batch, before it inserts
        anything, while events in the log have no leaf."""
        if not self._log_seen:
            if self.log_exists(c):  # type: ignore[attr-defined]
                self._log_seen = True
            else:
                self._start_log(c)
        self.refuse_events_without_leaves(c)

    def _start_log(self, c: Any) -> int:
        """Create the log's tables and give leaves to every event, in the cursor's transaction."""
        for statement in self.merkle.create_statements():
            c.execute(statement)
        return self._fill(c)

    def refuse_events_without_leaves(self, c: Any) -> None:
        """Refuse a write, before it inserts anything and under the write lock, while events in the log have no leaf
        (sequence gaps, from a rolled-back insert on PostgreSQL, are no events and do not count)."""
        found = self._events_after(c, self.merkle.last_notification_id(c), 1)  # type: ignore[attr-defined]
        if found:
            raise EventsWithoutLeaves(found[0].id)

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
