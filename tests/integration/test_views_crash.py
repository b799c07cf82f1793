"""A runner killed mid-page (SIGKILL) loses nothing and applies nothing twice when it resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from store.jsonl import read_lines
from store.root import open_store
from store.settings import Settings
from tests.conftest import SEED
from tests.integration.test_views_runner import corrections, dump

SLOW_RUNNER = """
import sys, time
from projections.projector import Projector
from store.root import open_store
from store.settings import Settings
original = Projector.apply
def slow(self, notification):
    original(self, notification)
    time.sleep(0.01)
Projector.apply = slow
with open_store(Settings(store=sys.argv[1])) as store:
    store.views.batch_size = 7
    store.views.catch_up()
"""


def test_a_runner_killed_mid_page_resumes_exactly_once(tmp_path: Path):
    path = str(tmp_path / "crash.db")
    with open_store(Settings(store=path)) as store:
        store.appender.after_save.clear()
        with SEED.open("rb") as f:
            store.appender.append(read_lines(f))
        store.append_objects(corrections())
        latest = store.app.recorder.max_notification_id()
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", SLOW_RUNNER, path], cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)})
    with open_store(Settings(store=path)) as watcher:
        watcher.appender.after_save.clear()
        deadline = time.monotonic() + 60
        while watcher.views.position() < 30 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        stopped_at = watcher.views.position()
        assert 30 <= stopped_at < latest and stopped_at % 7 == 0
        watcher.views.catch_up()
        resumed = dump(watcher)
        watcher.views.rebuild()
        assert dump(watcher) == resumed and watcher.views.position() == latest
