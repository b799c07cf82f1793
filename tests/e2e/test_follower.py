"""`geoevents projections follow` keeps the views current from another process and survives a kill."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_follower_started_with_sigint_ignored_stops_on_a_signal(settings, stop_signal):
    """A shell starts a background job with SIGINT ignored; the follower still stops on SIGINT and SIGTERM."""
    with open_store(settings) as writer, SEED.open("rb") as f:
        writer.appender.append(read_lines(f))
    follower = subprocess.Popen([*CLI, "projections", "follow", "--store", settings.store, "--interval", "0.1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))  # noqa: PLW1509
    try:
        assert b"following the log" in follower.stderr.readline()
        follower.send_signal(stop_signal)
        out, _ = follower.communicate(timeout=30)
    finally:
        follower.kill()
    assert follower.returncode == 0
    assert b"views at position" in out
