"""The SQLite application recorder that inserts a batch's events with one statement.

The library's SQLite application recorder runs one INSERT per event to read each new rowid (the
event's notification id); this one inserts the batch with `executemany` and derives the ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteApplicationRecorder, SQLiteCursor

from store.commit_pipeline import OverlappedCommits
from store.live_references import LIVE, RETRACTED_TOPIC, refuse_if_retracted
from store.stamping import restamp, stamp_after
from store.wal_checkpointer import WalCheckpointer


class BatchSQLiteApplicationRecorder(OverlappedCommits, SQLiteApplicationRecorder):
    """Records events exactly like the library's SQLite recorder, one statement per batch (an append may
    have its batches committed on a helper thread: `store.commit_pipeline`)."""

    def background_checkpointer(self) -> WalCheckpointer | None:
        """A WAL checkpointer for the database file (`store.wal_checkpointer`); none for an in-memory database."""
        pool = self.datastore.pool
        if pool.is_sqlite_memory_mode:
            return None
        return WalCheckpointer(pool.db_name)

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        """Take the write lock, choose the events' `recorded` time (`store.stamping`), refuse the batch if an
        occurrence it refers to is retracted by the time its referring records are public (`store.live_references`),
        insert the stamped events in the caller's transaction; return their notification ids."""
        if not stored_events:
            return []
        c.execute(f"UPDATE {self.events_table_name} SET topic = topic WHERE 0")  # noqa: S608 (the lock; no change)
        c.execute(f"SELECT state FROM {self.events_table_name} ORDER BY rowid DESC LIMIT 1")  # noqa: S608
        newest = c.fetchone()
        stamp = stamp_after(newest["state"] if newest else None)
        refuse_if_retracted(kwargs.get(LIVE), stamp, lambda ids: self._retractions_among(c, ids))
        return self._insert_stamped(c, restamp(stored_events, stamp), **kwargs)

    def _retractions_among(self, c: SQLiteCursor, ids: Sequence[UUID]) -> list[tuple[str, bytes]]:
        """The stream and stored state of each retraction among the streams `ids`, as the transaction sees them."""
        c.execute(f"SELECT originator_id, state FROM {self.events_table_name} WHERE originator_id IN "  # noqa: S608
                  f"({','.join('?' * len(ids))}) AND topic = ?", [*(i.hex for i in ids), RETRACTED_TOPIC])
        return [(row["originator_id"], row["state"]) for row in c.fetchall()]

    def _insert_stamped(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Insert stamped events, holding the write lock; return their notification ids."""
        return self._insert_rows(c, stored_events, **kwargs)

    def _insert_rows(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Insert the events in one statement (the library's aggregate insert); return their rowids.

        The transaction holds the write lock from its first insert, and SQLite gives each new row
        the largest rowid plus one, so the rows numbered up to the last inserted one are these.
        Only once the largest possible rowid is taken does SQLite pick rowids at random: then each
        event's rowid is looked up.
        """
        if not stored_events:
            return []
        SQLiteAggregateRecorder._insert_events(self, c, stored_events, **kwargs)
        c.execute(f"SELECT last_insert_rowid() AS last, MAX(rowid) AS top FROM {self.events_table_name}")  # noqa: S608
        row = c.fetchone()
        if row["last"] == row["top"]:
            return list(range(row["last"] - len(stored_events) + 1, row["last"] + 1))
        ids = []
        for s in stored_events:
            c.execute(f"SELECT rowid FROM {self.events_table_name} "  # noqa: S608
                      "WHERE originator_id = ? AND originator_version = ?",
                      (s.originator_id.hex if isinstance(s.originator_id, UUID) else s.originator_id,
                       s.originator_version))
            ids.append(c.fetchone()["rowid"])
        return ids
