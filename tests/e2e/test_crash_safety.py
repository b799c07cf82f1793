"""An append of 200,000 events killed (SIGKILL) at random moments and restarted ends with each event once,
the log verifying and the views equal to the replay oracle."""

from __future__ import annotations

import random
import signal
import time

import pytest

from projections.contacts import contacts, contacts_from
from projections.replay import Fold
from projections.timeclock import ALWAYS, NEVER, Clocks
from projections.timeline import timeline, timeline_from
from store.root import open_store
from store.settings import Settings
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


def assert_views_equal_the_replay_oracle(db) -> None:
    """After catching up, the materialised views answer as a fold of the whole log does."""
    with open_store(Settings(store=str(db))) as store:
        store.views.catch_up()
        fold = Fold(store.app, Clocks.parse(None, None, None))
        assert timeline(store, topic="topic-7") == timeline_from(fold, None, "topic-7")
        assert contacts(store, between="pol", and_="tur") == contacts_from(fold, "pol", "tur", ALWAYS, NEVER,
                                                                           None, None, None)


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
    assert_views_equal_the_replay_oracle(db)
    print(f"kill points survived: {len(kill_points)}; events stored at each: {kill_points}")
