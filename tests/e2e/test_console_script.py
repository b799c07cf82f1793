"""The installed `geoevents` console script, run as a real process with pipes and exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.e2e.cli_fixtures import snapshot

SCRIPT = shutil.which("geoevents", path=str(Path(sys.executable).parent)) or shutil.which("geoevents")


def run(store: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GEOEVENTS_STORE": str(store)}
    return subprocess.run([SCRIPT, *args], input=stdin, capture_output=True, env=env, timeout=120, check=False)


@pytest.mark.skipif(SCRIPT is None, reason="the geoevents console script is not installed")
def test_the_console_script_appends_lists_round_trips_and_refuses_bad_input(tmp_path):
    store = tmp_path / "geo.db"
    first = run(store, "append", str(SEED))
    assert first.returncode == 0 and b"appended 56" in first.stdout, first.stderr

    listing = run(store, "events", "list", "--format", "jsonl")
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 29
    before = snapshot(store)
    again = run(store, "append", "-", stdin=listing.stdout)
    assert again.returncode == 0 and b"appended 0, duplicates 29" in again.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"type":"ArrestsMade","occurred":"2024","authority":"rus","count":-1}\n')
    refused = run(store, "append", str(bad))
    assert refused.returncode == 1 and refused.stdout == b""
    assert b"line 1, field 'count'" in refused.stderr
    assert snapshot(store) == before

    shown = run(store, "actors", "show", "Choïgou", "--format", "json")
    assert shown.returncode == 0 and b'"key": "sergei-shoigu"' in shown.stdout


@pytest.mark.skipif(SCRIPT is None, reason="the geoevents console script is not installed")
def test_the_demo_script_records_the_seed_and_shows_one_shoigu_for_three_spellings(tmp_path):
    demo = Path(__file__).resolve().parents[2] / "examples" / "demo.sh"
    env = {**os.environ, "GEO": SCRIPT, "GEOEVENTS_STORE": str(tmp_path / "demo.db")}
    done = subprocess.run(["bash", str(demo)], capture_output=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b'"key": "sergei-shoigu"') == 3
    assert b"appended 0, duplicates 56" in done.stdout
