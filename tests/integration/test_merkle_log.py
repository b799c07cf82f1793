"""The Merkle log on each backend: kept with every write, proofs check out, verify recomputes the same root."""

from __future__ import annotations

from domain.checkpoints import Checkpoint
from domain.proofs import check_document
from store.integrity import checkpoint, prove_consistency, prove_inclusion
from store.jsonl import read_lines
from store.verification import verify
from tests.integrity_events import contact_lines


def test_every_event_gets_a_leaf_and_proofs_check_out_against_checkpoints(seeded):
    app = seeded.app
    old = checkpoint(app)
    assert old.tree_size == app.recorder.max_notification_id()
    seeded.appender.append(read_lines(contact_lines(600, prefix="log", states=["fra", "rus", "ukr"])),
                           batch_size=77)
    new = checkpoint(app)
    assert new.tree_size == old.tree_size + 600
    inclusion = prove_inclusion(app, "log-300", new.tree_size)
    assert check_document(inclusion, new).startswith("1 event(s) included")
    assert check_document(prove_inclusion(app, "2024-04-03-lecornu-shoigu-call", old.tree_size), old)
    prefix = prove_consistency(app, old.tree_size, new.tree_size)
    assert check_document(prefix, Checkpoint.from_dict(new.to_dict()))
    report = verify(app, old)
    assert (report.tree_size, report.root_hash, report.checkpoint_size) == (new.tree_size, new.root_hash, old.tree_size)
