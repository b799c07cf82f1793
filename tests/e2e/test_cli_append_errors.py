"""`geoevents append` refuses bad input whole: line and field named, exit code 1, store byte-for-byte unchanged."""

from __future__ import annotations

import orjson
import pytest

from tests.e2e.cli_fixtures import geo, seed_file, snapshot, store_path  # noqa: F401 (fixtures)

VALID = b'{"type":"ContactMade","key":"valid-first","occurred":"2024-05-01","participants":["fra","rus"],"mode":"phone"}'


def contact(**fields) -> bytes:
    return orjson.dumps({"type": "ContactMade", "occurred": "2024-05-02", "participants": ["fra", "rus"],
                         "mode": "phone", **fields})


CASES = {
    "unknown type": (b'{"type":"Meeting","occurred":"2024"}', "type", "unknown type 'Meeting'"),
    "unknown field": (contact(colour="red"), "colour", "unknown field"),
    "missing field": (b'{"type":"ContactMade","occurred":"2024","participants":["fra","rus"]}', "mode",
                      "required field is missing"),
    "naive datetime": (contact(occurred="2024-05-02T10:00:00"), "occurred", "naive datetime"),
    "impossible date": (contact(occurred="2024-02-30"), "occurred", "impossible date"),
    "unknown actor": (contact(participants=["fra", "Shoygu"]), "participants.1",
                      "unknown actor 'Shoygu' (did you mean: Shoigu (sergei-shoigu)"),
    "missing occurrence": (b'{"type":"CasualtiesReported","occurred":"2024","attack":"no-such-attack"}', "attack",
                           "no occurrence with id or key 'no-such-attack'"),
    "wrong kind of occurrence": (
        b'{"type":"CasualtiesReported","occurred":"2024","attack":"2024-04-03-lecornu-shoigu-call"}',
        "attack", "not an AttackOccurred"),
    "negative count": (b'{"type":"ArrestsMade","occurred":"2024","authority":"rus","count":-1}', "count",
                       "greater than or equal to 0"),
    "invalid UTF-8": (b'{"type":"ContactMade","summary":"caf\xe9"}', None, "invalid UTF-8"),
    "not JSON": (b'{"type": ContactMade}', None, "not JSON"),
    "not an object": (b'["ContactMade"]', None, "expected a JSON object"),
    "repeated key": (b'{"type":"ContactMade","occurred":"2024","participants":["fra","rus"],"mode":"phone",'
                     b'"mode":"video"}', "mode", "appears twice"),
    "key conflict": (contact(key="2024-04-03-lecornu-shoigu-call"), "key", "already stored with different content"),
    "correction of nothing": (b'{"type":"Corrected","target":"nope","changes":{"killed":1},"reason":"x"}',
                              "target", "no occurrence"),
    "bad correction": (b'{"type":"Corrected","target":"2024-04-03-crocus-toll-144","changes":{"killed":-2},'
                       b'"reason":"x"}', "changes.killed", "greater than or equal to 0"),
    "missing claim": (b'{"type":"ClaimDenied","occurred":"2024","denier":"fra","denies":'
                      b'"2024-04-03-russian-mod-communique","claim":9}', "claim", "claim 9 does not exist"),
    "taken alias": (b'{"type":"AliasAdded","actor":"fra","alias":"Shoigu"}', "alias", "already refers to"),
}


@pytest.mark.parametrize(("bad", "field", "reason"), CASES.values(), ids=CASES.keys())
def test_bad_input_is_reported_by_line_and_field_and_stores_nothing(bad, field, reason, geo, store_path, tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(VALID + b"\n" + bad + b"\n")
    before = snapshot(store_path)
    result = geo("append", str(path))
    assert result.exit_code == 1
    where = "line 2" + (f", field '{field}'" if field else "")
    assert f"{where}: " in result.stderr and reason in result.stderr, result.stderr
    assert "nothing from this batch was stored" in result.stderr
    assert result.stdout == ""
    assert snapshot(store_path) == before


def test_a_key_given_twice_in_one_input_with_different_content_is_not_said_to_be_stored(geo, tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(contact(key="twice") + b"\n" + contact(key="twice", occurred="2024-05-03") + b"\n")
    result = geo("append", str(path))
    assert result.exit_code == 1
    assert "line 2, field 'key': key 'twice' is given earlier in this input with different content" in result.stderr


def test_every_bad_line_of_a_file_is_reported_not_just_the_first(geo, tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(b"\n".join([CASES["unknown field"][0], VALID, CASES["negative count"][0]]))
    result = geo("append", str(path))
    assert result.exit_code == 1
    assert "line 1, field 'colour'" in result.stderr and "line 3, field 'count'" in result.stderr


def test_an_input_with_more_bad_lines_than_are_reported_says_where_checking_stopped(geo, tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(b"\n".join([CASES["unknown type"][0]] * 120))
    result = geo("append", str(path))
    assert result.exit_code == 1
    assert result.stderr.count("rejected line ") == 50 and "line 50, field 'type'" in result.stderr
    assert "checking stopped after 50 rejected lines, so later lines were not checked" in result.stderr
    path.write_bytes(b"\n".join([CASES["unknown type"][0]] * 50))
    assert "checking stopped" not in geo("append", str(path)).stderr


def test_skip_invalid_stores_the_valid_lines_and_writes_the_rejected_ones_with_reasons(geo, tmp_path):
    path, rejects = tmp_path / "input.jsonl", tmp_path / "rejects.jsonl"
    path.write_bytes(b"\n".join([CASES["unknown field"][0], VALID, CASES["invalid UTF-8"][0]]) + b"\n")
    result = geo("append", str(path), "--skip-invalid", "--rejects", str(rejects), "--format", "json")
    assert result.exit_code == 0
    assert orjson.loads(result.stdout) == {"lines": 3, "appended": 1, "duplicates": 0, "rejected": 2,
                                           "dry_run": False}
    rejected = [orjson.loads(line) for line in rejects.read_bytes().splitlines()]
    assert [(r["line"], r["field"]) for r in rejected] == [(1, "colour"), (3, None)]
    assert "unknown field" in rejected[0]["reason"] and '"colour":"red"' in rejected[0]["text"]
    assert geo("events", "show", "valid-first").exit_code == 0


def test_skip_invalid_with_a_rejects_file_that_cannot_be_written_stores_nothing(geo, store_path, tmp_path):
    """The valid lines were stored, then writing the rejects failed with a traceback: the rejected lines were lost."""
    path = tmp_path / "input.jsonl"
    path.write_bytes(b"\n".join([CASES["unknown field"][0], VALID]) + b"\n")
    before = snapshot(store_path)
    result = geo("append", str(path), "--skip-invalid", "--rejects", str(tmp_path / "missing" / "rejects.jsonl"))
    assert result.exit_code == 1
    assert "cannot write --rejects" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(store_path) == before


def test_dry_run_validates_everything_and_stores_nothing(geo, store_path, tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(VALID + b"\n")
    before = snapshot(store_path)
    result = geo("append", str(path), "--dry-run")
    assert result.exit_code == 0 and "would append 1" in result.stdout
    assert snapshot(store_path) == before


def test_dry_run_still_reports_bad_input_with_exit_code_1(geo, tmp_path):
    path = tmp_path / "input.jsonl"
    path.write_bytes(CASES["naive datetime"][0])
    assert geo("append", str(path), "--dry-run").exit_code == 1


def test_each_batch_is_stored_whole_and_a_bad_batch_stops_the_append(geo, tmp_path):
    lines = [contact(key=f"batch-{i}") for i in range(6)]
    lines[3] = contact(key="batch-3", mode="telepathy")
    path = tmp_path / "input.jsonl"
    path.write_bytes(b"\n".join(lines))
    result = geo("append", str(path), "--batch-size", "2")
    assert result.exit_code == 1
    assert "line 4, field 'mode'" in result.stderr and "2 earlier lines were stored" in result.stderr
    stored = geo("events", "list", "--type", "contact", "--from", "2024-05", "--format", "json")
    assert sorted(o["key"] for o in orjson.loads(stored.stdout)) == ["batch-0", "batch-1"]


def test_a_missing_input_file_is_an_error_on_stderr(geo, tmp_path):
    result = geo("append", str(tmp_path / "absent.jsonl"))
    assert result.exit_code == 2 and "no such file" in result.stderr  # a usage error, as for import


def test_stdin_is_read_with_a_dash(geo):
    result = geo("append", "-", input=VALID + b"\n")
    assert result.exit_code == 0 and "appended 1" in result.stdout


def test_a_correction_key_or_actor_key_given_twice_in_one_input_is_not_said_to_be_stored(geo, tmp_path):
    path = tmp_path / "input.jsonl"
    fix = {"type": "Corrected", "target": "2024-04-03-crocus-toll-144", "reason": "x", "key": "fix-1"}
    path.write_bytes(orjson.dumps({**fix, "changes": {"injured": 361}}) + b"\n"
                     + orjson.dumps({**fix, "changes": {"injured": 362}}) + b"\n")
    result = geo("append", str(path))
    assert "line 2, field 'key': key 'fix-1' is given earlier in this input with different content" in result.stderr
    actor = {"type": "ActorRegistered", "key": "zz", "kind": "state"}
    path.write_bytes(orjson.dumps({**actor, "name": "Zed"}) + b"\n" + orjson.dumps({**actor, "name": "Zee"}) + b"\n")
    result = geo("append", str(path))
    assert "line 2, field 'key': actor key 'zz' is registered earlier in this input" in result.stderr


def test_in_a_dry_run_by_batches_a_correction_key_from_an_earlier_batch_is_not_said_to_be_stored(geo, tmp_path):
    path = tmp_path / "input.jsonl"
    fix = {"type": "Corrected", "target": "2024-04-03-crocus-toll-144", "reason": "x", "key": "fix-1"}
    path.write_bytes(orjson.dumps({**fix, "changes": {"injured": 361}}) + b"\n"
                     + orjson.dumps({**fix, "changes": {"injured": 362}}) + b"\n")
    result = geo("append", str(path), "--dry-run", "--batch-size", "1")
    assert "key 'fix-1' is given earlier in this input with different content" in result.stderr


def test_rejects_to_a_dash_is_a_usage_error_not_a_file_named_dash(geo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = tmp_path / "one.jsonl"
    line.write_bytes(b'{"type":"ContactMade","occurred":"2024","participants":["fra","rus"],"mode":"phone"}\n')
    result = geo("append", str(line), "--skip-invalid", "--rejects", "-")
    assert result.exit_code == 2 and "give a file path" in result.stderr and not (tmp_path / "-").exists()


def test_a_file_named_dash_is_written_when_given_by_its_full_path(geo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused = geo("export", "--output", "./-")
    assert refused.exit_code == 2 and "for a file named '-', give its full path" in refused.stderr
    written = geo("export", "--output", str(tmp_path / "-"))
    assert written.exit_code == 0 and (tmp_path / "-").read_bytes().count(b"\n") > 0
