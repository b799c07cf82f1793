"""Several writer processes appending at once: nothing lost, nothing doubled, names stay unique."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from domain.actors import ActorRegistered, NameClaimed
from domain.catalogue import ContactMade
from domain.errors import ConcurrentWriteConflict
from domain.identity import occurrence_id_for_key
from store.jsonl import read_lines
from store.reading import events
from store.root import open_store
from tests.conftest import SEED
from tests.oracle import assert_views_equal_oracle

WRITERS = 4
LINES_PER_WRITER = 5_000
SHARED_ACTORS = 50
CLI = [sys.executable, "-c", "from cli.main import main; main()"]


def writer_lines(writer: int) -> list[dict]:
    """One writer's input: shared actors and keys (identical in every writer) mixed with its own."""
    lines: list[dict] = [{"type": "ActorRegistered", "key": f"pool-actor-{j}", "name": f"Pool actor {j}",
                          "kind": "person", "aliases": [f"Pool alias {j}"]} for j in range(SHARED_ACTORS)]
    for i in range(LINES_PER_WRITER - SHARED_ACTORS):
        line = {"type": "ContactMade", "occurred": f"2024-{i % 12 + 1:02d}-01",
                "participants": [f"pool-actor-{i % SHARED_ACTORS}", "rus"], "mode": "phone"}
        if i % 5 == 0:
            line["key"] = f"shared-{i}"
        elif i % 2:
            line["key"] = f"w{writer}-{i}"
        else:
            line["summary"] = f"unkeyed w{writer}-{i}"
        lines.append(line)
    return lines


def run_writers(store_location: str, files: list[Path], batch_size: int) -> list[subprocess.CompletedProcess]:
    """Start every writer as its own CLI process reading stdin, then feed them all at the same moment."""
    procs = [subprocess.Popen([*CLI, "append", "-", "--store", store_location, "--batch-size",
                               str(batch_size), "--format", "json"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in files]
    with ThreadPoolExecutor(len(procs)) as pool:
        outputs = list(pool.map(lambda pf: pf[0].communicate(pf[1].read_bytes(), timeout=600), zip(procs, files)))
    return [subprocess.CompletedProcess(p.args, p.returncode, out, err) for p, (out, err) in zip(procs, outputs)]


@pytest.mark.slow
def test_four_writers_appending_at_once_store_every_event_exactly_once(settings, tmp_path):
    with open_store(settings) as store, SEED.open("rb") as f:
        store.appender.append(read_lines(f))
    files = []
    for w in range(WRITERS):
        path = tmp_path / f"writer-{w}.jsonl"
        path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in writer_lines(w)))
        files.append(path)

    results = run_writers(settings.store, files, batch_size=250)

    for r in results:
        assert r.returncode == 0, r.stderr.decode()
    summaries = [orjson.loads(r.stdout) for r in results]
    assert sum(s["appended"] for s in summaries) + sum(s["duplicates"] for s in summaries) == WRITERS * LINES_PER_WRITER
    expected_keys = {line["key"] for w in range(WRITERS) for line in writer_lines(w) if line["type"] == "ContactMade" and "key" in line}
    expected_unkeyed = {line["summary"] for w in range(WRITERS) for line in writer_lines(w) if "summary" in line}
    with open_store(settings) as store:
        stored = [e for _, e in events(store.app)]
        assert store.views.position() == store.app.recorder.max_notification_id()
        assert_views_equal_oracle(store)
    occurrences = [e for e in stored if isinstance(e, ContactMade) and e.participants[0].startswith("pool")]
    keys = Counter(e.key for e in occurrences if e.key)
    assert set(keys) == expected_keys and max(keys.values()) == 1
    assert sorted(e.summary for e in occurrences if not e.key) == sorted(expected_unkeyed)
    registrations = Counter(e.key for e in stored if isinstance(e, ActorRegistered))
    assert max(registrations.values()) == 1 and len(registrations) >= SHARED_ACTORS
    claims = Counter(e.originator_id for e in stored if isinstance(e, NameClaimed))
    assert max(claims.values()) == 1
    assert sum(s["appended"] for s in summaries) == len(expected_keys) + len(expected_unkeyed) + SHARED_ACTORS


def test_writers_racing_for_one_alias_leave_it_to_exactly_one_actor(settings, tmp_path):
    with open_store(settings):
        pass
    files = []
    for w in range(WRITERS):
        path = tmp_path / f"alias-{w}.jsonl"
        path.write_bytes(orjson.dumps({"type": "ActorRegistered", "key": f"claimant-{w}", "name": f"Claimant {w}",
                                       "kind": "person", "aliases": ["The Contested Name"]}) + b"\n")
        files.append(path)

    results = run_writers(settings.store, files, batch_size=1)

    winners = [r for r in results if r.returncode == 0]
    assert len(winners) == 1
    for loser in (r for r in results if r.returncode != 0):
        assert b"already refers to actor" in loser.stderr
    with open_store(settings) as store:
        owner = store.directory.lookup("the contested name")
        registered = [e.key for _, e in events(store.app) if isinstance(e, ActorRegistered)]
    assert registered == [owner]


def test_a_writer_that_keeps_losing_the_race_reports_a_concurrent_write_conflict(settings):
    with open_store(settings) as store, open_store(settings) as rival, SEED.open("rb") as f:
        store.appender.append(read_lines(f))
        target = "2024-04-03-lecornu-shoigu-call"
        real_save = store.app.save
        rival_reasons = iter(range(100))

        def rival_wins_first(*items, **kwargs):
            """Let the rival writer correct the same occurrence just before every save of ours."""
            rival.append_objects([{"type": "Corrected", "target": target, "changes": {"duration_minutes": 30},
                                   "reason": f"rival correction {next(rival_reasons)}"}])
            return real_save(*items, **kwargs)

        store.app.save = rival_wins_first  # type: ignore[method-assign]
        with pytest.raises(ConcurrentWriteConflict, match="another writer"):
            store.append_objects([{"type": "Corrected", "target": target, "changes": {"summary": "ours"},
                                   "reason": "our correction"}])
        store.app.save = real_save  # type: ignore[method-assign]
        history = store.app.load_occurrence(occurrence_id_for_key(target))
    assert history is not None
    assert all(c.reason.startswith("rival") for c in history.corrections)


def test_a_writer_blocked_past_the_lock_timeout_reports_a_concurrent_write_conflict(tmp_path):
    import sqlite3

    from store.settings import Settings

    settings = Settings(store=str(tmp_path / "locked.db"), lock_timeout_seconds=1)
    with open_store(settings) as store:
        holder = sqlite3.connect(settings.store)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(ConcurrentWriteConflict, match="lock timeout"), SEED.open("rb") as f:
                store.appender.append(read_lines(f))
        finally:
            holder.rollback()
            holder.close()
        with SEED.open("rb") as f:
            assert store.appender.append(read_lines(f)).appended == 56
