"""The Merkle log on each backend: kept with every write, proofs check out, verify recomputes the same root."""

from __future__ import annotations

from domain.checkpoints import Checkpoint
from domain.proofs import check_document
from store.integrity import checkpoint, prove_consistency, prove_inclusion
from store.jsonl import read_lines
from store import verification
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


def test_events_appended_while_verify_runs_are_left_for_the_next_run_not_reported_as_alterations(seeded, monkeypatch):
    app = seeded.app
    before = checkpoint(app)
    read_log = verification.notifications

    def a_writer_commits_first(*args, **kwargs):
        seeded.appender.append(read_lines(contact_lines(120, prefix="meanwhile", states=["fra", "rus"])))
        return read_log(*args, **kwargs)
    monkeypatch.setattr(verification, "notifications", a_writer_commits_first)
    report = verify(app)
    assert (report.tree_size, report.root_hash) == (before.tree_size, before.root_hash)
    monkeypatch.setattr(verification, "notifications", read_log)
    assert verify(app).tree_size == before.tree_size + 120
