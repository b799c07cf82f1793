"""PostgreSQL for tests: the server from GEOEVENTS_TEST_POSTGRES_URL, one fresh schema per test.

When no server answers, PostgreSQL tests are skipped with the reason, unless
GEOEVENTS_REQUIRE_POSTGRES=1 (set by .ci/run), which makes them fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest

from store.backends import parse_postgres_url
from store.settings import Settings

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def base_url() -> str:
    """Return the PostgreSQL server URL tests use (without a schema)."""
    return os.environ.get("GEOEVENTS_TEST_POSTGRES_URL", DEFAULT_URL)


@cache
def server_problem() -> str | None:
    """Return why the test server cannot be used, or None when it answers (checked once per process)."""
    import psycopg

    try:
        kwargs = parse_postgres_url(base_url()).connect_kwargs()
        kwargs["connect_timeout"] = 3
        with psycopg.connect(**kwargs) as conn:  # type: ignore[arg-type]
            conn.execute("SELECT 1")
    except Exception as e:  # noqa: BLE001 - any failure means "no usable server"
        return f"no PostgreSQL server at {base_url()} (GEOEVENTS_TEST_POSTGRES_URL): {str(e).strip()}"
    return None


def require_server() -> None:
    """Skip the current test when no server answers, or fail when GEOEVENTS_REQUIRE_POSTGRES=1."""
    problem = server_problem()
    if problem is None:
        return
    if os.environ.get("GEOEVENTS_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{problem}; GEOEVENTS_REQUIRE_POSTGRES=1 forbids skipping", pytrace=False)
    pytest.skip(problem)


def url_with_schema(schema: str) -> str:
    """Return the test server URL pointing at one schema."""
    url = base_url()
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def drop_schema(schema: str) -> None:
    """Drop a test schema and everything in it."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(**parse_postgres_url(base_url()).connect_kwargs()) as conn:  # type: ignore[arg-type]
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@contextmanager
def fresh_schema() -> Iterator[str]:
    """Yield the name of a schema no other test uses (xdist-safe), dropping it afterwards."""
    require_server()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"t_{worker}_{uuid.uuid4().hex[:12]}"
    try:
        yield schema
    finally:
        drop_schema(schema)


@contextmanager
def fresh_settings(backend: str) -> Iterator[Settings]:
    """Settings for a new empty store on a backend, removed afterwards (for per-example stores)."""
    import tempfile
    from pathlib import Path

    if backend == "postgres":
        with fresh_schema() as schema:
            yield Settings(store=url_with_schema(schema), postgres_schema=schema)
        return
    with tempfile.TemporaryDirectory() as folder:
        yield Settings(store=str(Path(folder) / "store.db"))
