"""`geoevents projections follow` keeps the views current from another process and survives a kill."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from store.jsonl import read_lines
from store.root import open_store
from tests.benchmarks import ingest_events
from tests import pg
from tests.conftest import SEED
from tests.oracle import assert_views_equal_oracle
from tests.polling import wait_until
from tests.e2e.server import free_port
from tests.tcp_relay import Relay

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


@pytest.mark.postgres
def test_a_follower_started_before_its_server_answers_waits_for_it():
    """A follower started with the database still down (a host booting) waits for it instead of exiting."""
    with pg.fresh_settings("postgres") as settings, open_store(settings) as writer, SEED.open("rb") as f:
        writer.appender.after_save.clear()
        writer.appender.append(read_lines(f))
        server = pg.parse_postgres_url(pg.base_url())
        port = free_port()
        late = settings.store.replace(f"{server.host}:{server.port}", f"127.0.0.1:{port}")
        assert late != settings.store
        follower = subprocess.Popen([*CLI, "projections", "follow", "--store", late, "--max-polls", "1"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        relay = None
        try:
            assert "waiting for the server" in follower.stderr.readline()
            assert follower.poll() is None
            relay = Relay(port, (server.host, server.port))
            out, errors = follower.communicate(timeout=60)
        finally:
            follower.kill()
            if relay is not None:
                relay.close()
        assert follower.returncode == 0, errors
        assert writer.views.position() == writer.app.recorder.max_notification_id()


@pytest.mark.postgres
def test_a_follower_given_a_database_that_does_not_exist_fails_at_once():
    """Only a server that does not answer is waited for: a refused database name is an error, exit 1."""
    pg.require_server()
    server = pg.parse_postgres_url(pg.base_url())
    wrong = f"postgresql://{server.user}@{server.host}:{server.port}/geoevents_no_such_database"
    result = subprocess.run([*CLI, "projections", "follow", "--store", wrong, "--max-polls", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "waiting" not in result.stderr
