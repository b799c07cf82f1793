"""Hypothesis fuzzes the flags of the append and integrity commands: exit codes 0, 1 or 2, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import SEED

COMMANDS = {
    "append": ["--batch-size", "--dry-run", "--skip-invalid", "--rejects", "--format", "--store"],
    "checkpoint": ["--format", "--store"],
    "prove": ["--checkpoint", "--consistency", "--store"],
    "verify": ["--checkpoint", "--public-key", "--format", "--store"],
    "check-proof": ["--checkpoint", "--public-key"],
    "backup": ["--store"],
}
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
VALUES = st.one_of(
    TEXT, st.integers(-5, 10**12).map(str),
    st.sampled_from(["seed.db", "seed.jsonl", "cp.json", "garbage.json", "missing.db", "-", "", "json", "table",
                     "2024-04-03-lecornu-shoigu-call", "AAAA", "--help", "0", "1000000"]),
)
ARGUMENTS = st.sampled_from(list(COMMANDS)).flatmap(lambda command: st.tuples(
    st.just(command),
    st.lists(st.tuples(st.sampled_from(COMMANDS[command] + ["--nope"]), VALUES), max_size=3),
    st.lists(VALUES, max_size=2),
))


def build(workspace: Path) -> None:
    """Put a seeded store, a checkpoint and a garbage file where the fuzzed flags may name them."""
    runner = CliRunner()
    runner.invoke(app, ["append", str(SEED), "--store", str(workspace / "seed.db")])
    (workspace / "seed.jsonl").write_bytes(SEED.read_bytes())
    checkpoint = runner.invoke(app, ["checkpoint", "--format", "json", "--store", str(workspace / "seed.db")])
    (workspace / "cp.json").write_text(checkpoint.stdout)
    (workspace / "garbage.json").write_bytes(b"\xff{not json")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ARGUMENTS)
def test_fuzzed_flags_end_with_a_clean_exit_code(tmp_path, arguments):
    command, flags, positional = arguments
    if not (tmp_path / "seed.db").exists():
        build(tmp_path)
    argv = [command, *positional]
    for flag, value in flags:
        argv += [flag] if flag in ("--dry-run", "--skip-invalid") else [flag, value]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, argv, env={"GEOEVENTS_STORE": "seed.db"})
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), (argv, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (argv, result.output)
    assert "Traceback" not in result.output
