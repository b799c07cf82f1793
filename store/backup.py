"""`backup`: a consistent copy of an SQLite store while writers run (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from domain.errors import InvalidInput, StoreUnavailable
from store.backends import absent_store, own_files, parse_postgres_url
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
    if (missing := absent_store(settings.store, settings.postgres_schema)) is not None:
        raise StoreUnavailable(missing)
    # a file of its own (two backups to one path never share one), put in place by a link, which fails where a
    # file has appeared meanwhile, and never under the name of a file someone else left there
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as e:
        raise StoreUnavailable(f"backup to '{target}' failed: {e}") from None
    os.close(handle)
    partial = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    partial.chmod(0o666 & ~umask)  # as a file the user creates, not mkstemp's owner-only 0600
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
        os.link(partial, target)
    except FileExistsError:
        raise InvalidInput(f"'{target}' appeared while the backup was written; choose a new path",
                           field="path") from None
    except (sqlite3.Error, OSError) as e:
        raise StoreUnavailable(f"backup to '{target}' failed: {e}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target
