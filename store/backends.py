"""Storage backends: the eventsourcing environment for an SQLite file or a postgresql:// URL.

One PostgreSQL schema holds one store (events, views, tracking). The schema comes from a
`?schema=` URL parameter, else from `Settings.postgres_schema`; it is created when missing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

from domain.errors import ServerUnreachable, StoreUnavailable
from store.faults import is_unreachable

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SCHEMA_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
CONNECT_TIMEOUT_SECONDS = 5


def is_postgres_url(store: str) -> bool:
    """Tell whether a store location is a PostgreSQL URL rather than an SQLite file path."""
    return store[:13].lower().startswith(POSTGRES_SCHEMES)  # a URL's scheme is case-insensitive (RFC 3986)


def sqlite_file(store: str) -> Path | None:
    """The file of an SQLite store (a path, or a `file:` URI without its query), None for PostgreSQL or memory."""
    if is_postgres_url(store):
        return None
    if store.startswith("file:"):  # read as SQLite reads a URI: no fragment, an empty or `localhost` authority,
        path, _, query = store[5:].split("#", 1)[0].partition("?")  # %HH decoded, the last `mode` counts
        params = parse_qsl(query, keep_blank_values=True)
        modes = [value for name, value in params if name == "mode"]
        if modes and modes[-1] == "memory" or ("vfs", "memdb") in params:
            return None
        if path.startswith("//"):
            authority, _, rest = path[2:].partition("/")
            path = "/" + rest if authority in ("", "localhost") else path
        path = unquote(path)
    else:
        path = store
    return Path(path) if path and path != ":memory:" else None


def own_files(store: str) -> set[Path]:
    """The files an SQLite store lives in (the database and its WAL, shared-memory and rollback journal), resolved;
    none for PostgreSQL or memory."""
    database = sqlite_file(store)
    if database is None:
        return set()
    return {Path(str(name) + suffix).resolve() for name in (database, database.resolve())  # SQLite puts the WAL
            for suffix in ("", "-wal", "-shm", "-journal")}                                # beside the link's target


@dataclass(frozen=True)
class PostgresLocation:
    """Where a PostgreSQL store lives: server, database, credentials and schema."""

    host: str
    port: int
    dbname: str
    user: str
    password: str
    schema: str

    def connect_kwargs(self) -> dict[str, object]:
        """Return psycopg.connect keyword arguments for this database."""
        return {"host": self.host, "port": self.port, "dbname": self.dbname, "user": self.user,
                "password": self.password or os.environ.get("PGPASSWORD") or None,
                "connect_timeout": CONNECT_TIMEOUT_SECONDS, "autocommit": True}


def parse_postgres_url(url: str, default_schema: str = "public") -> PostgresLocation:
    """Split postgresql://user[:password]@host[:port]/db[?schema=name] into its parts."""
    try:
        parts = urlsplit(url)
    except ValueError as e:  # an unclosed [IPv6 address], say
        raise StoreUnavailable(f"invalid store URL '{redacted(url)}': {e}") from None
    try:
        port = parts.port or 5432
    except ValueError:
        raise StoreUnavailable(f"invalid port in store URL '{redacted(url)}'") from None
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - {"schema"}
    if unknown:
        raise StoreUnavailable(f"unsupported store URL parameter(s): {', '.join(sorted(unknown))}"
                               " (only 'schema' is understood)")
    given = query.get("schema")
    if given is not None and (len(given) > 1 or not given[0]):
        raise StoreUnavailable("the store URL's 'schema' parameter must be given once, with a name "
                               f"(got {', '.join(repr(g) for g in given)})")
    schema = given[0] if given else default_schema
    if not SCHEMA_PATTERN.match(schema) or schema.startswith("pg_") or schema == "information_schema":
        raise StoreUnavailable(f"invalid PostgreSQL schema name '{schema}' (lower-case letters, digits and _, at "
                               "most 63 characters, not a system schema such as pg_catalog or pg_temp)")
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise StoreUnavailable(f"store URL '{redacted(url)}' names no database")
    return PostgresLocation(host=parts.hostname or "127.0.0.1", port=port, dbname=dbname,
                            user=unquote(parts.username or "postgres"),
                            password=unquote(parts.password or ""), schema=schema)


def redacted(url: str) -> str:
    """Return a store location with any password masked, for messages and logs: all between the user's name and
    the last `@` (a password may hold an unescaped `@` or `?`, and the user's name may be empty)."""
    scheme, sep, rest = url.partition("://")
    at = rest.rfind("@")  # not cut at `?` first: a password may hold one (masking a query's `@` too is safe)
    user, colon, _ = rest[:max(at, 0)].partition(":")
    if not sep or at < 0 or not colon:
        return url
    return f"{scheme}://{user}:***{rest[at:]}"


def postgres_env(location: PostgresLocation, lock_timeout: int) -> dict[str, str]:
    """Return the eventsourcing PostgreSQL environment (never with POSTGRES_ENABLE_DB_FUNCTIONS).

    The factory is the library's PostgresFactory with the store's schema on the search path.
    """
    return {
        "PERSISTENCE_MODULE": "store.pgfactory:SchemaPostgresFactory",
        "POSTGRES_DBNAME": location.dbname,
        "POSTGRES_HOST": location.host,
        "POSTGRES_PORT": str(location.port),
        "POSTGRES_USER": location.user,
        "POSTGRES_PASSWORD": location.password or os.environ.get("PGPASSWORD", ""),
        "POSTGRES_SCHEMA": location.schema,
        "POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT_SECONDS),
        "POSTGRES_LOCK_TIMEOUT": str(lock_timeout),
        "POSTGRES_PRE_PING": "y",  # a pooled connection the server dropped is replaced, not handed out
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": "7",
    }


SQLITE_FACTORY = "store.sqlite_factory:TunedSQLiteFactory"
"""The SQLite infrastructure factory: the library's, with tuned connections (store/sqlite_factory.py)."""
SQLITE_CACHE_KIB = "SQLITE_CACHE_KIB"
"""The environment key of each SQLite connection's page cache in KiB, when not the factory's default."""


def sqlite_env(path: str, lock_timeout: int, cache_kib: int | None = None) -> dict[str, str]:
    """Return the eventsourcing SQLite environment for a database file (with each connection's page cache in
    KiB, when not the factory's default)."""
    env = {"PERSISTENCE_MODULE": SQLITE_FACTORY, "SQLITE_DBNAME": path, "SQLITE_LOCK_TIMEOUT": str(lock_timeout)}
    if cache_kib is not None:
        env[SQLITE_CACHE_KIB] = str(cache_kib)
    return env


SET_UP_TABLES = ("geoevents_events", "merkle_leaves", "merkle_nodes")
"""The tables whose presence says a PostgreSQL store is set up (the library's event table and the Merkle log)."""
OWN_COLUMNS = {"geoevents_events": {"notification_id", "originator_id", "originator_version", "topic", "state"},
               "merkle_leaves": {"leaf_index", "notification_id", "leaf_hash"},
               "merkle_nodes": {"level", "node_index", "hash"}}
"""The columns each of those tables has in a store: a table of that name without them belongs to something else."""


def refuse_foreign_tables(conn: Any, schema: str) -> None:
    """Refuse, before any DDL, a schema holding a table of a store's name that is not a store's (another
    application's `merkle_leaves`): setting up beside it would write into that schema and then fail on every open."""
    rows = conn.execute("SELECT table_name, array_agg(column_name::text) FROM information_schema.columns "
                        "WHERE table_schema = %s AND table_name = ANY(%s) GROUP BY table_name",
                        (schema, list(OWN_COLUMNS))).fetchall()
    for table, columns in sorted(rows):
        missing = OWN_COLUMNS[table] - set(columns)
        if missing:
            raise StoreUnavailable(f"schema '{schema}' already holds a table '{table}' that is not a geoevents "
                                   f"store's (it has no {', '.join(sorted(missing))}); give the store a schema of its "
                                   "own (?schema=NAME in the URL, or GEOEVENTS_POSTGRES_SCHEMA)")


@contextmanager
def prepared_schema(location: PostgresLocation) -> Iterator[bool]:
    """Create the store's schema if missing and hold a lock on it while its tables are created; tell whether
    they exist already.

    Writers that open a fresh store at the same moment would otherwise race on CREATE TYPE and
    CREATE TABLE; an advisory lock keyed on the schema name serialises that one-off set-up. A store that
    is set up is opened without DDL: the library's `CREATE INDEX IF NOT EXISTS` takes a SHARE lock on the
    events table even when the index exists, so every command, reads included, waited behind any writer.
    """
    import psycopg
    from psycopg import sql

    try:
        conn = psycopg.connect(**location.connect_kwargs())  # type: ignore[arg-type]
    except psycopg.Error as e:
        failure = ServerUnreachable if is_unreachable(e) else StoreUnavailable
        raise failure(f"cannot connect to PostgreSQL at {location.host}:{location.port}/"
                      f"{location.dbname} as {location.user}: {str(e).strip()}") from None
    with conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", ("geoevents-schema:" + location.schema,))
        try:
            names = [sql.Identifier(location.schema, table).as_string(conn) for table in SET_UP_TABLES]
            row = conn.execute("SELECT bool_and(to_regclass(name) IS NOT NULL) FROM unnest(%s::text[]) AS name",
                               (names,)).fetchone()
            ready = bool(row and row[0])
            refuse_foreign_tables(conn, location.schema)
            if not ready:  # a store that is set up needs no DDL, so a read-only server or role can read it
                try:
                    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(location.schema)))
                except psycopg.Error as e:
                    raise StoreUnavailable(f"cannot set up a store in schema '{location.schema}' of "
                                           f"{location.host}:{location.port}/{location.dbname} as {location.user}: "
                                           f"{str(e).strip()}") from None
            yield ready
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", ("geoevents-schema:" + location.schema,))


def absent_store(store: str, schema: str) -> str | None:
    """Say why no store is at a location (a missing file, an SQLite file or a PostgreSQL schema without an event
    log), or None when one is there or the question cannot be answered here (the opening then tells why).

    Read commands ask first: opening would set a store up wherever it points, writing tables into another
    application's database and answering a mistyped location as an empty store."""
    database = sqlite_file(store)
    if database is not None:
        if not database.is_file():
            return f"no store at '{database}' (append, import or record creates one)"
        return _sqlite_without_log(database)
    if is_postgres_url(store):
        return _schema_without_log(parse_postgres_url(store, schema))
    return None


def _sqlite_without_log(database: Path) -> str | None:
    """Say that an SQLite file holds no event log, read without writing (None when it does, or cannot be read)."""
    import sqlite3

    try:
        with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stored_events'").fetchone()
    except sqlite3.DatabaseError as e:
        if "not a database" in str(e):
            return f"'{database}' is not a geoevents store: {e}"
        return None
    return None if found else f"'{database}' is not a geoevents store (it holds no event log)"


def _schema_without_log(location: PostgresLocation) -> str | None:
    """Say that a PostgreSQL schema holds no event log (None when it does, or no server answers)."""
    import psycopg

    try:
        with psycopg.connect(**location.connect_kwargs()) as conn:  # type: ignore[arg-type]
            name = f'"{location.schema}".geoevents_events'
            row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    except psycopg.Error:
        return None
    if row and row[0]:
        return None
    return (f"no store in schema '{location.schema}' of {location.host}:{location.port}/{location.dbname} "
            "(append, import or record creates one)")


@contextmanager
def ready_for(store: str, schema: str) -> Iterator[bool]:
    """Prepare a store's location before its application is built (a PostgreSQL schema; nothing for SQLite);
    tell whether its tables are known to exist (never on SQLite, where creating them takes no lock)."""
    if not is_postgres_url(store):
        yield False
        return
    with prepared_schema(parse_postgres_url(store, schema)) as set_up:
        yield set_up


def dialect_for(store: str) -> Any:
    """Return the SQL dialect of the views for a store location."""
    if is_postgres_url(store):
        from projections.pgdialect import POSTGRES

        return POSTGRES
    from projections.dialect import SQLITE

    return SQLITE
