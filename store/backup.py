"""`backup`: a consistent copy of an SQLite store while writers run (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from domain.errors import InvalidInput, StoreUnavailable
from store.backends import own_files, parse_postgres_url, sqlite_file
from store.settings import Settings


def pg_guidance(settings: Settings) -> str:
    """How to back up a PostgreSQL store: pg_dump of the store's own schema."""
    at = parse_postgres_url(settings.store, settings.postgres_schema)
    return ("a PostgreSQL store is backed up with pg_dump: `pg_dump --format=custom --file=geoevents.dump "
            f"--schema={at.schema} --host={at.host} --port={at.port} --username={at.user} {at.dbname}` (the store's "
            "URL as it is will not do: pg_dump refuses its ?schema= parameter); see docs/integrity.md")


def backup(settings: Settings, target: Path) -> Path:
    """Copy the store named by settings to `target` in one read snapshot; never overwrite a file."""
    if settings.is_postgres:
        raise StoreUnavailable(pg_guidance(settings))
    if target.exists() or target.resolve() in own_files(settings.store):  # the WAL comes and goes
        raise InvalidInput(f"'{target}' already exists or is the store's own file; choose a new path", field="path")
    source_file = sqlite_file(settings.store)
    if source_file is None or not source_file.is_file():
        raise StoreUnavailable(f"no store at '{settings.store}'")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(settings.store, uri=settings.store.startswith("file:"),
                                 timeout=settings.lock_timeout_seconds)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)  # one step: the whole database from a single read snapshot
                copy.execute("PRAGMA journal_mode=WAL")  # as every store: opening the copy to check it changes nothing
            finally:
                copy.close()
        finally:
            source.close()
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as e:
        partial.unlink(missing_ok=True)
        raise StoreUnavailable(f"backup to '{target}' failed: {e}") from None
    return target
