"""An import of 60,000 ICEWS rows killed (SIGKILL) at random moments and restarted ends with each row stored
once, every actor registered once, the log verifying and the timelines from the views equal to the replay
oracle's."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from projections.replay import Fold
from projections.timeclock import Clocks
from projections.timeline import timeline, timeline_from
from store.root import open_store
from store.settings import Settings
from tests.e2e.faults import assert_clean, run, start

ROWS = 60_000
KILLS = 4
BATCH = 2000
HEADER = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\t"
          "Target Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\t"
          "Province\tCountry\tLatitude\tLongitude")
COUNTRIES = ["France", "Russian Federation", "Ukraine", "Japan", "Bangladesh", "Turkey", "Poland", "Brazil"]
CODES = [("041", "Discuss by telephone"), ("042", "Make a visit"), ("112", "Accuse"), ("016", "Deny responsibility"),
         ("057", "Sign formal agreement"), ("190", "Use conventional military force"), ("020", "Make an appeal")]


def write_rows(path: Path, rows: int, seed: int) -> Path:
    """A synthetic ICEWS file: distinct Event IDs, 160 actors named after ministries and citizens of 8 states."""
    rng = random.Random(seed)
    actors = [(f"{office} ({country})", country) for country in COUNTRIES
              for office in ("Ministry", "Police", "Citizen", "Government", "Military", "Foreign Affairs",
                             "Head of Government", "Media", "Business", "Opposition", "Protester", "Court Judge",
                             "Lawmaker", "Education", "Health Ministry", "Energy Ministry", "Labor Union",
                             "Army", "Navy", "Air Force")]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(1, rows + 1):
            (source, source_country), (target, target_country) = rng.sample(actors, 2)
            code, text = rng.choice(CODES)
            out.write("\t".join([str(i), f"2018-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", source, "NA",
                                 source_country, text, code, "1", target, "NA", target_country, str(i // 3), "1",
                                 "Agence France-Presse", "NA", "NA", "NA", target_country, "NA", "NA"]) + "\n")
    return path


def occurrence_counts(db: Path) -> tuple[int, int]:
    """Return (occurrence creation events, distinct occurrence streams) in a store file."""
    with closing(sqlite3.connect(db, timeout=30)) as c:  # read-write: after a kill, reading recovers the WAL
        if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'stored_events'").fetchall():
            return 0, 0
        return c.execute("SELECT COUNT(*), COUNT(DISTINCT originator_id) FROM stored_events "
                         "WHERE topic LIKE 'domain.catalogue:%'").fetchone()


def actor_counts(db: Path) -> tuple[int, int]:
    """Return (actor registrations, distinct registered actors) in a store file."""
    with closing(sqlite3.connect(db, timeout=30)) as c:
        return c.execute("SELECT COUNT(*), COUNT(DISTINCT originator_id) FROM stored_events "
                         "WHERE topic = 'domain.actors:ActorRegistered'").fetchone()


@pytest.mark.slow
def test_an_import_killed_at_random_moments_and_restarted_stores_every_row_exactly_once(tmp_path):
    source = write_rows(tmp_path / "events.tab", ROWS, seed=5)
    db = tmp_path / "store.db"
    rng = random.Random(2027)
    args = ("import", "--format", "icews", str(source), "--register-actors", "--batch-size", str(BATCH),
            "--store", str(db), "--rejects", str(tmp_path / "rejected.jsonl"))
    kill_points: list[int] = []
    for _ in range(KILLS):
        before = occurrence_counts(db)[0] if db.exists() else 0
        process = start(*args)
        while process.poll() is None and (not db.exists() or occurrence_counts(db)[0] <= before):
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.0))
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored, streams = occurrence_counts(db)
        assert stored == streams and stored % BATCH == 0  # whole batches only, no row twice
        kill_points.append(stored)
    finished = run(*args, "--summary", "json")
    assert finished.returncode == 0, finished.stderr
    assert_clean(finished)
    summary = json.loads(finished.stdout)
    assert summary["rows"] == ROWS and summary["rejected"] == 0
    assert summary["imported"] + summary["duplicates"] == ROWS
    assert summary["duplicates"] == (kill_points[-1] if kill_points else 0)
    assert occurrence_counts(db) == (ROWS, ROWS)
    assert actor_counts(db) == (168, 168)  # the 160 named actors and the 8 states they belong to, once each
    verified = run("verify", "--store", str(db))
    assert verified.returncode == 0, verified.stderr
    assert len(kill_points) == KILLS and kill_points == sorted(set(kill_points))
    with open_store(Settings(store=str(db))) as store:
        store.views.catch_up()
        fold = Fold(store.app, Clocks.parse(None, None, None))
        for country in ("fra", "rus"):
            assert timeline(store, actor=country) == timeline_from(fold, country, None)
    print(f"kill points survived: {len(kill_points)}; rows stored at each: {kill_points}")
