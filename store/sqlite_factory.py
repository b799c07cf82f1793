"""The SQLite infrastructure factory of geoevents: the library's, with each connection tuned for a large log.

A new store file gets 2 KiB pages instead of 4 KiB. Every event inserts one entry at a random place
in the log's (originator_id, version) index, so a batch dirties about one index page per event and
a commit writes each whole page to the WAL: smaller pages halve that. Measured on 1,000,000 appended
events: 2 KiB pages ingest about a fifth faster than 4 KiB, 1 KiB pages slower again (more pages
per row elsewhere). An existing store keeps the page size it was created with.

Settings of every pooled connection, measured on 1,000,000 appended events (docs/benchmarks.md):
- WAL checkpoints every 65,536 pages (256 MiB) instead of SQLite's 1,000. A batch's events land on
  random pages of the log's (originator_id, version) index, so a checkpoint after almost every commit
  copied the same index pages back into the database again and again; it took a third of ingest time.
  `journal_size_limit` truncates the WAL file back to 64 MiB once a checkpoint has emptied it.
- A 64 MiB page cache instead of 2 MiB, so the index pages of a large log stay in memory.
Durability is unchanged: WAL mode with the library's default `synchronous` (FULL) still syncs the
log at every commit; only how often committed pages are copied from the WAL into the file changes.
"""

from __future__ import annotations

import sqlite3

from eventsourcing.persistence import InterfaceError
from eventsourcing.sqlite import SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteConnection, SQLiteConnectionPool, SQLiteFactory
from eventsourcing.utils import Environment, EnvType

PAGE_SIZE = 2048
"""Page size of a new store file (bytes); fixed once the file is created."""
CACHE_KIB = 65_536
"""Page cache of every connection (KiB)."""
CONNECTION_PRAGMAS = (
    f"PRAGMA cache_size = {-CACHE_KIB}",
    "PRAGMA wal_autocheckpoint = 65536",
    f"PRAGMA journal_size_limit = {64 * 1024 * 1024}",
)


class TunedSQLiteConnectionPool(SQLiteConnectionPool):
    """The library's SQLite connection pool; a new file gets `PAGE_SIZE`, each connection `CONNECTION_PRAGMAS`."""

    def _create_connection(self) -> SQLiteConnection:
        if not self.is_sqlite_memory_mode:
            self._initialise_file()
        connection = super()._create_connection()
        cursor = connection.cursor()
        for pragma in CONNECTION_PRAGMAS:
            cursor.execute(pragma)
        return connection

    def _initialise_file(self) -> None:
        """Give a database that has no content yet its page size, before WAL mode fixes it (else a no-op)."""
        try:
            db = sqlite3.connect(self.db_name, uri=True, isolation_level=None,
                                 timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT)
        except sqlite3.Error as e:
            raise InterfaceError(e) from e
        try:
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error:
            pass  # a read-only or locked file: the library's own connection reports what matters
        finally:
            db.close()


class TunedSQLiteFactory(SQLiteFactory):
    """eventsourcing's SQLiteFactory whose datastore hands out tuned connections."""

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        library_pool = self.datastore.pool
        self.datastore.pool = TunedSQLiteConnectionPool(db_name=library_pool.db_name,
                                                        lock_timeout=library_pool.lock_timeout)
        library_pool.close()
