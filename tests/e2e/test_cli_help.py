"""Every command explains itself: help text, help on every option, and an example that runs."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from cli.main import app
from tests.e2e.cli_fixtures import geo, seed_file, store_path  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Walk the command tree, yielding every command with its path."""
    yield path, group
    if hasattr(group, "commands"):
        for name, command in group.commands.items():
            yield from commands(command, (*path, name))


ALL = list(commands(typer.main.get_command(app)))
LEAVES = [(path, c) for path, c in ALL if not hasattr(c, "commands")]


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "geoevents" for p, _ in ALL])
def test_every_command_and_group_has_help_text(path, command):
    assert (command.help or "").strip(), f"`geoevents {' '.join(path)}` has no help"


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_every_command_has_an_example_and_help_on_every_option(path, command):
    assert "Example: geoevents " + " ".join(path) in (command.epilog or ""), f"{path} lacks an Example"
    assert "Example:" not in (command.help or ""), f"{path} gives its Example twice (help text and epilog)"
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert (param.help or "").strip(), f"{path} option {param.opts} has no help"


def test_the_tree_holds_every_command_the_issue_names():
    names = {" ".join(p) for p, _ in LEAVES}
    verbs = "contact statement denial accusation attack casualties claim arrests offer warning agreement alert"
    assert {f"record {v}" for v in verbs.split()} <= names
    assert {"append", "correct", "retract", "events list", "events show", "actors add", "actors alias",
            "actors office", "actors member", "actors list", "actors show"} <= names


FOUNDATION = {"append", "record", "actors", "events", "correct", "retract"}
"""The command groups of the foundation, whose examples need nothing but the seed store."""
RUNNABLE = [(path, c) for path, c in LEAVES if path[0] in FOUNDATION]


@pytest.mark.parametrize(("path", "command"), RUNNABLE, ids=[" ".join(p) for p, _ in RUNNABLE])
def test_every_foundation_example_runs_against_the_seed_store(path, command, geo, monkeypatch):
    monkeypatch.chdir(ROOT)
    example = (command.epilog or "").split("Example:", 1)[1]
    args = shlex.split(example)[1:]
    result = geo(*args)
    assert result.exit_code == 0, f"{example}\n{result.stdout}\n{result.stderr}"
