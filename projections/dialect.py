"""The SQL dialect of the views: placeholders, types and the few backend-specific statements.

View SQL is written once with `?` placeholders and portable types; everything that differs between
SQLite and PostgreSQL is here, so the PostgreSQL backend supplies its own `Dialect`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

INDEX_BUILD_CACHE_KIB = 2048
"""Page cache while building secondary indexes over full view tables. Each CREATE INDEX sorts its keys, and
SQLite's sorter spills sorted runs of about the cache's size and merges them; small runs, merged by helper
threads, made the rebuild's indexes of 1,000,000 events take 6.0 s instead of 10.7 s with the store's 64 MiB
(docs/benchmarks.md, fifth session)."""
INDEX_BUILD_THREADS = 2
"""Helper threads SQLite's sorter may use while building indexes (it uses none unless told)."""


class Dialect:
    """SQLite: `?` placeholders, INTEGER for 64-bit integers, the event table's rowid as position."""

    name = "sqlite"
    bigint = "INTEGER"
    position = "rowid"
    """The event table's column holding a stored event's notification position."""

    def sql(self, text: str) -> str:
        """Adapt a statement written with `?` placeholders to this backend."""
        return text

    def rows(self, cursor: Any) -> list[Sequence[Any]]:
        """Fetch every row of the last statement as positional sequences."""
        return cursor.fetchall()

    def among(self, values: Sequence[Any], kind: str = "TEXT") -> tuple[str, tuple[Any, ...]]:
        """The SQL that follows a column to say it is one of `values`, and its parameters: `IN (?, ...)` here.

        `kind` is the values' SQL type (TEXT or BIGINT), for backends that pass the values as one array.
        """
        return f"IN ({','.join('?' * len(values))})", tuple(values)

    def insert_many(self, cursor: Any, statement: str, rows: list[Sequence[Any]]) -> None:
        """Run a plain `INSERT INTO table VALUES (?, ...)` for many rows."""
        cursor.executemany(self.sql(statement), rows)

    def stream_sql(self, events_table: str) -> str:
        """Select (position, topic, state) of every event of one stream, oldest first.

        The caller drops events after the position it projects at: a bound on the position in SQL lets
        PostgreSQL's planner scan the position index of the whole log instead of the stream's key.
        """
        return (f"SELECT {self.position}, topic, state FROM {events_table} WHERE originator_id = ? "  # noqa: S608
                "ORDER BY originator_version")

    def notifications_sql(self, events_table: str) -> str:
        """Select (position, originator_id, topic, state) of the events after a position, oldest first, up to a limit."""
        return (f"SELECT {self.position}, originator_id, topic, state FROM {events_table} "  # noqa: S608
                f"WHERE {self.position} > ? ORDER BY {self.position} LIMIT ?")

    def stream_text(self, value: Any) -> str:
        """Turn an event table's originator_id value (32 hex digits here, a UUID elsewhere) into a stream id text."""
        if isinstance(value, str) and len(value) == 32:
            return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        return str(UUID(str(value)))

    def created_sql(self, events_table: str) -> str:
        """Select the position of one stream's creation event (its first stored event), by the stream's key
        (`MIN(position)` lets PostgreSQL walk the position index of the whole log)."""
        return (f"SELECT {self.position} FROM {events_table} WHERE originator_id = ? "  # noqa: S608
                "ORDER BY originator_version LIMIT 1")

    def stream_id(self, stream: str) -> Any:
        """Turn a stream id (UUID text) into the event table's originator_id value."""
        return UUID(stream).hex

    def analyze(self, tables: list[str]) -> list[str]:
        """Statements refreshing the planner's statistics of tables: none here (SQLite plans well without)."""
        return []

    @contextmanager
    def building_indexes(self, cursor: Any) -> Iterator[None]:
        """Tune a connection for building indexes over full tables (a small page cache, helper threads for
        the sorter), and give it back its own settings afterwards."""
        before = {}
        for name, value in (("cache_size", -INDEX_BUILD_CACHE_KIB), ("threads", INDEX_BUILD_THREADS)):
            cursor.execute(f"PRAGMA {name}")
            before[name] = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA {name} = {value}")
        try:
            yield
        finally:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {value}")

    def drop_table(self, name: str) -> str:
        """Drop a view table if it exists."""
        return f"DROP TABLE IF EXISTS {name}"

    def clustered(self) -> str:
        """Suffix of CREATE TABLE for tables clustered on their primary key."""
        return " WITHOUT ROWID"


SQLITE = Dialect()
