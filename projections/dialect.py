"""The SQL dialect of the views: placeholders, types and the few backend-specific statements.

View SQL is written once with `?` placeholders and portable types; everything that differs between
SQLite and PostgreSQL is here, so the PostgreSQL backend supplies its own `Dialect`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID


class Dialect:
    """SQLite: `?` placeholders, INTEGER for 64-bit integers, the event table's rowid as position."""

    name = "sqlite"
    bigint = "INTEGER"

    def sql(self, text: str) -> str:
        """Adapt a statement written with `?` placeholders to this backend."""
        return text

    def rows(self, cursor: Any) -> list[Sequence[Any]]:
        """Fetch every row of the last statement as positional sequences."""
        return cursor.fetchall()

    def insert_many(self, cursor: Any, statement: str, rows: list[Sequence[Any]]) -> None:
        """Run a plain `INSERT INTO table VALUES (?, ...)` for many rows."""
        cursor.executemany(self.sql(statement), rows)

    def stream_sql(self, events_table: str) -> str:
        """Select (topic, state) of one stream's events stored at or before a notification position."""
        return (f"SELECT topic, state FROM {events_table} WHERE originator_id = ? AND rowid <= ? "  # noqa: S608
                "ORDER BY originator_version")

    def stream_id(self, stream: str) -> Any:
        """Turn a stream id (UUID text) into the event table's originator_id value."""
        return UUID(stream).hex

    def drop_table(self, name: str) -> str:
        """Drop a view table if it exists."""
        return f"DROP TABLE IF EXISTS {name}"

    def clustered(self) -> str:
        """Suffix of CREATE TABLE for tables clustered on their primary key."""
        return " WITHOUT ROWID"


SQLITE = Dialect()
