"""An append of 200,000 events killed (SIGKILL) at random moments and restarted ends with each event once."""

from __future__ import annotations

import random
import signal
import time

import pytest

from tests.e2e.faults import assert_clean, counts, run, start
from tests.integrity_events import STATES, events_for, write_events

CONTACTS = 200_000
KILLS = 6
BATCH = 1000


def wait_for_new_writes(db, before: int, process) -> None:
    """Return once the running append has committed past `before` events (so the kill lands mid-write)."""
    while process.poll() is None:
        if db.exists() and counts(db)[0] > before:
            return
        time.sleep(0.05)


@pytest.mark.slow
def test_an_append_killed_at_random_moments_and_restarted_stores_every_event_exactly_once(tmp_path):
    source = write_events(tmp_path / "events.jsonl", CONTACTS, seed=11)
    db = tmp_path / "store.db"
    rng = random.Random(2026)
    kill_points: list[int] = []
    for _ in range(KILLS):
        before = counts(db)[0] if db.exists() else 0
        process = start("append", str(source), "--store", str(db), "--batch-size", str(BATCH))
        wait_for_new_writes(db, before, process)
        time.sleep(rng.uniform(0.0, 1.5))
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGKILL)
        process.wait()
        events, contacts, streams = counts(db)
        assert (contacts + len(STATES)) % BATCH == 0 and streams == contacts  # whole batches only
        kill_points.append(events)
    finished = run("append", str(source), "--store", str(db), "--batch-size", str(BATCH))
    assert finished.returncode == 0, finished.stderr
    assert_clean(finished)
    assert counts(db) == (events_for(CONTACTS), CONTACTS, CONTACTS)
    verified = run("verify", "--store", str(db))
    assert verified.returncode == 0, verified.stderr
    assert len(kill_points) == KILLS and kill_points == sorted(set(kill_points))
    print(f"kill points survived: {len(kill_points)}; events stored at each: {kill_points}")
