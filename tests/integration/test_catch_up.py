"""Events recorded without leaves (an older store, or the log switched off) get them, in order, before any new leaf."""

from __future__ import annotations

from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from store.verification import verify
from tests.conftest import SEED
from tests.integrity_events import contact_lines


def test_a_writer_with_the_log_first_gives_leaves_to_events_another_writer_recorded_without(tmp_path):
    path = str(tmp_path / "store.db")
    with open_store(Settings(store=path)) as logged, open_store(Settings(store=path, merkle_log=False)) as plain:
        logged.appender.append(read_lines(SEED.read_bytes().splitlines()))
        plain.appender.append(read_lines(contact_lines(300, prefix="plain", states=["fra", "rus"])))
        logged.appender.append(read_lines(contact_lines(10, prefix="logged", states=["fra", "rus"])))
        report = verify(logged.app)
        assert report.tree_size == logged.app.recorder.max_notification_id() > 300 + 10
