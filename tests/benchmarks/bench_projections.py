"""Projections benchmark (issue 3): rebuild rate and peak memory, point-in-time query latency over
random clock triples, and the speed-up over the replay oracle, on a cached generated store."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from domain.clocks import from_micros
from projections.contacts import contacts, contacts_from
from projections.incidents import incidents, incidents_from
from projections.positions import positions, positions_from
from projections.replay import Fold
from projections.timeclock import NEVER, Clocks, micros
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from tests.benchmarks.generate import STATES, TOPICS, generate
from tests.benchmarks.measure import FamilyMemory, Measure, median, percentile, peak_rss_mb, timed

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".bench-cache"
SUITE = "projections"
QUERIES = 1000


def fingerprint(n: int) -> str:
    """A digest of what shapes the generated log: the generator, the domain and the event encoding."""
    digest = hashlib.sha256(str(n).encode())
    sources = [*sorted((ROOT / "domain").glob("*.py")), ROOT / "tests/benchmarks/generate.py",
               *(ROOT / "store" / name for name in ("application.py", "batch.py", "persistence.py"))]
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def store_file(n: int) -> Path:
    """The generated store of n events, appended in batches of 10,000 (cached between runs)."""
    path = CACHE / f"projections-{n}-{fingerprint(n)}.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        for old in CACHE.glob(f"projections-{n}-*"):
            old.unlink()
        partial = path.with_suffix(".partial")
        with open_store(Settings(store=str(partial))) as store:
            store.appender.after_save.clear()
            store.appender.append(read_lines(generate(n)), batch_size=10_000, skip_invalid=True)
        db = sqlite3.connect(partial)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
    return path


def rebuild_child(path: str) -> None:
    """In a fresh process: rebuild the views, print events, seconds and peak RSS (of this process and its
    worker processes together, sampled) as JSON."""
    with open_store(Settings(store=path)) as store, FamilyMemory() as family:
        seconds, applied = timed(store.views.rebuild)
    print(json.dumps({"events": applied, "seconds": seconds, "peak_mb": max(family.peak_mb, peak_rss_mb())}))


def clock_triples(rng: random.Random, recorded: tuple[str, str]) -> list[dict[str, str | None]]:
    """Random (at, known_at, recorded_at) triples; a fifth of each is 'now'."""
    def day() -> str | None:
        """A random day between 2015 and 2026, or None (now)."""
        return None if rng.random() < 0.2 else f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    first, last = recorded
    return [{"at": day(), "known_at": day(), "recorded_at": None if rng.random() < 0.8 else rng.choice([first, last])}
            for _ in range(QUERIES)]


def run(scale: float) -> list[Measure]:
    """Run the suite at `scale` (1.0 = 1,000,000 events)."""
    n = max(5_000, int(1_000_000 * scale))
    path = store_file(n)
    child = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_projections", str(path)],
                           check=True, capture_output=True, text=True, cwd=ROOT)
    built = json.loads(child.stdout.strip().splitlines()[-1])
    rate = built["events"] / built["seconds"]
    measures = [
        Measure(SUITE, "rebuild rate", rate, "events/s", ">= 50,000", rate >= 50_000, f"{built['events']:,} events"),
        Measure(SUITE, "rebuild peak memory (RSS, with workers)", built["peak_mb"], "MB", "<= 300", built["peak_mb"] <= 300),
    ]
    rng = random.Random(11)
    with open_store(Settings(store=str(path))) as store:
        with store.views.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT key FROM pv_occ WHERE type = 'AttackOccurred' AND key IS NOT NULL LIMIT 2000")
            attacks = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT MIN(rec_us), MAX(rec_us) FROM pv_occ")
            low, high = cursor.fetchone()
        triples = clock_triples(rng, (from_micros(low).isoformat(), from_micros(high).isoformat()))
        cases = {
            "positions (actor, topic)": lambda c: positions(store, actor=rng.choice(STATES), topic=rng.choice(TOPICS), **c),
            "contacts (two states, since)": lambda c: contacts(store, between=rng.choice(STATES), and_=rng.choice(STATES),
                                                               since=f"{rng.randint(2015, 2024)}-01-01", **c),
            "incident at known_at": lambda c: incidents(store, key=rng.choice(attacks), **c),
        }
        medians = {}
        for name, query in cases.items():
            samples = [timed(lambda: query(c))[0] * 1000 for c in triples]
            medians[name] = median(samples)
            p99 = percentile(samples, 99)
            measures.append(Measure(SUITE, f"{name} median", medians[name], "ms", "<= 5", medians[name] <= 5))
            measures.append(Measure(SUITE, f"{name} p99", p99, "ms", "<= 25", p99 <= 25))
        measures.extend(oracle_ratios(store, medians, rng, attacks))
    return measures


def oracle_ratios(store, medians: dict[str, float], rng: random.Random, attacks: list[str]) -> list[Measure]:
    """Time the replay oracle (fold from nothing + the same assembly) on a few queries; report the speed-up."""
    found = []
    folds = []
    for _ in range(2):
        clocks = Clocks.parse(f"{rng.randint(2016, 2025)}-06-30", None, None)
        fold_seconds, fold = timed(lambda: Fold(store.app, clocks))
        folds.append((fold_seconds, fold))
    for name, answer in (
        ("positions (actor, topic)", lambda f: positions_from(f, rng.choice(STATES), rng.choice(TOPICS))),
        ("contacts (two states, since)", lambda f: contacts_from(f, rng.choice(STATES), rng.choice(STATES),
                                                                 micros("2020-01-01"), NEVER, None, None, None)),
        ("incident at known_at", lambda f: incidents_from(f, rng.choice(attacks))),
    ):
        oracle_ms = median([(seconds + timed(lambda: answer(fold))[0]) * 1000 for seconds, fold in folds])
        ratio = oracle_ms / medians[name]
        found.append(Measure(SUITE, f"{name} vs replay oracle", ratio, "x faster", ">= 1000", ratio >= 1000,
                             f"oracle {oracle_ms:,.0f} ms (median of {len(folds)})"))
    return found


if __name__ == "__main__":
    rebuild_child(sys.argv[1])
