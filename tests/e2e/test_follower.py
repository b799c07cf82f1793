"""`geoevents projections follow` keeps the views current from another process and survives a kill."""

from __future__ import annotations

import signal
import subprocess
import sys

from store.jsonl import read_lines
from store.root import open_store
from tests.benchmarks import ingest_events
from tests.conftest import SEED
from tests.oracle import assert_views_equal_oracle
from tests.polling import wait_until

CLI = [sys.executable, "-c", "from cli.main import main; main()"]
BATCHES, PER_BATCH = 12, 250


def start_follower(store_location: str) -> subprocess.Popen:
    """Start a follower process on a store."""
    return subprocess.Popen([*CLI, "projections", "follow", "--store", store_location, "--interval", "0.1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_follower_killed_mid_stream_resumes_after_restart_and_the_views_equal_the_oracle(settings):
    with open_store(settings) as writer:
        writer.appender.after_save.clear()  # only the follower process updates the views
        with SEED.open("rb") as f:
            writer.appender.append(read_lines(f))
        follower = start_follower(settings.store)
        try:
            for batch in range(BATCHES):
                writer.appender.append(read_lines(ingest_events.lines(PER_BATCH, start=batch * PER_BATCH)))
                if batch == BATCHES // 2:
                    assert wait_until(lambda: writer.views.position() > 0)
                    follower.send_signal(signal.SIGKILL)
                    follower.wait(timeout=10)
                    killed_at = writer.views.position()
            assert killed_at < writer.app.recorder.max_notification_id()
            follower = start_follower(settings.store)
            assert wait_until(lambda: writer.views.position() == writer.app.recorder.max_notification_id())
        finally:
            follower.send_signal(signal.SIGINT)
            follower.wait(timeout=20)
        assert_views_equal_oracle(writer)
