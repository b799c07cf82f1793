"""One-time upgrades of a store written by an older geoevents, run when it is opened and marked done in the store.

Each step is a name in the `geoevents_upgrades` table once it has run; a store created by this version runs
every step on its first open, when they find nothing to do. A store that cannot be written (read-only, or
another writer holding the lock) is left as it is and tried again on its next open: every step is safe to
repeat and to run from two processes at once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

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

log = logging.getLogger("geoevents.upgrades")


def upgrade(store: Store) -> None:
    """Run the upgrades this store has not had yet and mark them done; leave a store that cannot be written."""
    if _done(store):
        return
    try:
        with store.app.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {UPGRADES} (name TEXT PRIMARY KEY)")
        refolded = refold(store)
        with store.app.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(store.views.d.sql(f"INSERT INTO {UPGRADES} VALUES (?) ON CONFLICT DO NOTHING"),
                           (NAMES_REFOLDED,))
    except (PersistenceError, GeoEventsError) as e:
        if not (is_read_only(e) or is_transient(e)):
            log.warning("could not upgrade the store (it is tried again on the next open): %s", e)
        return
    for name, actor, holder in refolded.taken:
        log.warning("the name %r of actor %r now folds like a name of %r: look it up by its exact spelling",
                    name, actor, holder)


def _done(store: Store) -> bool:
    """Tell, by a read only, whether every upgrade is marked done (a store without the table has had none)."""
    try:
        with store.app.recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(store.views.d.sql(f"SELECT name FROM {UPGRADES} WHERE name = ?"), (NAMES_REFOLDED,))
            return bool(store.views.d.rows(cursor))
    except PersistenceError:
        return False
