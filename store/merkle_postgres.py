"""The PostgreSQL application recorder that appends each event's Merkle leaf in the event's own transaction.

The library's recorder takes an EXCLUSIVE lock on the events table before inserting, so leaves are
numbered in notification order even with concurrent writers; the leaf rows are inserted right after
the events (`store.postgres_recorder`, which stamps and inserts them), in the same transaction (and
pipeline), so both commit or neither does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL

from store.merkle_table import AdoptsEventsWithoutLeaves, MerkleTable
from store.postgres_recorder import CHUNK, BatchPostgresApplicationRecorder, Synced


class PostgresMerkleTable(MerkleTable):
    """The Merkle tables on PostgreSQL, where a batch's leaves go in as statements over arrays."""

    def insert_leaves(self, c: Any, rows: list[tuple[int, int, bytes]]) -> None:
        """Insert (leaf_index, notification_id, leaf_hash) rows with INSERT ... SELECT FROM unnest, CHUNK rows a
        statement."""
        for start in range(0, len(rows), CHUNK):
            indexes, numbers, hashes = (list(column) for column in zip(*rows[start:start + CHUNK]))
            c.execute(f"INSERT INTO {self.leaves} (leaf_index, notification_id, leaf_hash) "
                      "SELECT * FROM unnest(%b::bigint[], %b::bigint[], %b::bytea[])", (indexes, numbers, hashes))


class MerklePostgresApplicationRecorder(AdoptsEventsWithoutLeaves, BatchPostgresApplicationRecorder):
    """Records events like the batch PostgreSQL recorder, plus one Merkle leaf per event."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.merkle = PostgresMerkleTable(mark="%s", blob="bytea", integer="bigint", schema=datastore.schema)

    def _inserted(self, curs: Any, ids: list[int], stored_events: Sequence[StoredEvent]) -> None:
        """Insert the leaves of the events as stamped (after those of events other writers recorded without)."""
        self.merkle.record(Synced(curs), ids, stored_events)

    def _before_insert(self, curs: Any) -> None:
        """Start the log if it has no tables yet, and refuse the batch, before it inserts anything, while the log
        holds events without leaves."""
        self.ensure_log(Synced(curs))

    def first_malformed_row(self) -> tuple[int, str] | None:
        """None: PostgreSQL's column types (uuid, bytea) hold every stream id and state in one form."""
        return None

    def log_exists(self, curs: Any) -> bool:
        """Tell whether the store's Merkle leaf table exists."""
        curs.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (f'"{self.datastore.schema}".merkle_leaves',))
        return bool(curs.fetchone()["found"])

    def start_log(self) -> int:
        """Create the log's tables and give every event its leaf, in one transaction holding the table lock."""
        with self.datastore.transaction(commit=False) as curs:
            if self.log_exists(curs):
                self._log_seen = True
                return 0
        with self.datastore.transaction(commit=True) as curs:
            self._lock_table(curs)
            return 0 if self.log_exists(curs) else self._start_log(curs)

    def heads(self, curs: Any) -> tuple[int, int]:
        """Return the last committed event's notification id and the tree size, as one statement sees them."""
        events = f'"{self.datastore.schema}"."{self.events_table_name}"'
        return self.merkle.heads(curs, events, "notification_id")

    def _events_after(self, curs: Any, notification_id: int, limit: int) -> list[Notification]:
        """Return up to `limit` events after a notification id, in order."""
        return self._select(curs, SQL("notification_id > %s ORDER BY notification_id LIMIT %s"),
                            (notification_id, limit))

    def stream_notifications(self, originator_id: UUID | str) -> list[Notification]:
        """Return the events of one stream with their notification ids, oldest first."""
        with self.datastore.transaction(commit=False) as curs:
            return self._select(curs, SQL("originator_id = %s ORDER BY originator_version"), (originator_id,))

    def _select(self, curs: Any, where: SQL, params: tuple[Any, ...]) -> list[Notification]:
        """Return the events matching a condition as notifications."""
        curs.execute(SQL("SELECT notification_id, originator_id, originator_version, topic, state "
                         "FROM {0} WHERE ").format(self._events) + where, params)
        return [Notification(id=row["notification_id"], originator_id=row["originator_id"],
                             originator_version=row["originator_version"], topic=row["topic"],
                             state=bytes(row["state"])) for row in curs.fetchall()]
