"""The PostgreSQL dialect of the views: `%s` placeholders, BIGINT, positional rows, notification ids.

The view tables and their tracking row live in the store's schema (first on each connection's
search path, see store/pgfactory.py), beside the event table, and are written in the same
transaction as the tracking position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from psycopg.rows import tuple_row

from projections.dialect import Dialect
from store.pgtext import MARK, escape

_PLAIN_INSERT = re.compile(r"^INSERT INTO (\w+) VALUES \([?,\s]+\)$")
_SPECIAL = ("\r", "\x00", MARK)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_field(value: Any) -> str:
    """Render one view value (text, integer or NULL) in COPY's text format, text made NUL-safe first."""
    if value is None:
        return "\\N"
    if type(value) is str:
        return escape(value).translate(_COPY_ESCAPES)
    if type(value) is int:
        return str(value)
    raise TypeError(f"a view row holds a {type(value).__name__}, which COPY text is not written for")


def copy_text(rows: list[Sequence[Any]]) -> bytes:
    """Render rows of view values (text, integers, NULL) as one block of COPY text (UTF-8).

    Fast path: join the values as they are (NULL as `\\N`), then count: when the block holds exactly
    the separators and the NULL backslashes the rows call for, and nothing COPY or the NUL escaping
    would rewrite, no value needed escaping. Otherwise every value is rendered with `copy_field`.
    """
    block = "\n".join(["\t".join([v if type(v) is str else "\\N" if v is None else str(v) if type(v) is int
                                  else copy_field(v) for v in row]) for row in rows]) + "\n"
    plain = (block.count("\t") == sum(len(row) - 1 for row in rows) and block.count("\n") == len(rows)
             and block.count("\\") == sum(row.count(None) for row in rows)
             and not any(c in block for c in _SPECIAL))
    if not plain:
        block = "".join(["\t".join([copy_field(v) for v in row]) + "\n" for row in rows])
    return block.encode()


class PostgresDialect(Dialect):
    """PostgreSQL: `%s` placeholders, BIGINT columns, the event table's notification_id as position."""

    name = "postgresql"
    bigint = "BIGINT"
    position = "notification_id"

    def sql(self, text: str) -> str:
        """Turn `?` placeholders into psycopg's `%s` (escaping any literal `%`)."""
        return text.replace("%", "%%").replace("?", "%s")

    def rows(self, cursor: Any) -> list[Sequence[Any]]:
        """Fetch the rows as tuples (the library's connections default to dict rows, which merge equal column names)."""
        cursor.row_factory = tuple_row
        return cursor.fetchall()

    def among(self, values: Sequence[Any], kind: str = "TEXT") -> tuple[str, tuple[Any, ...]]:
        """`= ANY(?::kind[])` with the values as one array parameter: the statement's text is the same whatever
        the number of values, so psycopg prepares it once and the server can keep one plan for it."""
        return f"= ANY(?::{kind}[])", (list(values),)

    def insert_many(self, cursor: Any, statement: str, rows: list[Sequence[Any]]) -> None:
        """Write many rows with COPY (one round trip, text rendered here rather than by per-value dumpers) when the statement is a plain INSERT ... VALUES."""
        match = _PLAIN_INSERT.match(statement)
        if match is None:
            cursor.executemany(self.sql(statement), rows)
            return
        with cursor.copy(f"COPY {match.group(1)} FROM STDIN") as copy:
            copy.write(copy_text(rows))

    def stream_id(self, stream: str) -> Any:
        """Turn a stream id (UUID text) into the event table's uuid value."""
        return UUID(stream)

    def analyze(self, tables: list[str]) -> list[str]:
        """One ANALYZE of the given tables (their statistics guide the plans of point-in-time queries)."""
        return [f"ANALYZE {', '.join(tables)}"]

    @contextmanager
    def building_indexes(self, cursor: Any) -> Iterator[None]:
        """Build indexes with the server's own settings (it sorts in `maintenance_work_mem`, with parallel workers)."""
        yield

    def clustered(self) -> str:
        """PostgreSQL tables are heaps; the primary key index serves the look-ups."""
        return ""


POSTGRES = PostgresDialect()
