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
    assert runner.invoke(app, ["export", "--format", "xml", "--store", store]).exit_code == 2  # usage, as documented
    assert runner.invoke(app, ["export", "--type", "Meeting", "--store", store]).exit_code == 1
    as_verb = runner.invoke(app, ["export", "--type", "contact", "--format", "csv", "--store", store])
    as_name = runner.invoke(app, ["export", "--type", "ContactMade", "--format", "csv", "--store", store])
    assert as_verb.exit_code == 0 and as_verb.stdout == as_name.stdout  # as `events list --type` reads it
    assert runner.invoke(app, ["export", "--actor", "Nobody Known", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["export", "--at", "2024-13-01", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["import", "--format", "cameo", str(AWKWARD), "--store", store]).exit_code == 2
    assert runner.invoke(app, ["import", "--format", "icews", str(AWKWARD), "--summary", "xml",
                               "--store", store]).exit_code == 2
    assert runner.invoke(app, ["import", "--format", "acled", str(AWKWARD), "--store", store]).exit_code == 1


def test_import_and_export_have_help_with_an_example():
    for command in ("import", "export"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example: geoevents" in result.stdout


def _seeded(tmp_path) -> str:
    store = str(tmp_path / "s.db")
    assert runner.invoke(app, ["append", str(SEED), "--store", store]).exit_code == 0
    return store


def test_export_selects_by_actor_and_topic_as_the_listing_does(tmp_path):
    """Export used an occurrence's own actor fields and its exact topics: statements whose subject is the actor,
    and a topic in another case or carried by an accusation, were left out."""
    store = _seeded(tmp_path)
    for option, value in (("--actor", "fra"), ("--topic", "Ukraine-Dialogue"),
                          ("--topic", "moscow-attack-exploitation")):
        listed = runner.invoke(app, ["events", "list", option, value, "--format", "json", "--store", store])
        exported = runner.invoke(app, ["export", option, value, "--format", "csv", "--store", store])
        assert listed.exit_code == exported.exit_code == 0, listed.output + exported.output
        keys = {e["key"] for e in orjson.loads(listed.stdout)}
        rows = list(csv.DictReader(io.StringIO(exported.stdout)))
        assert keys and {r["key"] for r in rows} == keys, (option, value)


def test_an_export_that_fails_leaves_nothing_at_its_path_and_never_overwrites_the_store(tmp_path):
    store = _seeded(tmp_path)
    size = (tmp_path / "s.db").stat().st_size
    itself = runner.invoke(app, ["export", "--store", store, "--output", store])
    assert itself.exit_code == 1 and "is the store itself" in itself.output
    assert (tmp_path / "s.db").stat().st_size == size
    assert runner.invoke(app, ["verify", "--store", store]).exit_code == 0
    missing = tmp_path / "no-such-folder" / "out.jsonl"
    failed = runner.invoke(app, ["export", "--store", store, "--output", str(missing)])
    assert failed.exit_code == 1 and "cannot write" in failed.output and not missing.parent.exists()
    done = runner.invoke(app, ["export", "--store", store, "--output", str(tmp_path / "all.jsonl")])
    assert done.exit_code == 0 and not (tmp_path / "all.jsonl.partial").exists()


def test_an_export_interrupted_midway_leaves_no_file_at_its_path(tmp_path, monkeypatch):
    from store.interchange import writers

    store, output = _seeded(tmp_path), tmp_path / "cut.jsonl"
    real = writers.WRITERS["jsonl"]

    def interrupted(app_, selection, f):
        f.write(b'{"partial": true}\n')
        raise KeyboardInterrupt

    monkeypatch.setitem(writers.WRITERS, "jsonl", interrupted)
    result = runner.invoke(app, ["export", "--store", store, "--output", str(output)])
    assert result.exit_code != 0 and not output.exists() and not (tmp_path / "cut.jsonl.partial").exists()
    monkeypatch.setitem(writers.WRITERS, "jsonl", real)
    assert runner.invoke(app, ["export", "--store", store, "--output", str(output)]).exit_code == 0
    assert output.read_bytes().count(b"\n") > 20


def test_an_invalid_export_clock_names_its_option(tmp_path):
    store = _seeded(tmp_path)
    for option in ("--at", "--known-at", "--recorded-at", "--from", "--to"):
        result = runner.invoke(app, ["export", option, "2024-02-30", "--store", store])
        assert result.exit_code == 1 and "impossible date" in result.output, option
        named = option.removeprefix("--").replace("-", "_")
        assert f"field '{named}'" in result.output, (option, result.output)


def test_a_plover_export_holds_only_records_plover_can_read_and_says_what_it_left_out(tmp_path):
    """Statements, tolls and warnings went out without the `event` PLOVER requires, and partial dates as
    `2024-03`; a PLOVER reader (our own importer among them) refused them."""
    store, output = _seeded(tmp_path), tmp_path / "out.plover.jsonl"
    result = runner.invoke(app, ["export", "--format", "plover", "--store", store, "--output", str(output)])
    assert result.exit_code == 0 and "left out" in result.output and "StatementMade" in result.output
    records = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert records and all(r.get("event") for r in records)
    assert all(len(r["date"]) == 10 for r in records)
    partial = [r for r in records if len(r["geoevents"]["occurred"]) < 10]
    assert partial and all(r["date"].startswith(r["geoevents"]["occurred"]) for r in partial)
    again = runner.invoke(app, ["import", "--format", "plover", str(output), "--store", str(tmp_path / "b.db"),
                                "--register-actors", "--rejects", str(tmp_path / "r.jsonl"), "--summary", "json"])
    assert again.exit_code == 0 and orjson.loads(again.stdout)["rejected"] == 0, again.output
    imported = orjson.loads(runner.invoke(app, ["events", "list", "--format", "json", "--store",
                                                str(tmp_path / "b.db")]).stdout)
    clocks = {e["provenance"]["record_id"]: (e["occurred"], e["reported"]) for e in imported}
    assert clocks == {r["id"]: (r["geoevents"]["occurred"], r["publicationDate"]) for r in records}
    assert any(len(occurred) < 10 for occurred, _ in clocks.values())  # a partial date keeps its precision


def test_a_plover_line_that_is_not_json_is_reported_with_its_text(tmp_path):
    source, rejects = tmp_path / "in.jsonl", tmp_path / "rejects.jsonl"
    source.write_bytes(b'{"id": "p1", "date": "2024-04-03", "event": "CONSULT"\nnot json at all\n[1, 2]\n')
    result = runner.invoke(app, ["import", "--format", "plover", str(source), "--store", str(tmp_path / "s.db"),
                                 "--rejects", str(rejects), "--summary", "json"])
    assert result.exit_code == 0 and orjson.loads(result.stdout)["rejected"] == 3, result.output
    rows = [orjson.loads(line)["row"] for line in rejects.read_bytes().splitlines()]
    assert rows == ['{"id": "p1", "date": "2024-04-03", "event": "CONSULT"', "not json at all", [1, 2]]


def test_a_filtered_jsonl_export_brings_what_its_occurrences_refer_to_and_appends_to_an_empty_store(tmp_path):
    """An export at a past clock or of one actor held a warning about an attack, or a denial of a claim,
    without the attack or the claim: appending it to an empty store was refused."""
    store = _seeded(tmp_path)
    for n, options in enumerate((["--at", "2024-03-10"], ["--actor", "fra"], ["--type", "ClaimDenied"])):
        output, copy = tmp_path / f"part-{n}.jsonl", str(tmp_path / f"copy-{n}.db")
        exported = runner.invoke(app, ["export", *options, "--store", store, "--output", str(output)])
        assert exported.exit_code == 0, exported.output
        appended = runner.invoke(app, ["append", str(output), "--store", copy])
        assert appended.exit_code == 0, (options, appended.output)
        listed = runner.invoke(app, ["events", "list", "--format", "json", "--store", copy])
        selected = runner.invoke(app, ["events", "list", "--format", "json", "--store", store,
                                       *(["--actor", "fra"] if "--actor" in options else []),
                                       *(["--type", "ClaimDenied"] if "--type" in options else [])])
        copied = {e["key"] for e in orjson.loads(listed.stdout)}
        if "--at" not in options:
            assert {e["key"] for e in orjson.loads(selected.stdout)} <= copied
        count = int(exported.output.split("exported ")[1].split(" ")[0])
        assert len(copied) >= count  # the selected ones, and those they refer to


def test_row_exports_carry_every_topic_an_occurrence_is_about(tmp_path):
    """An accusation's topic and an offer's domain were left out of the CSV (no column) and of PLOVER's
    context whenever the occurrence had topics of its own."""
    store, key = _seeded(tmp_path), "accusation-with-two-topics"
    accusation = {"type": "AccusationMade", "key": key, "occurred": "2024-04-04", "accuser": "rus", "accused": "fra",
                  "topic": "moscow-attack", "topics": ["ukraine-war"]}
    assert runner.invoke(app, ["append", "-", "--store", store], input=orjson.dumps(accusation)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--format", "csv", "--store", store]).stdout)))
    plover = [orjson.loads(line) for line in
              runner.invoke(app, ["export", "--format", "plover", "--store", store]).stdout.splitlines()]
    row = next(r for r in rows if r["key"] == key)
    record = next(r for r in plover if r["id"] == key)
    assert "moscow-attack" in row["topics"].split(";") and "moscow-attack" in record["context"]
    assert "ukraine-war" in row["topics"].split(";") and "ukraine-war" in record["context"]
