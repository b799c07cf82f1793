"""The background WAL checkpointer: it copies committed pages into the database file while a bulk append goes on,
changes nothing the store holds, and leaves no thread or connection behind."""

from __future__ import annotations

import sqlite3
import threading
import time

import orjson
import pytest

from store.jsonl import read_lines
from store.reading import events
from store.sqlite_recorder import BatchSQLiteApplicationRecorder
from store.wal_checkpointer import WalCheckpointer
from tests.conftest import SEED


def contact(key: str) -> bytes:
    """A keyed contact line."""
    return orjson.dumps({"type": "ContactMade", "key": key, "occurred": "2024-05-01",
                         "participants": ["rus", "fra"], "mode": "phone"})


def checkpoint_threads() -> list[threading.Thread]:
    """The checkpointer threads alive now."""
    return [t for t in threading.enumerate() if t.name == "geoevents-wal-checkpoint"]


def wait_for(condition, seconds: float = 10.0) -> bool:
    """Wait until condition() is true; tell whether it became true in time."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.parametrize("as_uri", [False, True], ids=["path", "file-uri"])
def test_a_requested_checkpoint_copies_every_committed_frame_into_the_database(tmp_path, monkeypatch, as_uri):
    monkeypatch.chdir(tmp_path)
    path = str(tmp_path / "wal.db")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # only the checkpointer copies
    writer.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, text TEXT)")
    writer.executemany("INSERT INTO t (text) VALUES (?)", [("x" * 500,) for _ in range(2000)])
    checkpointer = WalCheckpointer(f"file:{path}" if as_uri else path)  # a URI names the file as the pool would
    try:
        checkpointer.request()
        assert wait_for(lambda: checkpointer.checkpoints >= 1)
        busy, frames, copied = checkpointer.last  # type: ignore[misc]
        assert (busy, copied) == (0, frames) and frames > 100
    finally:
        checkpointer.close()
    assert checkpoint_threads() == []
    writer.close()
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT COUNT(*) FROM t").fetchone() == (2000,)
    assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reader.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("wal.db")) == []


@pytest.fixture
def made(monkeypatch) -> list[WalCheckpointer]:
    """Every checkpointer the SQLite recorder makes, kept for the test to look at; one that was asked lets its
    first checkpoint end before it closes (on a loaded machine its thread may start late)."""
    made: list[WalCheckpointer] = []
    background_checkpointer = BatchSQLiteApplicationRecorder.background_checkpointer

    def keep(self):
        checkpointer = background_checkpointer(self)
        close = checkpointer.close

        def close_after_a_first_checkpoint() -> None:
            if checkpointer.requests:
                wait_for(lambda: checkpointer.checkpoints >= 1)
            close()

        checkpointer.close = close_after_a_first_checkpoint  # type: ignore[method-assign]
        made.append(checkpointer)
        return checkpointer

    monkeypatch.setattr(BatchSQLiteApplicationRecorder, "background_checkpointer", keep)
    return made


def test_a_bulk_append_checkpoints_in_the_background_and_stops_its_thread_at_the_end(tmp_path, made):
    from store.root import open_store
    from store.settings import Settings

    path = tmp_path / "store.db"
    with open_store(Settings(store=str(path))) as store:
        with SEED.open("rb") as f:
            store.appender.append(read_lines(f))
        before = sum(1 for _ in events(store.app))
        result = store.appender.append(read_lines([contact(f"k{i}") for i in range(400)]), batch_size=50)
        assert result.appended == 400
        assert sum(1 for _ in events(store.app)) == before + 400
    assert made and sum(c.checkpoints for c in made) >= 1
    assert checkpoint_threads() == []
    reader = sqlite3.connect(path)
    assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reader.close()


def test_a_single_batch_starts_no_checkpoint_thread(tmp_path):
    from store.root import open_store
    from store.settings import Settings

    with open_store(Settings(store=str(tmp_path / "store.db"))) as store:
        with SEED.open("rb") as f:
            store.appender.append(read_lines(f))
        store.appender.append(read_lines([contact("one")]))
        assert checkpoint_threads() == []


@pytest.mark.parametrize("name", ["no-such-folder/store.db", "nul\0in-the-name.db"], ids=["missing", "nul"])
def test_a_checkpointer_that_cannot_open_its_file_never_fails_its_caller(tmp_path, name):
    checkpointer = WalCheckpointer(str(tmp_path / name))
    checkpointer.request()
    checkpointer.request()
    assert checkpoint_threads() == [] and checkpointer.checkpoints == 0
    checkpointer.close()


def test_closing_before_any_request_or_asking_after_closing_starts_nothing(tmp_path):
    checkpointer = WalCheckpointer(str(tmp_path / "store.db"))
    checkpointer.close()
    checkpointer.request()
    assert checkpoint_threads() == [] and checkpointer.requests == 0


def test_a_rebuild_by_pages_checkpoints_after_its_pages_and_stops_its_thread(tmp_path, made, monkeypatch):
    from projections import parallel
    from store.root import open_store
    from store.settings import Settings
    from tests.benchmarks.generate import generate

    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGE", 200)
    path = tmp_path / "store.db"
    with open_store(Settings(store=str(path))) as store:
        store.appender.append(read_lines(generate(1500)), batch_size=500, skip_invalid=True)
        made.clear()
        pages: list[int] = []
        store.views.rebuild(on_page=pages.append)
        assert len(pages) >= 5
    assert len(made) == 1 and made[0].checkpoints >= 1
    assert checkpoint_threads() == []
