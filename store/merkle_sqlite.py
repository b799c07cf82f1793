"""The SQLite application recorder that appends each event's Merkle leaf in the event's own transaction.

Selected through eventsourcing's `APPLICATION_RECORDER_TOPIC` (see `store/application.py`), so every
write path (append, import, HTTP) maintains the log without knowing about it, and a crash can never
leave an event without its leaf or a leaf without its event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.sqlite import SQLiteCursor

from store.merkle_table import AdoptsEventsWithoutLeaves, MerkleTable
from store.sqlite_recorder import BatchSQLiteApplicationRecorder


class MerkleSQLiteApplicationRecorder(AdoptsEventsWithoutLeaves, BatchSQLiteApplicationRecorder):
    """Records events like the batch SQLite recorder (one statement per batch), plus one Merkle leaf per event."""

    merkle = MerkleTable()

    def _insert_stamped(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Insert the stamped events, then their leaves, in the caller's transaction (which holds the write lock);
        refuse first, inserting nothing, while events in the log have no leaf."""
        if stored_events:
            self.ensure_log(c)
        ids = super()._insert_stamped(c, stored_events, **kwargs)
        self.merkle.record(c, ids, stored_events)
        return ids

    def log_exists(self, c: SQLiteCursor) -> bool:
        """Tell whether the store's Merkle leaf table exists."""
        c.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'merkle_leaves'")
        return c.fetchone() is not None

    def start_log(self) -> int:
        """Create the log's tables and give every event its leaf, in one `BEGIN IMMEDIATE` transaction (nothing on a
        read-only or busy store: the first write starts the log in its own transaction)."""
        with self.datastore.transaction(commit=False) as c:
            if self.log_exists(c):
                self._log_seen = True
                return 0
        try:
            with self._immediate() as c:
                return 0 if self.log_exists(c) else self._start_log(c)
        except sqlite3.OperationalError as e:
            if "readonly" in str(e) or "locked" in str(e):
                return 0
            raise

    def heads(self, c: SQLiteCursor) -> tuple[int, int]:
        """Return the last event's notification id and the tree size, as the cursor's transaction sees them."""
        return self.merkle.heads(c, self.events_table_name, "rowid")

    def _events_after(self, c: SQLiteCursor, notification_id: int, limit: int) -> list[Notification]:
        """Return up to `limit` events after a notification id, in order."""
        c.execute(f"SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
                  f"FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                  (notification_id, limit))
        return [self._notification(row) for row in c.fetchall()]

    @contextmanager
    def _immediate(self) -> Iterator[SQLiteCursor]:
        """A write transaction that takes the write lock first (waiting on the busy timeout)."""
        with self.datastore.get_connection(commit=True) as conn:
            cursor = conn.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                yield cursor
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    def first_malformed_row(self) -> tuple[int, str] | None:
        """The first event row this recorder could not have written (a stream id not in its canonical text, a
        state stored as text): its notification id and what is wrong, or None. Such an edit may parse back to
        the same leaf while look-ups by id no longer find the row."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT rowid, typeof(state) = 'blob' AS blob FROM {self.events_table_name} "  # noqa: S608
                      "WHERE length(originator_id) != 32 OR originator_id GLOB '*[^0-9a-f]*' "
                      "OR typeof(state) != 'blob' ORDER BY rowid LIMIT 1")
            row = c.fetchone()
        if row is None:
            return None
        return row["rowid"], "its stream id is not stored as written" if row["blob"] else "its state is not bytes"

    def stream_notifications(self, originator_id: Any) -> list[Notification]:
        """Return the events of one stream with their notification ids, oldest first."""
        ident = originator_id.hex if isinstance(originator_id, UUID) else originator_id
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT rowid, originator_id, originator_version, topic, state "  # noqa: S608
                      f"FROM {self.events_table_name} WHERE originator_id = ? ORDER BY originator_version",
                      (ident,))
            return [self._notification(row) for row in c.fetchall()]

    def _notification(self, row: Any) -> Notification:
        """Build a notification from a row of the events table."""
        return Notification(id=row["rowid"], originator_id=self.convert_originator_id(row["originator_id"]),
                            originator_version=row["originator_version"], topic=row["topic"],
                            state=row["state"])
