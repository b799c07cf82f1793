"""`backup` copies a store consistently while another process writes, and the copy verifies."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time

import pytest

from tests import pg
from tests.conftest import SEED
from tests.e2e.faults import counts, run, start
from tests.integrity_events import write_events


def test_a_backup_taken_while_a_writer_runs_verifies_and_the_original_extends_it(tmp_path):
    db, copy = tmp_path / "store.db", tmp_path / "copy.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 50)), "--store", str(db)).returncode == 0
    writer = start("append", str(write_events(tmp_path / "b.jsonl", 30_000, prefix="busy", actors=False)),
                   "--store", str(db), "--batch-size", "200")
    while counts(db)[0] < 2_000 and writer.poll() is None:
        time.sleep(0.05)
    backed_up = run("backup", str(copy), "--store", str(db))
    still_writing = writer.poll() is None
    assert writer.wait(timeout=600) == 0
    assert backed_up.returncode == 0, backed_up.stderr
    taken = copy.read_bytes()
    assert still_writing and 2_000 <= counts(copy)[0] < counts(db)[0]
    assert run("verify", "--store", str(copy)).returncode == 0
    head = tmp_path / "copy-checkpoint.json"
    head.write_text(run("checkpoint", "--format", "json", "--store", str(copy)).stdout)
    assert copy.read_bytes() == taken  # checking a backup leaves its bytes as they were
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == ["copy.db"]
    extends = run("prove", "--consistency", str(head), str(counts(db)[0]), "--store", str(db))
    assert extends.returncode == 0, extends.stderr
    assert run("verify", "--checkpoint", str(head), "--store", str(db)).returncode == 0


def test_backup_never_overwrites_and_names_a_missing_store(tmp_path):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 5)), "--store", str(db)).returncode == 0
    (tmp_path / "taken.db").write_bytes(b"keep me")
    refused = run("backup", str(tmp_path / "taken.db"), "--store", str(db))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert (tmp_path / "taken.db").read_bytes() == b"keep me"
    missing = run("backup", str(tmp_path / "x.db"), "--store", str(tmp_path / "nowhere.db"))
    assert missing.returncode == 1 and "no store" in missing.stderr
    (tmp_path / "new.db.partial").write_bytes(b"someone else's")
    done = run("backup", str(tmp_path / "new.db"), "--store", str(db))
    assert done.returncode == 0 and (tmp_path / "new.db.partial").read_bytes() == b"someone else's"
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.db").stat().st_mode & 0o777 == 0o666 & ~umask  # as any file the user writes
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial") and p.name != "new.db.partial"]


def test_two_backups_to_one_path_at_once_give_one_copy_and_one_clear_refusal(tmp_path):
    db = tmp_path / "store.db"
    assert run("append", str(write_events(tmp_path / "a.jsonl", 2000)), "--store", str(db)).returncode == 0
    racers = [start("backup", str(tmp_path / "race.db"), "--store", str(db)) for _ in range(2)]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in racers]
    assert sorted(code for code, _ in results) == [0, 1], results
    assert all("already exists" in err or "appeared" in err for code, err in results if code)
    assert run("verify", "--store", str(tmp_path / "race.db")).returncode == 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_store_written_without_the_log_gets_its_leaves_when_opened_with_it(tmp_path):
    db = tmp_path / "store.db"
    source = write_events(tmp_path / "a.jsonl", 700)
    assert run("append", str(source), "--store", str(db), env={"GEOEVENTS_MERKLE_LOG": "false"}).returncode == 0
    plain = run("checkpoint", "--store", str(db), env={"GEOEVENTS_MERKLE_LOG": "false"})
    assert plain.returncode == 1 and "does not keep a Merkle log" in plain.stderr
    verified = run("verify", "--store", str(db))
    assert verified.returncode == 0 and f"verified {counts(db)[0]} events" in verified.stdout


def test_backup_of_a_postgresql_store_points_to_pg_dump(tmp_path):
    result = run("backup", str(tmp_path / "x.db"), "--store", "postgresql://nobody@127.0.0.1:1/none?schema=team_a")
    assert result.returncode == 1 and "pg_dump" in result.stderr and not (tmp_path / "x.db").exists()
    assert "--schema=team_a" in result.stderr  # the store's own schema, not public


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed here")
def test_the_pg_dump_command_the_guidance_gives_dumps_the_stores_schema(tmp_path):
    with pg.fresh_schema() as schema:
        url = pg.url_with_schema(schema)
        assert run("append", str(SEED), "--store", url).returncode == 0
        guidance = run("backup", str(tmp_path / "x.db"), "--store", url).stderr
        command = re.search(r"`(pg_dump [^`]*)`", " ".join(guidance.split())).group(1)
        dumped = subprocess.run(shlex.split(command), cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert dumped.returncode == 0, dumped.stderr
        listed = subprocess.run(["pg_restore", "--list", "geoevents.dump"], cwd=tmp_path, capture_output=True,
                                text=True, timeout=60)
        assert f"TABLE {schema} geoevents_events" in listed.stdout.replace(" postgres", "")
