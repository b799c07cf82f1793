"""The Merkle log's cost: ingest with and without it (same run, same events), then checkpoint, prove, verify.

Both stores ingest the same generated lines in alternating rounds so that machine noise falls on
both sides; the ratio of the two times is the figure (goal: at most 10% slower with the log).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from store.integrity import checkpoint, prove_consistency, prove_inclusion
from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from store.verification import verify
from tests.benchmarks.measure import Measure, median, timed
from tests.integrity_events import actor_lines, contact_lines

SUITE = "integrity"
ROUNDS = 10
BATCH = 1000


def run(scale: float) -> list[Measure]:
    """Ingest 1,000,000 x scale contacts into two stores (log on, log off), then time the log's reads."""
    contacts = max(2000, int(1_000_000 * scale))
    lines = list(actor_lines()) + list(contact_lines(contacts, seed=5, prefix="bench"))
    size = len(lines) // ROUNDS + 1
    rounds = [lines[i:i + size] for i in range(0, len(lines), size)]
    with tempfile.TemporaryDirectory() as tmp:
        with_log = open_store(Settings(store=str(Path(tmp) / "with.db")))
        without = open_store(Settings(store=str(Path(tmp) / "without.db"), merkle_log=False))
        seconds = {"with": 0.0, "without": 0.0}
        ratios = []
        for i, chunk in enumerate(rounds):
            order = [("with", with_log), ("without", without)]
            spent = {}
            for name, store in order if i % 2 == 0 else reversed(order):
                spent[name], _ = timed(lambda s=store, c=chunk: s.appender.append(read_lines(c), batch_size=BATCH))
                seconds[name] += spent[name]
            ratios.append(spent["with"] / spent["without"])
        events = with_log.app.recorder.max_notification_id()
        ratio = seconds["with"] / seconds["without"]
        app = with_log.app
        head_s, head = timed(lambda: checkpoint(app))
        prove_s, _ = timed(lambda: prove_inclusion(app, f"bench-{contacts // 2}"))
        consistency_s, _ = timed(lambda: prove_consistency(app, head.tree_size // 3))
        verify_s, _ = timed(lambda: verify(app))
        with_log.close()
        without.close()
    note = f"{events:,} events, {ROUNDS} alternating rounds, batches of {BATCH}"
    return [
        Measure(SUITE, "ingest with Merkle log", events / seconds["with"], "events/s", note=note),
        Measure(SUITE, "ingest without Merkle log", events / seconds["without"], "events/s", note=note),
        Measure(SUITE, "Merkle log cost (time with / without)", ratio, "ratio", "<= 1.10", ratio <= 1.10,
                note=f"median of per-round ratios {median(ratios):.3f}"),
        Measure(SUITE, "checkpoint", head_s * 1000, "ms", note=f"tree size {head.tree_size:,}"),
        Measure(SUITE, "inclusion proof", prove_s * 1000, "ms"),
        Measure(SUITE, "consistency proof", consistency_s * 1000, "ms"),
        Measure(SUITE, "verify (recompute every leaf and subtree)", events / verify_s, "events/s",
                note=f"{verify_s:.1f} s"),
    ]
