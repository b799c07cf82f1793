"""Batched look-ups on the event table, so idempotency and references cost one query per chunk."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from store.application import GeoEventsApplication

CHUNK = 500


def _stored(app: GeoEventsApplication, ids: Sequence[UUID], first_only: bool) -> Iterator[tuple[UUID, object]]:
    """Yield (stream id, decoded event) for the streams among `ids`, oldest event first per stream."""
    recorder = app.recorder
    table = recorder.events_table_name  # type: ignore[attr-defined]
    unique = list(dict.fromkeys(ids))
    is_postgres = isinstance(recorder, PostgresApplicationRecorder)  # also our Merkle subclass
    where = "originator_version = 1 AND " if first_only else ""
    with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        for i in range(0, len(unique), CHUNK):
            chunk = unique[i:i + CHUNK]
            if is_postgres:
                cursor.execute(sql.SQL(
                    "SELECT originator_id, originator_version, topic, state FROM {}.{} "
                    f"WHERE {where}originator_id = ANY(%b) ORDER BY originator_id, originator_version"
                ).format(sql.Identifier(recorder.datastore.schema), sql.Identifier(table)),  # type: ignore[attr-defined]
                    (chunk,))
            else:
                marks = ",".join("?" * len(chunk))
                cursor.execute(
                    "SELECT originator_id, originator_version, topic, state "  # noqa: S608
                    f"FROM {table} WHERE {where}originator_id IN ({marks}) "
                    "ORDER BY originator_id, originator_version",
                    [u.hex for u in chunk])
            for row in cursor.fetchall():
                stream = UUID(str(row["originator_id"]))
                stored = StoredEvent(originator_id=stream, originator_version=row["originator_version"],
                                     topic=row["topic"], state=bytes(row["state"]))
                yield stream, app.mapper.to_domain_event(stored)


def first_events(app: GeoEventsApplication, ids: Sequence[UUID]) -> dict[UUID, object]:
    """Return the decoded first event of each stream among `ids` that exists in the store."""
    return dict(_stored(app, ids, first_only=True))


def whole_streams(app: GeoEventsApplication, ids: Sequence[UUID]) -> dict[UUID, list[object]]:
    """Return the decoded events of each stream among `ids` that exists, oldest first."""
    found: dict[UUID, list[object]] = {}
    for stream, event in _stored(app, ids, first_only=False):
        found.setdefault(stream, []).append(event)
    return found
