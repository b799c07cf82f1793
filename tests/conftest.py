"""Shared fixtures: a fresh store per test on a real SQLite file (PostgreSQL joins via `backend`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.root import Store, open_store
from store.settings import Settings
from tests import pg

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = EXAMPLES / "seed.jsonl"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """The storage backend a test runs against (PostgreSQL details live in tests/pg.py)."""
    return request.param


@pytest.fixture
def settings(backend: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a fresh, empty store on the chosen backend (its own schema on PostgreSQL)."""
    if backend == "postgres":
        with pg.fresh_schema() as schema:
            yield Settings(store=pg.url_with_schema(schema), postgres_schema=schema)
        return
    yield Settings(store=str(tmp_path / "store.db"))


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """An open, empty store."""
    with open_store(settings) as opened:
        yield opened


@pytest.fixture
def seeded(store: Store) -> Store:
    """A store holding the seed article."""
    from store.jsonl import read_lines

    with SEED.open("rb") as f:
        store.appender.append(read_lines(f))
    return store
