"""The views runner: exactly-once catch-up from the notification log, rebuild, and a polling follow loop.

View rows and the tracking position are written in one transaction, so a crash leaves either both
or neither, and the next catch-up resumes after the last committed position.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from datetime import datetime
from typing import Any

from eventsourcing.persistence import PersistenceError
from eventsourcing.sqlite import SQLiteConnectionPool

from domain.errors import StoreUnavailable
from projections.actorfacts import RegistryCache
from projections.dialect import SQLITE, Dialect
from projections.parallel import ComputedPage, rebuild_by_pages
from projections.projector import Projector
from projections.tables import actors, contacts, denials, incidents, occurrences, stances
from store.changes import DataVersion
from store.collector import collect_if_grown, collector_between_batches
from store.commit_pipeline import OverlappedCommits
from store.faults import RETRIES, back_off, is_transient, reason
from store.stamping import stamp_after

MODULES = (occurrences, stances, denials, contacts, incidents, actors)
SCHEMA_VERSION = 11
"""Bump when the view tables or their derivation change: open stores then rebuild their views. (7: a `reported`
taken from `recorded` is written with `+00:00`, as clock values are, and rows are read with their `pos` for the
"latest" order; 8: `pos` comes before `data`, so reading it never reads a large record's overflow pages; 9: an
office left under its title in another case or spelling ends the term, as the domain says; 10: a contact imported
from an ICEWS row keeps its sentence, so one sentence's mirrored rows are one contact; 11: every imported
contact keeps its dataset, so imported rows of one day between the same participants are one contact.)"""

TRACKING = "pv_tracking"
ANALYZE_AFTER = 1000
"""Fewest events a catch-up applies before it refreshes the view tables' statistics (see `Views.analyze`)."""


class _Overtaken(Exception):
    """Another runner committed the same page first."""


class Views:
    """The materialised views of one store, kept in the same database as its event log."""

    def __init__(self, app: Any, dialect: Dialect = SQLITE, batch_size: int = 5000, rebuild_batch_size: int = 20_000,
                 changes: DataVersion | None = None, settings: Any = None):
        self.app = app
        self.settings = settings
        """The store's settings, with which a rebuild's worker processes open it (None: no workers)."""
        self.d = dialect
        self.batch_size = batch_size
        self.rebuild_batch_size = rebuild_batch_size
        self.datastore = app.recorder.datastore
        self.events_table = app.recorder.events_table_name
        self.registry = RegistryCache()
        """The actor registry tables, cached in memory per views position (read by the queries)."""
        self.changes = changes or DataVersion(self.datastore)
        """The database's change counter, which lets `refresh` skip a catch-up when nothing was committed."""
        self._caught_up_at: int | None = None

    # -- schema --------------------------------------------------------------------------------
    def _create_tracking(self, cursor: Any) -> None:
        cursor.execute(self.d.sql(f"CREATE TABLE IF NOT EXISTS {TRACKING} (name TEXT PRIMARY KEY, "
                                  f"position {self.d.bigint} NOT NULL)"))

    def _create(self, cursor: Any, *, indexes: bool) -> None:
        self._create_tracking(cursor)
        for module in MODULES:
            for statement in module.tables(self.d) + (module.INDEXES if indexes else []):
                cursor.execute(self.d.sql(statement))
        for name, value in (("views", 0), ("schema", SCHEMA_VERSION), ("generation", secrets.randbits(62)),
                            ("indexed", int(indexes))):
            cursor.execute(self.d.sql(f"INSERT INTO {TRACKING} VALUES (?, ?) ON CONFLICT DO NOTHING"), (name, value))

    def _drop(self, cursor: Any) -> None:
        for module in MODULES:
            for name in module.NAMES:
                cursor.execute(self.d.drop_table(name))
        cursor.execute(self.d.drop_table(TRACKING))

    def ensure(self) -> bool:
        """Create the view tables when missing; start over when they were built by another schema. Tell whether
        the views are now this version's (False: a read-only store, whose views a query then refuses).

        Reads first, so an up-to-date store opens without writing (read-only stores stay readable);
        when setup is needed and another writer holds the lock, it retries, then gives way.
        """
        if self._current():
            return True
        for attempt in range(RETRIES):
            try:
                self._setup()
                return True
            except PersistenceError as e:
                if "readonly" in str(e):
                    return False  # a read-only store: the log stays readable, the views are not set up
                if not is_transient(e) or attempt == RETRIES - 1:
                    raise StoreUnavailable(f"could not set up the views: {reason(e)}") from None
                back_off(attempt)
        return False  # pragma: no cover (the last attempt raises)

    def _setup(self) -> None:
        """Create (or recreate) the view tables in one transaction."""
        with self.datastore.transaction(commit=True) as cursor:
            self._create_tracking(cursor)  # the version first: older tables may lack what new indexes need
            cursor.execute(self.d.sql(f"SELECT position FROM {TRACKING} WHERE name = 'schema'"))
            if [tuple(row) for row in self.d.rows(cursor)] != [(SCHEMA_VERSION,)]:
                self._drop(cursor)
            self._create(cursor, indexes=True)

    def _current(self) -> bool:
        """Tell, by a read only, whether the views exist at this schema version.

        Opening a store then takes no write lock: on SQLite a read-then-write transaction fails at
        once ("database is locked") when another process commits in between, and on PostgreSQL
        it spares every open a round of DDL.
        """
        try:
            with self.datastore.transaction(commit=False) as cursor:
                cursor.execute(self.d.sql(f"SELECT position FROM {TRACKING} WHERE name = 'schema'"))
                rows = self.d.rows(cursor)
        except PersistenceError:
            return False
        return bool(rows) and rows[0][0] == SCHEMA_VERSION

    def position(self) -> int:
        """Return the last notification id applied to the views."""
        return self._tracked()[0]

    def _tracked(self) -> tuple[int, bool]:
        """Read the views' position and whether their secondary indexes are built (views made before this
        was tracked have them), after making sure that they are this version's views (`_of_this_version`)."""
        try:
            with self.datastore.transaction(commit=False) as cursor:
                cursor.execute(self.d.sql(f"SELECT name, position FROM {TRACKING} "
                                          "WHERE name IN ('views', 'indexed', 'schema')"))
                tracked = dict(self.d.rows(cursor))
        except PersistenceError:  # no views at all: a read-only store that was never opened writable
            tracked = {}
        if tracked.get("schema") != SCHEMA_VERSION:
            self._of_this_version(tracked.get("schema"))
            return self._tracked()
        return tracked["views"], tracked.get("indexed", 1) == 1

    def _of_this_version(self, schema: int | None) -> None:
        """Start the views over when another version of geoevents built them (an older process still running
        rebuilt them after this one opened the store), as opening does; refuse where the store cannot be
        written, rather than answer from views this version does not read as they were written."""
        if not self.ensure():
            built = f"views schema {schema}" if schema is not None else "no views"
            raise StoreUnavailable(
                f"this store holds {built}, and this version of geoevents reads views schema {SCHEMA_VERSION}; "
                "the store is read-only, so they cannot be rebuilt: open a writable copy (the first query "
                "rebuilds them), or ask `geoevents replay`, which reads the log alone")

    def _build_indexes(self) -> None:
        """Build the secondary indexes a rebuild leaves for the end (one whose end never came left them missing),
        and note that they are built; a read-only store stays as it is.

        The note comes first: it locks the tracking row, so of two processes catching up at once one builds the
        indexes and the other, once the first has committed, finds them noted and builds nothing (two builds of
        one index at once fail on PostgreSQL, IF NOT EXISTS notwithstanding)."""
        try:
            with self.datastore.transaction(commit=True) as cursor, self.d.building_indexes(cursor):
                cursor.execute(self.d.sql(f"UPDATE {TRACKING} SET position = 1 WHERE name = 'indexed' "
                                          "AND position = 0 RETURNING name"))
                if not self.d.rows(cursor):
                    return
                for module in MODULES:
                    for statement in module.INDEXES:
                        cursor.execute(self.d.sql(statement))
        except PersistenceError as e:
            if "readonly" not in str(e):
                raise

    # -- running -------------------------------------------------------------------------------
    def catch_up(self, on_page: Callable[[int], None] | None = None, batch_size: int | None = None,
                 should_stop: Callable[[], bool] = lambda: False) -> int:
        """Apply every notification after the tracked position, a page per transaction, until none is left or
        `should_stop()` tells True after a page; return how many.

        Automatic garbage collection is paused meanwhile (`store.collector`): a page's buffered rows are
        hundreds of thousands of tuples, which the collector would otherwise rescan (4% of a rebuild).
        """
        applied = 0
        with collector_between_batches():
            while True:
                if applied and should_stop():
                    return applied
                start, indexed = self._tracked()
                page = self._page(start, batch_size or self.batch_size)
                if not page:
                    if not indexed:
                        self._build_indexes()
                    if applied >= ANALYZE_AFTER and applied * 10 >= start:
                        self.analyze()
                    return applied
                try:
                    self._apply_page(start, page)
                except _Overtaken:
                    continue
                applied += len(page)
                position = page[-1][0]
                del page
                collect_if_grown()
                if on_page:
                    on_page(position)

    def analyze(self) -> None:
        """Refresh the planner's statistics of the view tables (where the dialect keeps any).

        Run after a catch-up that grew the views by a tenth or more: PostgreSQL plans queries on new,
        never-analysed tables from default estimates (a key look-up became a bitmap AND with a scan of
        the `occurred` index, 12 ms instead of 0.1), and autovacuum may come much later.
        """
        statements = self.d.analyze([name for module in MODULES for name in module.NAMES])
        if statements:
            with self.datastore.transaction(commit=True) as cursor:
                for statement in statements:
                    cursor.execute(statement)

    def current(self) -> bool:
        """Tell, without a query, that the views are up to date: nothing was committed to the database
        since a catch-up found nothing new (always False where there is no change counter: PostgreSQL)."""
        return self._unchanged(self.changes.current())

    def refresh(self) -> None:
        """Catch up before a query, skipped while the views are `current`.

        The counter is read before catching up: a commit by anyone after that reading moves it, so
        the next refresh catches up again; where there is no counter (PostgreSQL), it catches up
        whenever the log's last position is past the views'.
        """
        version = self.changes.current()
        if self._unchanged(version):
            return
        if version is None and not self._behind():
            return  # no change counter (PostgreSQL): one read says the log did not grow
        if self.catch_up() == 0:
            self._caught_up_at = version

    def _behind(self) -> bool:
        """Tell, in one statement, whether the log holds events after the views' position (three round
        trips on PostgreSQL, where a catch-up that finds nothing takes six), or the views need work: their
        indexes, or another version's views to start over."""
        with self.datastore.transaction(commit=False) as cursor:
            position, last, ready = self._positions(cursor)
        return last > position or not ready

    def _positions(self, cursor: Any) -> tuple[int, int, bool]:
        """Read the views' position, the log's last position and whether the views are ready to read (their
        secondary indexes built, and built by this version), in one statement."""
        cursor.execute(self.d.sql(f"SELECT t.position, (SELECT MAX({self.d.position}) FROM "  # noqa: S608
                                  f"{self.events_table}), (SELECT i.position FROM {TRACKING} i WHERE i.name = "
                                  f"'indexed'), (SELECT s.position FROM {TRACKING} s WHERE s.name = 'schema') "
                                  f"FROM {TRACKING} t WHERE t.name = 'views'"))
        position, last, indexed, schema = self.d.rows(cursor)[0]
        return position, last or 0, indexed != 0 and schema == SCHEMA_VERSION

    @contextmanager
    def reading(self) -> Iterator[tuple[Any, int | None]]:
        """A read transaction on views caught up with the log, as `refresh` does, for the queries: its cursor,
        and the views' position where it was read on the way (else None).

        On SQLite the refresh comes first: a read transaction keeps the snapshot of its first read, which
        must include what the catch-up wrote. On PostgreSQL the read transaction's first statement asks
        whether the log grew, which spares a query a transaction of its own (two round trips); if it did,
        that transaction ends before the catch-up (which may take long, and needs connections and locks of
        its own) and the query reads in a new one.
        """
        if self.d is SQLITE:
            self.refresh()
            with self.datastore.transaction(commit=False) as cursor:
                yield cursor, None
            return
        with self.datastore.transaction(commit=False) as cursor:
            position, last, ready = self._positions(cursor)
            if last <= position and ready:
                yield cursor, position
                return
        self.catch_up()
        with self.datastore.transaction(commit=False) as cursor:
            yield cursor, None

    def now(self, cursor: Any | None = None) -> datetime:
        """The store's now, what clocks not given in a query stand for: the wall clock, or the newest event's
        `recorded` if that is later (this host's clock behind another writer's, or stepped back since), so that
        a query at now always sees everything stored. Read on `cursor`, else in a transaction of its own."""
        if cursor is None:
            with self.datastore.transaction(commit=False) as own:
                return self.now(own)
        cursor.execute(self.d.sql(f"SELECT state FROM {self.events_table} "  # noqa: S608
                                  f"ORDER BY {self.d.position} DESC LIMIT 1"))
        rows = self.d.rows(cursor)
        return stamp_after(bytes(rows[0][0]) if rows else None)

    def _unchanged(self, version: int | None) -> bool:
        return version is not None and version == self._caught_up_at

    def _page(self, start: int, limit: int) -> list[Any]:
        """Read the stored events after a position as plain rows (position, originator_id, topic, state)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self.d.sql(self.d.notifications_sql(self.events_table)), (start, limit))
            return self.d.rows(cursor)

    def _apply_page(self, start: int, page: list[Any]) -> None:
        """Compute one page in a read transaction, then write its rows and move the tracking position in
        one write transaction (so the write lock, which appends wait for, is held only while writing).

        The page was computed from the views at `start`; if another runner moved them meanwhile, the
        write transaction finds out under the lock and the page is given up (`_Overtaken`).
        """
        with self.datastore.transaction(commit=False) as cursor:
            mark = self._mark(cursor)
            if mark[0] != start:
                raise _Overtaken
            projector = Projector(cursor, self.d, self.app.mapper, self.events_table)
            for notification in page:
                projector.apply(notification)
        self._commit_page(mark, page[-1][0], projector.write)

    def _mark(self, cursor: Any) -> tuple[int, int | None]:
        """Read the views' position and generation: a page computed at one mark may be written only at the same
        mark. The generation is new whenever the views are dropped and created again (a rebuild), so a page
        computed from the old tables is refused even when the rebuild has come back to its position."""
        cursor.execute(self.d.sql(f"SELECT name, position FROM {TRACKING} WHERE name IN ('views', 'generation')"))
        found = {row[0]: row[1] for row in self.d.rows(cursor)}
        return found["views"], found.get("generation")  # no generation: views set up before there was one

    def _commit_page(self, mark: tuple[int, int | None], last: int, write: Callable[[Any], None]) -> None:
        """In one write transaction: check that the views are still at `mark` (position and generation), make a
        page's changes through `write(cursor)` and move the tracking position to `last` (`_Overtaken` if they
        moved or were rebuilt)."""
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(self.d.sql(f"UPDATE {TRACKING} SET position = position WHERE name = 'views'"))
            if self._mark(cursor) != mark:  # read under the write lock taken just above
                raise _Overtaken
            write(cursor)
            cursor.execute(self.d.sql(f"UPDATE {TRACKING} SET position = ? WHERE name = 'views'"), (last,))

    def max_rid(self) -> int:
        """Return the largest occurrence row id in the views (0 when there are none)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT MAX(rid) FROM pv_occ")
            return self.d.rows(cursor)[0][0] or 0

    def _write_computed(self, page: ComputedPage, rid_offset: int, generation: int | None) -> bool:
        """Write a computed page (`projections.parallel`), its row ids shifted by `rid_offset`, onto views of a
        generation; tell False if another runner moved the views meanwhile (nothing written)."""
        def write(cursor: Any) -> None:
            for statement, params in page.writes:
                cursor.execute(self.d.sql(statement), params)
            page.buffer.flush(cursor, self.d, rid_offset)
        try:
            self._commit_page((page.after, generation), page.last, write)
        except _Overtaken:
            return False
        return True

    def rebuild(self, on_page: Callable[[int], None] | None = None) -> int:
        """Drop and rebuild every view from the whole log (secondary indexes are built at the end, by the catch-up
        that ends it, or by the next catch-up anywhere if this one is interrupted).

        A large log is rebuilt page by page, each occurrence projected once as it stands at the log's end
        (`projections.parallel`), the pages computed by a worker process for an SQLite file, else here; the
        sequential catch-up then applies whatever they did not (events appended meanwhile, or all of them
        for a small log or when the worker process cannot be started).
        """
        with self.datastore.transaction(commit=True) as cursor:
            self._drop(cursor)
            self._create(cursor, indexes=False)
            generation = self._mark(cursor)[1]
        workers = (self.settings is not None and self.d is SQLITE
                   and not SQLiteConnectionPool.detect_memory_mode(self.settings.store))
        recorder = self.app.recorder
        checkpointer = recorder.background_checkpointer() if isinstance(recorder, OverlappedCommits) else None

        def write_then_checkpoint(page: ComputedPage, rid_offset: int) -> bool:
            written = self._write_computed(page, rid_offset, generation)
            if checkpointer is not None:
                checkpointer.request()
            return written

        with collector_between_batches(), closing(checkpointer) if checkpointer is not None else nullcontext():
            paged = rebuild_by_pages(self, self.settings if workers else None, write_then_checkpoint, on_page)
        applied = paged + self.catch_up(on_page, self.rebuild_batch_size)
        if paged:
            self.analyze()  # the catch-up analyses only what it applied itself
        return applied

    def follow(self, interval: float = 1.0, should_stop: Callable[[], bool] = lambda: False,
               on_page: Callable[[int], None] | None = None) -> int:
        """Poll the log and apply new notifications until should_stop() is true (checked after every page);
        return how many."""
        applied = 0
        while not should_stop():
            applied += self.catch_up(on_page, should_stop=should_stop)
            if should_stop():
                break
            time.sleep(interval)
        return applied
