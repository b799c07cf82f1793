"""The PostgreSQL application recorder that inserts a batch's events as four binary arrays, stamped under the lock.

The library's recorder takes an EXCLUSIVE lock on the events table before inserting, so events are numbered in
commit order even with concurrent writers; once that lock is held, this one stamps the batch's `recorded` time
(`store.stamping`), then inserts. `store.merkle_postgres` adds the Merkle leaves in the same transaction.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Identifier

from store.live_references import LIVE, RETRACTED_TOPIC, refuse_if_retracted
from store.stamping import restamp, stamp_after

CHUNK = 5000
"""Most events (or leaves) one INSERT sends: psycopg's pipeline mode hangs on a message of some 10 MB (an append
of 40,000 generated lines as one batch never returned, holding the table lock; a single 12 MB row hangs too,
so `store.jsonl.MAX_LINE_BYTES` keeps every event well under it), so a large batch goes in as several
statements of one transaction."""
CHUNK_BYTES = 4 * 1024 * 1024
"""Most bytes of state one INSERT sends (8 MB in one message went through, 12 MB hung)."""


NAME_BYTES = 63
"""PostgreSQL's longest identifier, a channel name included (a longer one is cut to it)."""


def channel_for(schema: str, table: str) -> str:
    """The NOTIFY channel of one store's events table: its schema and table, so a follower wakes only for its own store.

    The library names the channel after the table alone, which every schema has by the same name; a name longer than
    PostgreSQL keeps is shortened with a digest of the whole, so two long schema names sharing a prefix stay apart."""
    name = f"{schema}.{table}"
    if len(name.encode()) <= NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    head = name.encode()[:NAME_BYTES - len(digest) - 1].decode(errors="ignore")
    return f"{head}~{digest}"


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


class Synced:
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


class BatchPostgresApplicationRecorder(PostgresApplicationRecorder):
    """Records events like the library's PostgreSQL recorder (table lock, NOTIFY, INSERT returning the ids),
    stamped once the lock is held, each column sent as one binary array."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self.channel_name = channel_for(datastore.schema, events_table_name)
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
        hex-encoded), which cost a fifth of an append. Once the lock is held, the batch is refused if an occurrence
        it refers to is retracted by the time its referring records are public (`store.live_references`), as stamped
        (`store.stamping`)."""
        self._lock_table(curs)
        self._before_insert(curs)
        Synced(curs).execute(SQL("SELECT state FROM {0} ORDER BY notification_id DESC LIMIT 1").format(self._events))
        newest = curs.fetchone()
        stamp = stamp_after(newest["state"] if newest else None)
        refuse_if_retracted(kwargs.get(LIVE), stamp, lambda ids: self._retractions_among(curs, ids))
        stored_events = self._written.events = restamp(stored_events, stamp)
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

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Insert a batch in one transaction, as the library does, but roll it back on any error: the library keeps
        an error raised inside the transaction until the block has ended, so a check of ours failing after the
        INSERT (not the database) would have had the batch committed while the caller heard it was refused."""
        error: Exception | None = None
        ids: Sequence[int] | None = None
        with self.datastore.get_connection() as conn:
            with conn.pipeline() as pipeline:
                try:
                    with conn.transaction():
                        if stored_events:
                            with conn.cursor() as curs:
                                self._insert_stored_events(curs, stored_events, **kwargs)
                                pipeline.sync()  # a uniqueness violation raises here, not at commit
                                ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
                except Exception as e:  # rolled back; raised once the pipeline has ended (no psycopg warning)
                    error = e
            if error is not None:
                raise error
        return ids

    def _before_insert(self, curs: Any) -> None:
        """Check, with the table lock held and before any row is inserted, that the batch may be written (nothing
        here)."""

    def _retractions_among(self, curs: Any, ids: Sequence[UUID]) -> list[tuple[UUID, bytes]]:
        """The stream and stored state of each retraction among the streams `ids`, as the transaction sees them.

        Asked in the shape of the batched look-ups (`store.lookups`: every event of the streams, in key order, the
        state only of retractions), which the planner answers from the primary key: with `topic = ...` in the
        WHERE clause, a table not yet analysed was scanned whole, some 100 ms a batch at a million events."""
        Synced(curs).execute(SQL("SELECT originator_id, CASE WHEN topic = %s THEN state END AS state FROM {0} "
                                 "WHERE originator_id = ANY(%b) ORDER BY originator_id, originator_version")
                             .format(self._events), (RETRACTED_TOPIC, list(ids)))
        return [(row["originator_id"], bytes(row["state"])) for row in curs.fetchall() if row["state"] is not None]

    def _fetch_ids_after_insert_events(self, curs: Any, stored_events: Sequence[StoredEvent],
                                       **kwargs: Any) -> Sequence[int] | None:
        """Fetch the new notification ids of every chunk, then hand them with the events as stamped to
        `_inserted`, in the same transaction."""
        last = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs) or []
        ids = [*self._written.ids, *last]
        stamped, self._written.ids, self._written.events = self._written.events, [], []
        self._inserted(curs, ids, stamped)
        return ids

    def _inserted(self, curs: Any, ids: list[int], stored_events: Sequence[StoredEvent]) -> None:
        """What to do, still in the transaction, once a batch is inserted (nothing here)."""
