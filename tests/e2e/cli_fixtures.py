"""CLI fixtures (imported by the CLI test modules): a seeded store file, a runner bound to it, byte snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from tests.conftest import SEED

Geo = Callable[..., Result]


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store holding the seed article, written once per test module (copy it, never write it)."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with open_store(Settings(store=str(path))) as store, SEED.open("rb") as f:
        store.appender.append(read_lines(f))
    return path


@pytest.fixture
def store_path(seed_file: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store for one test."""
    path = tmp_path / "store.db"
    shutil.copy(seed_file, path)
    return path


@pytest.fixture
def geo(store_path: Path) -> Geo:
    """Run `geoevents ARGS...` in-process against the test's store (GEOEVENTS_STORE), stdin optional."""
    runner = CliRunner(env={"GEOEVENTS_STORE": str(store_path)})

    def run(*args: str, input: str | bytes | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return run


def snapshot(path: Path) -> dict[str, bytes]:
    """The bytes of a store file and its journal files, to show a command changed nothing."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.glob(path.name + "*"))}
