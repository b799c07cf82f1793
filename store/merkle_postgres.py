"""The PostgreSQL application recorder that appends each event's Merkle leaf in the event's own transaction.

The library's recorder takes an EXCLUSIVE lock on the events table before inserting, so leaves are
numbered in notification order even with concurrent writers; the leaf rows are inserted right after
the events, in the same transaction (and pipeline), so both commit or neither does.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Identifier

from store.merkle_table import AdoptsEventsWithoutLeaves, MerkleTable
from store.stamping import restamp, stamp_after

CHUNK = 5000
"""Most events (or leaves) one INSERT sends: psycopg's pipeline mode hangs on a message of some 10 MB (an append
of 40,000 generated lines as one batch never returned, holding the table lock; a single 12 MB row hangs too,
so `store.jsonl.MAX_LINE_BYTES` keeps every event well under it), so a large batch goes in as several
statements of one transaction."""
CHUNK_BYTES = 4 * 1024 * 1024
"""Most bytes of state one INSERT sends (8 MB in one message went through, 12 MB hung)."""


def chunks(events: Sequence[StoredEvent]) -> list[Sequence[StoredEvent]]:
    """Cut a batch into runs of at most CHUNK events and CHUNK_BYTES of state (an event larger than that alone)."""
    found: list[Sequence[StoredEvent]] = []
    start = size = 0
    for i, event in enumerate(events):
        if i > start and (i - start >= CHUNK or size + len(event.state) > CHUNK_BYTES):
            found.append(events[start:i])
            start, size = i, 0
        size += len(event.state)
    if start < len(events):
        found.append(events[start:])
    return found


class _Synced:
    """A cursor whose statements each complete before the next (a pipeline sync after each one).

    The library writes events in psycopg's pipeline mode; reading results of several statements on
    one cursor there can pick up another statement's result, so the leaf writes sync as they go.
    """

    def __init__(self, cursor: Any):
        self._cursor = cursor

    def execute(self, *args: Any, **kwargs: Any) -> None:
        """Run one statement to completion."""
        with self._cursor.connection.pipeline():
            self._cursor.execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> None:
        """Run one statement for many rows to completion."""
        with self._cursor.connection.pipeline():
            self._cursor.executemany(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class PostgresMerkleTable(MerkleTable):
    """The Merkle tables on PostgreSQL, where a batch's leaves go in as statements over arrays."""

    def insert_leaves(self, c: Any, rows: list[tuple[int, int, bytes]]) -> None:
        """Insert (leaf_index, notification_id, leaf_hash) rows with INSERT ... SELECT FROM unnest, CHUNK rows a
        statement."""
        for start in range(0, len(rows), CHUNK):
            indexes, numbers, hashes = (list(column) for column in zip(*rows[start:start + CHUNK]))
            c.execute(f"INSERT INTO {self.leaves} (leaf_index, notification_id, leaf_hash) "
                      "SELECT * FROM unnest(%b::bigint[], %b::bigint[], %b::bytea[])", (indexes, numbers, hashes))


class MerklePostgresApplicationRecorder(AdoptsEventsWithoutLeaves, PostgresApplicationRecorder):
    """Records events exactly like the library's PostgreSQL recorder, plus one Merkle leaf per event."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.merkle = PostgresMerkleTable(mark="%s", blob="bytea", integer="bigint", schema=datastore.schema)
        statements = [SQL(statement) for statement in self.merkle.create_statements()]  # type: ignore[arg-type]
        self.sql_create_statements.extend(statements)
        self._events = SQL("{0}.{1}").format(Identifier(datastore.schema), Identifier(events_table_name))
        self._written = threading.local()
        """From insert to fetch, on the writing thread: the batch's stamped events (`events`) and the ids of its
        chunks before the last (`ids`)."""
        self._insert_columns = SQL(
            "INSERT INTO {0} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::{1}[], %b::bigint[], %b::text[], %b::bytea[]) RETURNING notification_id"
        ).format(self._events, Identifier(datastore.originator_id_type))

    def _insert_stored_events(self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        """Insert the events as the library does (table lock, NOTIFY, one INSERT returning the ids), but
        pass the columns as four plain arrays in binary: psycopg renders the library's array of a composite
        type, and any array in text, in Python with a regular-expression escape per field (and each state
        hex-encoded), which cost a fifth of an append. Once the lock is held, the events' `recorded` time is
        stamped (`store.stamping`)."""
        self._lock_table(curs)
        _Synced(curs).execute(SQL("SELECT state FROM {0} ORDER BY notification_id DESC LIMIT 1").format(self._events))
        newest = curs.fetchone()
        stored_events = self._written.events = restamp(stored_events, stamp_after(newest["state"] if newest else None))
        self._notify_channel(curs)
        earlier: list[int] = []
        runs = chunks(stored_events)
        for number, chunk in enumerate(runs, start=1):
            last = number == len(runs)
            with nullcontext() if last else curs.connection.pipeline():  # the last one: synced by the library
                curs.execute(self._insert_columns, ([e.originator_id for e in chunk],
                                                    [e.originator_version for e in chunk],
                                                    [e.topic for e in chunk], [e.state for e in chunk]))
            if not last:
                earlier.extend(row["notification_id"] for row in curs.fetchall())
        self._written.ids = earlier

    def _fetch_ids_after_insert_events(self, curs: Any, stored_events: Sequence[StoredEvent],
                                       **kwargs: Any) -> Sequence[int] | None:
        """Fetch the new notification ids (of every chunk), then insert the leaves of the events as stamped in the
        same transaction."""
        last = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs) or []
        ids = [*self._written.ids, *last]
        stored_events, self._written.ids, self._written.events = self._written.events, [], []
        curs = _Synced(curs)
        if ids and ids[0] > self.merkle.last_notification_id(curs) + 1:
            self._fill(curs, before=ids[0])  # events some other writer recorded without leaves
        self.merkle.record(curs, ids, stored_events)
        return ids

    def first_malformed_row(self) -> tuple[int, str] | None:
        """None: PostgreSQL's column types (uuid, bytea) hold every stream id and state in one form."""
        return None

    def catch_up(self) -> int:
        """Add leaves for events after the last leaf (a store older than the log); return how many."""
        with self.datastore.transaction(commit=True) as curs:
            if self.heads(curs)[0] <= self.merkle.last_notification_id(curs):
                return 0
            self._lock_table(curs)
            return self._fill(curs)

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
