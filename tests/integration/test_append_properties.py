"""Properties of appending: any input is stored whole or rejected whole; append, list, append adds nothing."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli.main import app
from domain.errors import InputRejected
from domain.identity import actor_id, occurrence_id_for_key
from store.jsonl import read_lines
from store.reading import notifications
from tests.integration.strategies import inputs, render

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def full_log(store) -> list[tuple]:
    """Every stored event, exactly as stored."""
    return [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in notifications(store.app)]


def cli(store, *args: str, input: bytes | None = None):
    env = {"GEOEVENTS_STORE": store.settings.store, "GEOEVENTS_POSTGRES_SCHEMA": store.settings.postgres_schema}
    result = CliRunner(env=env).invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.stderr
    return result


@SETTINGS
@given(generated=inputs())
def test_any_input_is_stored_whole_or_rejected_whole(seeded, generated):
    lines, has_bad = generated
    raw = render(lines, uuid4().hex[:12])
    before = full_log(seeded)
    try:
        result = seeded.appender.append(read_lines(raw))
    except InputRejected as rejected:
        assert has_bad, f"valid input was rejected: {rejected}"
        assert rejected.rejections and all(r.line >= 1 for r in rejected.rejections)
        assert full_log(seeded) == before
    else:
        assert not has_bad, "input with a bad line was stored"
        after = full_log(seeded)
        assert after[:len(before)] == before
        assert result.appended + result.duplicates == result.lines == len(raw)
        assert len(after) - len(before) >= result.appended


@SETTINGS
@given(generated=inputs(bad=False))
def test_append_then_list_as_jsonl_then_append_adds_nothing(seeded, generated):
    lines, _ = generated
    seeded.appender.append(read_lines(render(lines, uuid4().hex[:12])))
    listing = cli(seeded, "events", "list", "--include-retracted", "--format", "jsonl").stdout_bytes
    before = full_log(seeded)
    occurrence_events = sum(1 for n in before if n[3].startswith(("domain.catalogue:", "domain.occurrences:")))
    again = seeded.appender.append(read_lines(listing.splitlines()))
    assert again.lines == occurrence_events
    assert (again.appended, again.duplicates) == (0, again.lines)
    assert full_log(seeded) == before


@SETTINGS
@given(generated=inputs(bad=False, keyed=True))
def test_reappending_a_file_adds_nothing(seeded, generated, tmp_path_factory):
    lines, _ = generated
    path: Path = tmp_path_factory.mktemp("input") / "input.jsonl"
    path.write_bytes(b"\n".join(render(lines, uuid4().hex[:12])) + b"\n")
    first = cli(seeded, "append", str(path), "--format", "json")
    before = full_log(seeded)
    second = cli(seeded, "append", str(path), "--format", "json")
    assert b'"appended": 0' in second.stdout_bytes and b'"rejected": 0' in second.stdout_bytes, first.stdout
    assert full_log(seeded) == before


@SETTINGS
@given(generated=inputs(keyed=True), batch_size=st.integers(1, 4))
def test_with_a_batch_size_the_batches_before_the_first_bad_one_are_stored_and_no_later_line(
        seeded, generated, batch_size):
    lines, has_bad = generated
    prefix = uuid4().hex[:12]
    raw = render(lines, prefix)
    bad_at = next((i for i, line in enumerate(lines) if isinstance(line, bytes)), len(lines))
    stored = (bad_at // batch_size) * batch_size if has_bad else len(lines)
    try:
        seeded.appender.append(read_lines(raw), batch_size=batch_size)
    except InputRejected:
        assert has_bad
    else:
        assert not has_bad
    if stored:
        again = seeded.appender.append(read_lines(raw[:stored]))
        assert again.appended == 0
    for line in lines[stored:]:
        if isinstance(line, dict) and "key" in line:
            key = orjson.loads(render([line["key"]], prefix)[0])
            stream = actor_id(key) if line["type"] == "ActorRegistered" else occurrence_id_for_key(key)
            assert seeded.app.first_event(stream) is None, f"a line after the bad batch was stored: {line}"
