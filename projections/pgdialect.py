"""The PostgreSQL dialect of the views: `%s` placeholders, BIGINT, positional rows, notification ids.

The view tables and their tracking row live in the store's schema (first on each connection's
search path, see store/pgfactory.py), beside the event table, and are written in the same
transaction as the tracking position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from psycopg.rows import tuple_row

from projections.dialect import Dialect

_PLAIN_INSERT = re.compile(r"^INSERT INTO (\w+) VALUES \([?,\s]+\)$")


class PostgresDialect(Dialect):
    """PostgreSQL: `%s` placeholders, BIGINT columns, the event table's notification_id as position."""

    name = "postgresql"
    bigint = "BIGINT"

    def sql(self, text: str) -> str:
        """Turn `?` placeholders into psycopg's `%s` (escaping any literal `%`)."""
        return text.replace("%", "%%").replace("?", "%s")

    def rows(self, cursor: Any) -> list[Sequence[Any]]:
        """Fetch the rows as tuples (the library's connections default to dict rows, which merge equal column names)."""
        cursor.row_factory = tuple_row
        return cursor.fetchall()

    def insert_many(self, cursor: Any, statement: str, rows: list[Sequence[Any]]) -> None:
        """Write many rows with COPY (one round trip) when the statement is a plain INSERT ... VALUES."""
        match = _PLAIN_INSERT.match(statement)
        if match is None:
            cursor.executemany(self.sql(statement), rows)
            return
        with cursor.copy(f"COPY {match.group(1)} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def stream_sql(self, events_table: str) -> str:
        """Select (topic, state) of one stream's events stored at or before a notification id."""
        return (f"SELECT topic, state FROM {events_table} WHERE originator_id = ? "  # noqa: S608
                "AND notification_id <= ? ORDER BY originator_version")

    def notifications_sql(self, events_table: str) -> str:
        """Select (position, originator_id, topic, state) of the events after a notification id, up to a limit."""
        return (f"SELECT notification_id, originator_id, topic, state FROM {events_table} "  # noqa: S608
                "WHERE notification_id > ? ORDER BY notification_id LIMIT ?")

    def created_sql(self, events_table: str) -> str:
        """Select the notification id of one stream's creation event."""
        return f"SELECT MIN(notification_id) FROM {events_table} WHERE originator_id = ?"  # noqa: S608

    def bulk_load(self, begin: bool) -> list[str]:
        """No session settings change for a rebuild on PostgreSQL (COPY already writes in bulk)."""
        return []

    def stream_id(self, stream: str) -> Any:
        """Turn a stream id (UUID text) into the event table's uuid value."""
        return UUID(stream)

    def clustered(self) -> str:
        """PostgreSQL tables are heaps; the primary key index serves the look-ups."""
        return ""


POSTGRES = PostgresDialect()
