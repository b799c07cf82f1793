"""A rebuild whose pages worker processes compute leaves exactly the views of the sequential catch-up."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from projections import parallel
from projections.parallel import final_state
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from tests import pg
from tests.benchmarks.generate import generate

RID_TABLES = ["pv_actor_ref", "pv_topic_ref", "pv_stance", "pv_denial", "pv_pair", "pv_link"]
OTHER_TABLES = ["pv_ref", "pv_actor", "pv_alias", "pv_term", "pv_tracking"]


def canonical(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every view table's rows, sorted, each row id replaced by what identifies its occurrence row (the
    occurrence and its cell of the clock plane): row ids themselves depend on the order of the work."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    rows = store.views.d.rows
    with store.views.datastore.transaction(commit=False) as cursor:
        cursor.execute("SELECT * FROM pv_occ")
        cell = {}
        for row in rows(cursor):
            cell[row[0]] = (row[1], row[9], row[10], row[11], row[12])
            tables.setdefault("pv_occ", []).append((cell[row[0]], *tuple(row)[1:]))
        for name in RID_TABLES:
            cursor.execute(f"SELECT * FROM {name}")  # noqa: S608
            tables[name] = [(cell[row[0]], *tuple(row)[1:]) for row in rows(cursor)]
        for name in OTHER_TABLES:
            cursor.execute(f"SELECT * FROM {name}")  # noqa: S608
            tables[name] = [tuple(row) for row in rows(cursor) if tuple(row)[0] != "generation"]  # new per build
    return {name: sorted(rows, key=repr) for name, rows in tables.items()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 4,000 generated lines (offices, corrections, retractions, denials), views kept by appends."""
    path = tmp_path_factory.mktemp("parallel") / "store.db"
    with open_store(Settings(store=str(path))) as store:
        store.appender.append(read_lines(generate(4000)), batch_size=500, skip_invalid=True)
    return path


def test_the_generated_history_exercises_corrections_and_denials(generated):
    with open_store(Settings(store=str(generated))) as store:
        final = final_state(store.views)
        assert final is not None
        with store.views.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT COUNT(*) FROM pv_denial")
            denials = cursor.fetchone()[0]
    assert len(final.corrected) > 50 and denials > 50


def test_pages_computed_by_workers_give_the_views_of_the_sequential_catch_up(generated, monkeypatch):
    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGE", 97)  # many pages, each correction far from its occurrence's page
    with open_store(Settings(store=str(generated))) as store:
        kept_by_appends = canonical(store)
        pages = []
        store.views.rebuild(on_page=pages.append)
        assert canonical(store) == kept_by_appends
        assert len(pages) > 30 and pages == sorted(pages)
        store.views.settings = None  # pages computed in this process, as on PostgreSQL
        store.views.rebuild()
        assert canonical(store) == kept_by_appends
        monkeypatch.setattr(parallel, "WORTH_PAGES", 10**9)  # the sequential catch-up alone, for comparison
        store.views.rebuild()
        assert canonical(store) == kept_by_appends


@pytest.mark.postgres
def test_pages_computed_in_process_on_postgresql_give_the_views_of_the_appends(monkeypatch):
    """PostgreSQL has no worker processes: the rebuilding process computes the same pages itself."""
    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGE", 97)
    with pg.fresh_settings("postgres") as settings, open_store(settings) as store:
        store.appender.append(read_lines(generate(2000)), batch_size=500, skip_invalid=True)
        final = final_state(store.views)
        assert final is not None and len(final.corrected) > 20
        kept_by_appends = canonical(store)
        pages: list[int] = []
        store.views.rebuild(on_page=pages.append)
        assert canonical(store) == kept_by_appends
        assert len(pages) > 15 and pages == sorted(pages)


def test_a_rebuild_without_workers_to_be_had_is_done_by_the_catch_up(generated, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    with open_store(Settings(store=str(generated))) as store:
        before = canonical(store)
        store.views.settings = Settings(store=str(tmp_path / "missing" / "store.db"))  # workers cannot open it
        pages = []
        store.views.rebuild(on_page=pages.append)
        assert canonical(store) == before
        assert len(pages) == 1  # the catch-up's single page of the rebuild's size


def test_events_appended_after_the_workers_began_are_caught_up(generated, tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    with sqlite3.connect(generated) as db:
        db.execute(f"VACUUM INTO '{copy}'")
    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGE", 500)
    with open_store(Settings(store=str(copy))) as store:
        appended = []

        def append_once(position: int) -> None:
            if not appended:
                appended.append(store.append_objects([{"type": "StatementMade", "medium": "communique",
                                                       "occurred": "2024-04-03", "speaker": "state-01",
                                                       "claims": [{"subject": "state-02", "topic": "t",
                                                                   "stance": "supports"}]}]))
        store.appender.after_save.clear()
        store.views.rebuild(on_page=append_once)
        rebuilt = canonical(store)
        monkeypatch.setattr(parallel, "WORTH_PAGES", 10**9)  # the sequential catch-up alone, for comparison
        store.views.rebuild()
        assert rebuilt == canonical(store)
        assert any(row[3] == "t" for row in rebuilt["pv_stance"])


def rebuild_with_workers_failing(generated, monkeypatch, fail) -> tuple[int, int, list[int]]:
    """Rebuild the generated store in pages of 97 events, calling `fail(workers, number)` before the worker pages
    hand over page `number` (True: stop there); check that the views end as they were, and return the events
    applied, the views' position and the positions reported page by page."""
    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGE", 97)
    computed = parallel._Workers.compute

    def failing(self, bounds):
        for number, page in enumerate(computed(self, bounds)):
            if fail(self, number):
                return
            yield page
    monkeypatch.setattr(parallel._Workers, "compute", failing)
    with open_store(Settings(store=str(generated))) as store:
        before = canonical(store)
        pages: list[int] = []
        applied = store.views.rebuild(on_page=pages.append)
        assert canonical(store) == before
        return applied, store.views.position(), pages


def test_a_worker_lost_half_way_leaves_the_rest_to_the_catch_up(generated, monkeypatch):
    """Pages written ahead of their corrections (as at the log's end), then the catch-up from there on,
    which re-projects those occurrences at each later correction: the same views in the end."""
    _, _, pages = rebuild_with_workers_failing(generated, monkeypatch, lambda workers, number: number == 10)
    assert len(pages) == 11 and pages[9] == 970  # ten pages (the worker's and ours), then the catch-up's one


def kill_workers(workers) -> bool:
    """Kill every worker process (SIGKILL) and reap it; tell False (the rebuild goes on as far as it can)."""
    for child in workers.children:
        child.kill()
        child.wait()
    return False


def test_a_worker_killed_half_way_leaves_the_rest_to_this_process_and_the_catch_up(generated, monkeypatch):
    """The worker process dies (SIGKILL) once five pages came back: what it had sent is written, the rebuilding
    process stops at its first missing page, and the catch-up applies the rest: the same views in the end."""
    applied, position, pages = rebuild_with_workers_failing(
        generated, monkeypatch, lambda workers, number: number == 4 and kill_workers(workers))
    assert applied == position
    assert pages[:5] == [97, 194, 291, 388, 485] and len(pages) <= 8  # not the 50-odd pages of a whole rebuild


def test_a_worker_whose_standard_output_is_written_to_still_serves_every_page(generated, tmp_path, monkeypatch):
    """Anything writing to a worker's standard output (here a `sitecustomize` module, before and after the worker
    starts; a profiler or a C library alike) must not garble the replies: they travel on a pipe of their own."""
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit, os\nos.write(1, b'\\x95 stray output\\n')\natexit.register(os.write, 1, b'more\\n')\n")
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    monkeypatch.setattr(parallel, "WORTH_PAGES", 0)
    monkeypatch.setattr(parallel, "PAGE", 97)
    with open_store(Settings(store=str(generated))) as store:
        before = canonical(store)
        pages: list[int] = []
        store.views.rebuild(on_page=pages.append)
        assert canonical(store) == before
    assert len(pages) > 30 and pages == sorted(pages)  # every page by pages: none left to the catch-up


def test_a_reply_that_is_not_a_page_stops_the_workers_and_leaves_the_rest_to_the_catch_up(tmp_path):
    garbled = tmp_path / "garbled"
    garbled.write_bytes(b"\x95 not a pickle")
    with garbled.open("rb") as pipe:
        assert parallel._Workers._reply(pipe) is None
    other = tmp_path / "other"
    other.write_bytes(pickle.dumps({"not": "a page"}))
    with other.open("rb") as pipe:
        assert parallel._Workers._reply(pipe) is None
