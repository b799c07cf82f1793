"""The SQLite infrastructure factory of geoevents: the library's, with each connection tuned for a large log.

The settings of every pooled connection, measured on 1,000,000 appended events (docs/benchmarks.md):
- WAL checkpoints every 65,536 pages (256 MiB) instead of SQLite's 1,000. A batch's events land on
  random pages of the log's (originator_id, version) index, so a checkpoint after almost every commit
  copied the same index pages back into the database again and again (ingest of 1,000,000 events:
  14,400 events/s before, 17,600 with this alone). The price: the commit that reaches the limit
  copies up to 256 MiB, and the WAL file may grow that large; `journal_size_limit` truncates it back
  to 64 MiB once a checkpoint has emptied it.
- A 64 MiB page cache instead of 2 MiB, so the index pages of a large log stay in memory (a rebuild
  of the views had already used one; now every connection has it).
- `secure_delete = FAST` where Python's SQLite is built with it on: deleted content is still zeroed on
  pages written anyway, but freed pages are no longer overwritten one by one. Dropping the views of
  1,000,000 events before a rebuild wrote every freed page of them to the WAL: 5.9 s, now 0.6 s.
  The event log never deletes anything; only derived view rows are ever deleted.
And the pool hands out idle connections most recently returned first, not oldest first: a process
that works alone (an import, a follower) then reuses one warm connection, whose cache its own
commits leave valid, where the library's order used every connection in turn, each cache read cold
after the others' writes and each growing to 64 MiB (ingest of 200,000 events, three alternating
pairs: 3-8% faster each time).
Durability is unchanged: WAL mode with the library's default `synchronous` (FULL) still syncs the
log at every commit; only how often committed pages are copied from the WAL into the file changes.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteFactory
from eventsourcing.utils import Environment, EnvType

from store.backends import SQLITE_CACHE_KIB

CACHE_KIB = 65_536
"""Page cache of every connection (KiB), unless the environment's `SQLITE_CACHE_KIB` says otherwise (a helper
process that reads the log once, in order, keeps a smaller one: `Settings.sqlite_cache_kib`)."""
CONNECTION_PRAGMAS = (
    "PRAGMA wal_autocheckpoint = 65536",
    f"PRAGMA journal_size_limit = {64 * 1024 * 1024}",
    "PRAGMA secure_delete = FAST",
)


class MostRecentFirst(deque[Any]):
    """The pool's idle connections, handed out most recently returned first (the library's pool takes
    them with `popleft` and returns them with `append`, oldest first)."""

    def popleft(self) -> Any:
        """Take the connection returned last: its page cache is the warmest, and a process that works
        alone keeps using one connection instead of filling a 64 MiB cache in each in turn."""
        return self.pop()


class TunedSQLiteConnectionPool(SQLiteConnectionPool):
    """The library's SQLite connection pool; each new connection gets a `cache_kib` page cache and runs
    `CONNECTION_PRAGMAS`, and idle connections are reused most recent first (`MostRecentFirst`)."""

    def __init__(self, *, cache_kib: int = CACHE_KIB, **kwargs: Any):
        super().__init__(**kwargs)
        self._pool = MostRecentFirst(self._pool)
        self.cache_kib = cache_kib

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        cursor = connection.cursor()
        for pragma in (f"PRAGMA cache_size = {-self.cache_kib}", *CONNECTION_PRAGMAS):
            cursor.execute(pragma)
        return connection


def cache_kib(value: str | None) -> int:
    """Read an environment's page cache size (KiB, a positive integer; CACHE_KIB when unset), as the library
    reads its own SQLite settings: an invalid value is an OSError naming the key."""
    if not value:
        return CACHE_KIB
    try:
        kib = int(value)
    except ValueError:
        kib = 0
    if kib <= 0:
        raise OSError(f"SQLite environment value for key '{SQLITE_CACHE_KIB}' is invalid: '{value}' "
                      "(a positive number of KiB is expected)")
    return kib


class TunedSQLiteFactory(SQLiteFactory):
    """eventsourcing's SQLiteFactory whose datastore hands out tuned connections."""

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        library_pool = self.datastore.pool
        self.datastore.pool = TunedSQLiteConnectionPool(db_name=library_pool.db_name,
                                                        lock_timeout=library_pool.lock_timeout,
                                                        cache_kib=cache_kib(self.env.get(SQLITE_CACHE_KIB)))
        library_pool.close()
