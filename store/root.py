"""The composition root: the one place that builds a store and its read side from settings."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import PersistenceError

from domain.errors import StoreUnavailable
from projections.runner import Views
from store.append import AppendResult, AppendService
from store.application import GeoEventsApplication, application_env
from store.backends import dialect_for, ready_for, redacted
from store.changes import DataVersion
from store.directory import ActorDirectory
from store.faults import RETRIES, back_off, is_transient
from store.jsonl import Line
from store.settings import Settings
from store.upgrades import upgrade


@dataclass
class Store:
    """An open store: the event log, the actor directory, the append service and the views."""

    settings: Settings
    app: GeoEventsApplication
    directory: ActorDirectory
    appender: AppendService
    views: Views
    changes: DataVersion
    extras: dict[str, Any] = field(default_factory=dict)

    def append_objects(self, objects: Iterable[dict[str, Any]], **options: Any) -> AppendResult:
        """Append already-parsed JSON objects (from flags or HTTP) through the same checks."""
        lines = (Line(i, obj, None, b"") for i, obj in enumerate(objects, start=1))
        return self.appender.append(lines, **options)

    def close(self) -> None:
        """Release connections."""
        self.changes.close()
        self.app.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _built(settings: Settings) -> tuple[GeoEventsApplication, DataVersion, Views]:
    """Build the application on the store's tables (creating them if needed) and make sure its views exist."""
    with ready_for(settings.store, settings.postgres_schema) as set_up:
        app = GeoEventsApplication(env=application_env(
            settings.store, schema=settings.postgres_schema, lock_timeout=settings.lock_timeout_seconds,
            merkle=settings.merkle_log, sqlite_cache_kib=settings.sqlite_cache_kib,
            **({"CREATE_TABLE": "no"} if set_up and settings.merkle_log else {})))
        changes = DataVersion(app.recorder.datastore)
        views = Views(app, dialect_for(settings.store), changes=changes, settings=settings)
        views.ensure()
    return app, changes, views


def open_store(settings: Settings | None = None, *, upgrade_store: bool = True, **overrides: Any) -> Store:
    """Open (creating if needed) the store that settings name, wired to its read side; a store written by an
    older version is upgraded (`store.upgrades`) unless `upgrade_store` is false."""
    settings = settings or Settings(**overrides)
    for attempt in range(RETRIES):
        started = time.monotonic()
        try:
            app, changes, views = _built(settings)
            break
        except (PersistenceError, sqlite3.Error, OSError) as e:
            # a store being created by several processes at once: one's tables or journal mode may go in between
            # another's read and write, which SQLite refuses at once ("locked"); a wait that timed out is not retried
            if is_transient(e) and attempt < RETRIES - 1 and time.monotonic() - started < 1.0:
                back_off(attempt)
                continue
            raise StoreUnavailable(f"cannot open store '{redacted(settings.store)}': {e}") from None
    directory = ActorDirectory(app)
    appender = AppendService(app, directory, after_save=[views.catch_up])
    store = Store(settings=settings, app=app, directory=directory, appender=appender, views=views, changes=changes)
    if upgrade_store:
        upgrade(store)
    return store
