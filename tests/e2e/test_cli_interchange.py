"""`geoevents import` and `geoevents export` from the command line."""

from __future__ import annotations

import csv
import io

import orjson
from typer.testing import CliRunner

from cli.main import app
from tests.conftest import SEED
from tests.integration.test_import_icews import AWKWARD, FIXTURES

runner = CliRunner()


def test_import_prints_a_summary_that_adds_up_and_writes_the_rejects_report(tmp_path):
    store, rejects = str(tmp_path / "s.db"), tmp_path / "rejects.jsonl"
    assert runner.invoke(app, ["append", str(SEED), "--store", store]).exit_code == 0
    result = runner.invoke(app, ["import", "--format", "icews", str(AWKWARD), "--store", store,
                                 "--rejects", str(rejects), "--summary", "json"])
    assert result.exit_code == 0, result.output
    summary = orjson.loads(result.stdout)
    assert summary["rows"] == summary["imported"] + summary["duplicates"] + summary["rejected"] == 14
    reported = [orjson.loads(line) for line in rejects.read_bytes().splitlines()]
    assert len(reported) == summary["rejected"]
    assert all(r["reason"] and isinstance(r["row"], dict) for r in reported)
    again = runner.invoke(app, ["import", "--format", "icews", str(AWKWARD), "--store", store,
                                "--register-actors", "--batch-size", "3", "--rejects", str(rejects)])
    assert again.exit_code == 0 and "imported 5, duplicates 6, rejected 3" in again.stdout


def test_export_writes_csv_to_a_file_filtered_by_type_and_clock(tmp_path):
    store, output = str(tmp_path / "s.db"), tmp_path / "contacts.csv"
    runner.invoke(app, ["append", str(SEED), "--store", store])
    runner.invoke(app, ["import", "--format", "plover", str(FIXTURES / "plover.jsonl"), "--store", store,
                        "--rejects", str(tmp_path / "r.jsonl")])
    result = runner.invoke(app, ["export", "--format", "csv", "--type", "ContactMade", "--at", "2024-04-02",
                                 "--store", store, "--output", str(output)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert rows and all(r["type"] == "ContactMade" and r["occurred"] <= "2024-04-02" for r in rows)
    assert f"exported {len(rows)} occurrences" in result.stdout


def test_export_to_stdout_and_bad_arguments_fail_cleanly(tmp_path):
    store = str(tmp_path / "s.db")
    runner.invoke(app, ["append", str(SEED), "--store", store])
    result = runner.invoke(app, ["export", "--format", "plover", "--actor", "Choïgu", "--store", store])
    assert result.exit_code == 0
    assert all(orjson.loads(line)["date"] for line in result.stdout.strip().split("\n"))
    assert runner.invoke(app, ["export", "--format", "xml", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["export", "--type", "Contact", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["export", "--actor", "Nobody Known", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["export", "--at", "2024-13-01", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["import", "--format", "cameo", str(AWKWARD), "--store", store]).exit_code == 1
    assert runner.invoke(app, ["import", "--format", "acled", str(AWKWARD), "--store", store]).exit_code == 1


def test_import_and_export_have_help_with_an_example():
    for command in ("import", "export"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example: geoevents" in result.stdout
