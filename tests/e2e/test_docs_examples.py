"""The JSON Lines examples in docs/cli.md are valid input: they append cleanly, then as duplicates."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
from tests.e2e.cli_fixtures import geo, seed_file, store_path  # noqa: F401 (fixtures)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def json_blocks() -> list[bytes]:
    return [block.encode() for block in re.findall(r"```json\n(.*?)```", DOCS.read_text(), re.S)]


def test_the_actor_example_builds_a_registry_from_nothing(geo, tmp_path):
    actors = json_blocks()[0]
    empty = str(tmp_path / "empty.db")
    first = geo("append", "-", "--store", empty, "--format", "json", input=actors)
    assert first.exit_code == 0, first.stderr
    shown = orjson.loads(geo("actors", "show", "Sergueï Choïgu", "--store", empty, "--format", "json").stdout)
    assert shown["offices"][0]["until"] == "2024-05-12"
    again = geo("append", "-", "--store", empty, "--format", "json", input=actors)
    assert orjson.loads(again.stdout)["appended"] == 0


def test_the_occurrence_example_appends_to_the_seed_store(geo):
    occurrences = json_blocks()[1]
    result = geo("append", "-", "--format", "json", input=occurrences)
    assert result.exit_code == 0, result.stderr
    assert orjson.loads(result.stdout)["appended"] == len(occurrences.splitlines())
