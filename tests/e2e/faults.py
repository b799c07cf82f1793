"""Helpers for fault tests: run the real `geoevents` binary, and count what a store file holds."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
import sys
from pathlib import Path
from typing import Any

GEOEVENTS = str(Path(sys.executable).parent / "geoevents")


def run(*args: str, env: dict[str, str] | None = None, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run the geoevents command to completion and return its result (text output)."""
    return subprocess.run([GEOEVENTS, *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=600, **options)


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start the geoevents command in the background."""
    return subprocess.Popen([GEOEVENTS, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def counts(db: Path) -> tuple[int, int, int]:
    """Return (events, contact events, distinct contact streams) stored in an SQLite store file."""
    with closing(sqlite3.connect(db, timeout=30)) as c:  # read-write: after a kill, reading recovers the WAL
        if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'stored_events'").fetchall():
            return 0, 0, 0  # the writer has created the file but not yet its tables
        events = c.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
        contacts, streams = c.execute(
            "SELECT COUNT(*), COUNT(DISTINCT originator_id) FROM stored_events "
            "WHERE topic = 'domain.catalogue:ContactMade'").fetchone()
    return events, contacts, streams


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    """Fail when a command let a traceback or an unexplained lock error reach the user."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "database is locked" not in result.stderr, result.stderr
