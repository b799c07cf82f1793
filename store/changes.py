"""Tell cheaply whether a store's database changed since a previous look, by any connection or process."""

from __future__ import annotations

import sqlite3
from threading import Lock
from typing import Any

from eventsourcing.sqlite import SQLiteDatastore


class DataVersion:
    """SQLite's change counter (`PRAGMA data_version`), read on a connection of its own that never writes.

    The value moves whenever any other connection, in this process or another, commits to the
    database; a commit by the reading connection itself would not count, hence a connection that only
    reads the pragma. Two equal readings mean nothing was committed in between. The connection opens
    on first use; PostgreSQL has no such counter and an in-memory SQLite database is not shared with
    a new connection, so there `current()` is None ("unknown": the caller reads the tables).
    """

    def __init__(self, datastore: Any):
        self._db_name: str | None = None
        if isinstance(datastore, SQLiteDatastore) and not datastore.pool.is_sqlite_memory_mode:
            self._db_name = datastore.pool.db_name
        self._connection: sqlite3.Connection | None = None
        self._lock = Lock()

    @property
    def local(self) -> bool:
        """Whether the database is a local SQLite file, the kind that has a change counter."""
        return self._db_name is not None

    def current(self) -> int | None:
        """Return the database's change counter now, or None where there is none to read."""
        if self._db_name is None:
            return None
        with self._lock:
            if self._connection is None:
                self._connection = sqlite3.connect(self._db_name, uri=True, check_same_thread=False,
                                                   isolation_level=None)
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Release the reading connection, if one was opened."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
