"""Concurrent writers, a writer locked out, a read-only store and a full disk: nothing lost, clear errors."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import threading
import time

import orjson
import pytest

from tests.e2e.faults import assert_clean, counts, run, start
from tests.integrity_events import events_for, write_events

WRITERS = 4
OWN, SHARED = 2500, 400


def test_concurrent_writer_processes_lose_nothing_and_never_report_a_lock(tmp_path):
    db = tmp_path / "store.db"
    files = [write_events(tmp_path / f"w{i}.jsonl", OWN, seed=i, prefix=f"writer{i}") for i in range(WRITERS)]
    shared = write_events(tmp_path / "shared.jsonl", SHARED, seed=99, prefix="shared")
    processes = [start("append", str(f), "--store", str(db), "--batch-size", "150") for f in files]
    processes += [start("append", str(shared), "--store", str(db), "--batch-size", "50") for _ in range(2)]
    for process in processes:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr and "locked" not in stderr
    assert counts(db) == (events_for(WRITERS * OWN + SHARED), WRITERS * OWN + SHARED, WRITERS * OWN + SHARED)
    assert run("verify", "--store", str(db)).returncode == 0


def hold_write_lock(db, seconds: float, ready: threading.Event) -> None:
    """Keep the store's write lock for a while, as a slow writer would."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


@pytest.mark.parametrize("held, succeeds", [(2.5, True), (30.0, False)])
def test_a_writer_locked_out_retries_then_stores_or_says_plainly_that_nothing_was_stored(tmp_path, held, succeeds):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 10)), "--store", str(db)).returncode == 0
    before = counts(db)
    ready = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, held, ready), daemon=True)
    holder.start()
    ready.wait()
    result = run("append", str(write_events(tmp_path / "b.jsonl", 10, prefix="late")), "--store", str(db),
                 env={"GEOEVENTS_LOCK_TIMEOUT_SECONDS": "1"})
    assert_clean(result)
    if succeeds:
        assert result.returncode == 0 and counts(db)[1] == 20
    else:
        assert result.returncode == 1 and "kept the store locked" in result.stderr
        assert counts(db) == before
    assert run("verify", "--store", str(db)).returncode == 0


def test_a_read_only_store_refuses_writes_clearly_and_stays_readable(tmp_path):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 300)), "--store", str(db)).returncode == 0
    read_only = f"file:{db}?mode=ro"
    result = run("append", str(write_events(tmp_path / "b.jsonl", 10, prefix="more")), "--store", read_only)
    assert result.returncode == 1 and "read-only" in result.stderr and "nothing" in result.stderr
    assert_clean(result)
    assert run("verify", "--store", read_only).returncode == 0
    assert run("prove", "gen-7", "--store", read_only).returncode == 0
    assert counts(db)[1] == 300


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions; the read-only URI test covers it")
def test_a_store_file_without_write_permission_refuses_writes_clearly(tmp_path):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 30)), "--store", str(db)).returncode == 0
    db.chmod(0o444)
    result = run("append", str(write_events(tmp_path / "b.jsonl", 10, prefix="more")), "--store", str(db))
    assert result.returncode == 1 and "read-only" in result.stderr
    assert_clean(result)


def test_a_full_disk_stops_the_append_between_batches_and_leaves_a_verifiable_store(tmp_path):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 100)), "--store", str(db)).returncode == 0
    before = counts(db)
    allowed = sum(p.stat().st_size for p in tmp_path.glob("store.db*")) + 200_000

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (allowed, allowed))

    big = write_events(tmp_path / "b.jsonl", 20_000, prefix="big", actors=False)
    result = run("append", str(big), "--store", str(db), "--batch-size", "500", preexec_fn=small_disk)
    assert result.returncode == 1 and "disk" in result.stderr
    assert "nothing from this batch" in result.stderr or "views could not be updated" in result.stderr
    assert_clean(result)
    events, contacts, streams = counts(db)
    assert (contacts - before[1]) % 500 == 0 and contacts < before[1] + 20_000 and streams == contacts
    assert run("verify", "--store", str(db)).returncode == 0


@pytest.mark.parametrize("where", ["missing-dir/x.db", "a-directory"])
def test_serve_on_an_unusable_store_says_so_in_one_line_and_exits_1(tmp_path, where):
    """The store opened only inside uvicorn's startup: a hundred-line traceback and exit 3."""
    (tmp_path / "a-directory").mkdir()
    result = run("serve", "--store", str(tmp_path / where), "--port", "0")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_serve_on_a_path_with_no_store_refuses_rather_than_serve_an_empty_one(tmp_path):
    """A mistyped path would be created as an empty store and answer every read with nothing, 200."""
    result = run("serve", "--store", str(tmp_path / "typo.db"), "--port", "0")
    assert result.returncode == 1 and "no store at" in result.stderr and not list(tmp_path.iterdir())


def views_behind(db) -> None:
    """Put the views of a store back to position 5, as a follower that stopped there would leave them."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE pv_tracking SET position = 5 WHERE name = 'views'")


def test_a_follower_on_a_read_only_store_stops_at_once_with_exit_1(tmp_path):
    """It retried 'attempt to write a readonly database' forever, ignoring --max-polls, and exited 0 when stopped."""
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 10)), "--store", str(db)).returncode == 0
    views_behind(db)
    result = run("projections", "follow", "--max-polls", "5", "--store", f"file:{db}?mode=ro")
    assert result.returncode == 1 and "read-only" in result.stderr and "Traceback" not in result.stderr


def test_a_follower_locked_out_counts_failed_polls_and_exits_1_when_they_run_out(tmp_path):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 10)), "--store", str(db)).returncode == 0
    views_behind(db)
    ready = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(db, 20.0, ready), daemon=True)
    holder.start()
    ready.wait()
    result = run("projections", "follow", "--max-polls", "2", "--interval", "0.1", "--store", str(db),
                 env={"GEOEVENTS_LOCK_TIMEOUT_SECONDS": "1"})
    assert result.returncode == 1 and "could not follow" in result.stderr and "Traceback" not in result.stderr
    holder.join()
    assert run("projections", "follow", "--max-polls", "1", "--store", str(db)).returncode == 0


def test_append_from_a_closed_standard_input_says_so_without_a_traceback(tmp_path):
    import shlex
    import subprocess

    from tests.e2e.faults import GEOEVENTS

    db = tmp_path / "store.db"
    done = subprocess.run(f"{shlex.quote(GEOEVENTS)} append - --store {shlex.quote(str(db))} <&-", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "standard input is closed" in done.stderr and "Traceback" not in done.stderr


def stopped_after_1000_events(stop: int, db, source, feed: bytes, *command: str, blocked: bool = False) -> str:
    """Run a write command that reads `source`, a named pipe fed `feed` and then held open, so the command can
    never finish before it is stopped (a fast machine once stored a whole file between two looks at the store);
    send it `stop` once its store holds 1,000 events, check it exits 130 without a traceback, and return what it
    said on stderr. `blocked`: start it with SIGTERM blocked, as a parent that blocks it leaves its children."""
    from tests.e2e.faults import GEOEVENTS

    def as_from_a_terminal() -> None:
        """Ctrl-C's signal as a terminal leaves it (a test run started in the background inherits it ignored,
        and a command rightly leaves an ignored SIGINT ignored), and SIGTERM blocked if asked."""
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})

    os.mkfifo(source)
    writer = subprocess.Popen([GEOEVENTS, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              preexec_fn=as_from_a_terminal)  # noqa: PLW1509
    with open(source, "wb") as pipe:  # opens once the command opens the pipe to read it
        pipe.write(feed)
        pipe.flush()
        deadline = time.monotonic() + 120
        while counts(db)[0] < 1000 and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.05)
        writer.send_signal(stop)
        try:
            _, errors = writer.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # the signal did not stop it: let it end, and say so below
            pipe.close()
            _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 130 and "Traceback" not in errors, (writer.returncode, errors)
    return errors


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_append_stopped_between_batches_says_how_many_lines_it_stored_and_exits_130(tmp_path, stop):
    db, source = tmp_path / "store.db", tmp_path / "a.jsonl"
    lines = write_events(tmp_path / "all.jsonl", 20_000).read_bytes().splitlines(keepends=True)
    errors = stopped_after_1000_events(stop, db, source, b"".join(lines[:5_000]), "append", str(source),
                                       "--batch-size", "500", "--store", str(db))
    stored = int(errors.split("interrupted: ")[1].split(" lines")[0])
    events = counts(db)[0]
    assert 0 < stored <= 5_000 and stored % 500 == 0 and events >= stored  # at least what it says (actors: 3 events)
    assert run("verify", "--store", str(db)).returncode == 0


ICEWS_COLUMNS = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\t"
                 "Target Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\tCity\tDistrict\t"
                 "Province\tCountry\tLatitude\tLongitude")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_import_stopped_between_batches_says_what_its_committed_rows_came_to_and_exits_130(tmp_path, stop):
    db, source, rejects = tmp_path / "store.db", tmp_path / "calls.tab", tmp_path / "rejected.jsonl"
    rows = [f"{i}\t2018-06-01\tFrance\t\tFrance\tDiscuss by telephone\t041\t1\tRussia\t\tRussia\t{i}\t1\tAFP\t\t\t\t\t\t"
            for i in range(1, 40_001)]
    source.write_text(ICEWS_COLUMNS + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    pipe = tmp_path / "calls-pipe.tab"
    feed = (ICEWS_COLUMNS + "\n" + "\n".join(rows[:5_000]) + "\n").encode()
    errors = stopped_after_1000_events(stop, db, pipe, feed, "import", "--format", "icews", str(pipe),
                                       "--register-actors", "--batch-size", "500", "--rejects", str(rejects),
                                       "--store", str(db))
    held = int(errors.split("held ")[1].split(" rows")[0])
    assert 0 < held <= 5_000 and held % 500 == 0, errors
    assert f"imported {held}, duplicates 0, rejected 0" in errors and "importing the same file again" in errors
    assert not list(tmp_path.glob("*.partial")) and not rejects.exists()  # the empty report is not left behind
    again = run("import", "--format", "icews", str(source), "--register-actors", "--summary", "json", "--store", str(db))
    summary = orjson.loads(again.stdout)
    assert again.returncode == 0 and summary["duplicates"] >= held  # the batch being written may have been stored
    assert summary["imported"] + summary["duplicates"] == 40_000 and counts(db)[1:] == (40_000, 40_000)


def test_an_append_stopped_by_sigterm_exits_130_even_when_its_parent_blocked_sigterm(tmp_path):
    """A parent that blocks SIGTERM passes the mask on to its children; the write command unblocks it while it
    writes, so SIGTERM still stops it between batches instead of being held until it has stored everything."""
    db, source = tmp_path / "store.db", tmp_path / "a.jsonl"
    feed = write_events(tmp_path / "all.jsonl", 5_000).read_bytes()
    errors = stopped_after_1000_events(signal.SIGTERM, db, source, feed, "append", str(source), "--batch-size", "500",
                                       "--store", str(db), blocked=True)
    assert "interrupted: " in errors
