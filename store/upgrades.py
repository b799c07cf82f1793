"""One-time upgrades of a store written by an older geoevents, run when it is opened and marked done in the store.

Each step is a name in the `geoevents_upgrades` table once it has run; a store created by this version runs
every step on its first open, when they find nothing to do. A step reads first and writes only what an older
store needs; the mark is written only if the lock can be had at once. A store that cannot be written
(read-only, no right to create the table, another writer holding the lock) is left unmarked and tried again on
its next open: every step is safe to repeat and to run from two processes at once. Integrity commands open
a store without upgrading it, so checking a backup adds no event to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import PersistenceError

from domain.errors import GeoEventsError
from store.faults import is_read_only, is_transient
from store.refold import refold

if TYPE_CHECKING:
    from store.root import Store

UPGRADES = "geoevents_upgrades"
NAMES_REFOLDED = "names-refolded"
"""Names claimed before letters without a decomposition (ł, ø, đ...) were transliterated are claimed under
today's folded form too (`store.refold`), so no second actor can be registered under their plain spelling."""

MARK_WAIT_MS = 200
"""How long marking an upgrade done waits for another writer's lock before leaving it to the next open."""

log = logging.getLogger("geoevents.upgrades")


def upgrade(store: Store) -> None:
    """Run the upgrades this store has not had yet and mark them done. Each reads first and writes only what a
    store written by an older version needs; a store that cannot be written is left as it is."""
    if _done(store):
        return
    try:
        refolded = refold(store)
    except (PersistenceError, GeoEventsError) as e:
        _report(e)
        return
    for name, actor, holder in refolded.taken:
        log.warning("the name %r of actor %r now folds like a name of %r: look it up by its exact spelling",
                    name, actor, holder)
    try:
        with store.app.recorder.datastore.transaction(commit=True) as cursor, _short_wait(store, cursor):
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {UPGRADES} (name TEXT PRIMARY KEY)")
            cursor.execute(store.views.d.sql(f"INSERT INTO {UPGRADES} VALUES (?) ON CONFLICT DO NOTHING"),
                           (NAMES_REFOLDED,))
    except PersistenceError as e:
        _report(e)


@contextmanager
def _short_wait(store: Store, cursor: Any) -> Iterator[None]:
    """Wait at most MARK_WAIT_MS for another writer's lock: the mark can wait for a later open, an open cannot."""
    if store.views.d.name != "sqlite":
        cursor.execute(f"SET LOCAL lock_timeout = {MARK_WAIT_MS}")
        yield
        return
    cursor.execute("PRAGMA busy_timeout")
    usual = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA busy_timeout = {MARK_WAIT_MS}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {int(usual)}")


def _report(error: Exception) -> None:
    """Log an upgrade that failed for a reason other than a read-only store, a busy one, or another process
    upgrading it at the same moment; it is tried again on the next open."""
    text = str(error).lower()
    if is_read_only(error) or is_transient(error) or "already exists" in text or "duplicate key" in text \
            or "lock timeout" in text:
        return
    log.warning("could not upgrade the store (it is tried again on the next open): %s", error)


def _done(store: Store) -> bool:
    """Tell, by a read only, whether every upgrade is marked done (a store without the table has had none)."""
    try:
        with store.app.recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(store.views.d.sql(f"SELECT name FROM {UPGRADES} WHERE name = ?"), (NAMES_REFOLDED,))
            return bool(store.views.d.rows(cursor))
    except PersistenceError:
        return False
