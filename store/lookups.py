"""Batched existence checks on the event table, so idempotency costs one query per batch."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql

from store.application import GeoEventsApplication

CHUNK = 500


def first_events(app: GeoEventsApplication, ids: Sequence[UUID]) -> dict[UUID, object]:
    """Return the decoded first event of each stream among `ids` that exists in the store."""
    recorder = app.recorder
    table = recorder.events_table_name  # type: ignore[attr-defined]
    found: dict[UUID, object] = {}
    unique = list(dict.fromkeys(ids))
    is_postgres = isinstance(recorder, PostgresApplicationRecorder)  # also our Merkle subclass
    with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        for i in range(0, len(unique), CHUNK):
            chunk = unique[i:i + CHUNK]
            if is_postgres:
                cursor.execute(sql.SQL(
                    "SELECT originator_id, topic, state FROM {}.{} "
                    "WHERE originator_version = 1 AND originator_id = ANY(%s)").format(
                        sql.Identifier(recorder.datastore.schema), sql.Identifier(table)),  # type: ignore[attr-defined]
                    (chunk,))
            else:
                marks = ",".join("?" * len(chunk))
                cursor.execute(
                    f"SELECT originator_id, topic, state FROM {table} "  # noqa: S608
                    f"WHERE originator_version = 1 AND originator_id IN ({marks})",
                    [u.hex for u in chunk])
            for row in cursor.fetchall():
                stream = UUID(str(row["originator_id"]))
                stored = StoredEvent(originator_id=stream, originator_version=1,
                                     topic=row["topic"], state=bytes(row["state"]))
                found[stream] = app.mapper.to_domain_event(stored)
    return found


def whole_streams(app: GeoEventsApplication, ids: Sequence[UUID]) -> dict[UUID, list[object]]:
    """Return the decoded events of each stream among `ids` that exists, oldest first (one query per chunk)."""
    recorder = app.recorder
    table = recorder.events_table_name  # type: ignore[attr-defined]
    found: dict[UUID, list[object]] = {}
    unique = list(dict.fromkeys(ids))
    is_postgres = isinstance(recorder, PostgresApplicationRecorder)  # also our Merkle subclass
    with recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        for i in range(0, len(unique), CHUNK):
            chunk = unique[i:i + CHUNK]
            if is_postgres:
                cursor.execute(sql.SQL(
                    "SELECT originator_id, originator_version, topic, state FROM {}.{} "
                    "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version").format(
                        sql.Identifier(recorder.datastore.schema), sql.Identifier(table)),  # type: ignore[attr-defined]
                    (chunk,))
            else:
                marks = ",".join("?" * len(chunk))
                cursor.execute(
                    "SELECT originator_id, originator_version, topic, state "  # noqa: S608
                    f"FROM {table} WHERE originator_id IN ({marks}) ORDER BY originator_id, originator_version",
                    [u.hex for u in chunk])
            for row in cursor.fetchall():
                stream = UUID(str(row["originator_id"]))
                stored = StoredEvent(originator_id=stream, originator_version=row["originator_version"],
                                     topic=row["topic"], state=bytes(row["state"]))
                found.setdefault(stream, []).append(app.mapper.to_domain_event(stored))
    return found
