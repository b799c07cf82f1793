"""Output files never overwrite what a command works on: the store's own files, or the input being read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import orjson
import pytest

from tests.e2e.cli_fixtures import geo, seed_file, snapshot, store_path  # noqa: F401 (fixtures)

ICEWS = Path(__file__).resolve().parent.parent / "fixtures" / "interchange" / "icews_awkward.tab"
BAD = b'{"type":"Meeting","occurred":"2024"}\n'


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_rejects_of_an_append_or_an_import_may_not_be_the_store(geo, store_path, tmp_path, suffix):
    source = tmp_path / "input.jsonl"
    source.write_bytes(BAD)
    target = str(store_path) + suffix
    before = snapshot(store_path)
    for args in (("append", str(source), "--skip-invalid", "--rejects", target),
                 ("import", "--format", "icews", str(ICEWS), "--register-actors", "--rejects", target)):
        result = geo(*args)
        assert result.exit_code == 1, result.output
        assert "is the store itself" in result.stderr
        assert snapshot(store_path) == before
    assert geo("events", "list").exit_code == 0


def test_rejects_may_not_be_the_file_being_read(geo, store_path, tmp_path):
    source = tmp_path / "input.jsonl"
    source.write_bytes(BAD)
    result = geo("append", str(source), "--skip-invalid", "--rejects", str(source))
    assert result.exit_code == 1 and "is the file being read" in result.stderr
    assert source.read_bytes() == BAD
    copy = tmp_path / "icews.tab"
    copy.write_bytes(ICEWS.read_bytes())
    result = geo("import", "--format", "icews", str(copy), "--register-actors", "--rejects", str(copy))
    assert result.exit_code == 1 and "is the file being read" in result.stderr
    assert copy.read_bytes() == ICEWS.read_bytes()


def test_an_import_whose_rejects_cannot_be_written_stores_nothing(geo, store_path, tmp_path):
    before = snapshot(store_path)
    result = geo("import", "--format", "icews", str(ICEWS), "--register-actors",
                 "--rejects", str(tmp_path / "missing" / "rejects.jsonl"))
    assert result.exit_code == 1
    assert "cannot write --rejects" in result.stderr and "nothing was stored" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(store_path) == before


def test_an_import_writes_its_rejects_whole_and_none_when_nothing_is_rejected(geo, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    result = geo("import", "--format", "icews", str(ICEWS), "--register-actors", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert len(rejects.read_bytes().splitlines()) == 3  # the fixture's three unmappable rows
    assert not list(tmp_path.glob("*.partial"))
    rejects.unlink()
    result = geo("import", "--format", "icews", str(ICEWS), "--register-actors", "--rejects", str(rejects))
    assert result.exit_code == 0 and "duplicates 11, rejected 3" in result.output
    assert len(rejects.read_bytes().splitlines()) == 3


def test_a_backup_may_not_be_written_over_the_stores_own_files(geo, store_path):
    for suffix in ("-wal", "-shm"):
        result = geo("backup", str(store_path) + suffix)
        assert result.exit_code == 1 and "the store's own file" in result.stderr
        assert not Path(str(store_path) + suffix).exists()


def test_a_pipe_is_read_as_an_input_file(geo, store_path, tmp_path):
    """`geoevents append <(cat file)` hands the command /dev/fd/N, a pipe, not a regular file."""
    read, write = os.pipe()
    os.write(write, b'{"type":"ContactMade","key":"piped","occurred":"2024-05-01","participants":["fra","rus"],'
                    b'"mode":"phone"}\n')
    os.close(write)
    try:
        result = geo("append", f"/dev/fd/{read}")
    finally:
        os.close(read)
    assert result.exit_code == 0, result.output
    assert "appended 1" in result.output


def test_rejects_may_go_to_a_pipe_and_may_not_be_a_directory(geo, tmp_path):
    read, write = os.pipe()
    try:
        result = geo("import", "--format", "icews", str(ICEWS), "--register-actors", "--rejects", f"/dev/fd/{write}")
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            written = pipe.read()
    finally:
        for fd in (read, write):
            try:
                os.close(fd)
            except OSError:
                pass
    assert result.exit_code == 0, result.output
    assert len(written.splitlines()) == 3 and not list(Path("/dev/fd").glob("*.partial"))
    source = tmp_path / "input.jsonl"
    source.write_bytes(BAD)
    for args in (("append", str(source), "--skip-invalid"), ("import", "--format", "icews", str(ICEWS))):
        result = geo(*args, "--rejects", str(tmp_path))
        assert result.exit_code == 1 and "is a directory" in result.stderr, args


def test_an_import_that_cannot_open_its_store_leaves_no_partial_rejects(tmp_path):
    from typer.testing import CliRunner

    from cli.main import app

    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(app, ["import", "--format", "icews", str(ICEWS), "--rejects", str(rejects),
                                      "--store", "postgresql://postgres@127.0.0.1:1/test"])
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_the_wal_of_a_store_reached_through_a_link_is_its_own_file(geo, store_path, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(store_path)
    result = geo("export", "--store", str(link), "--output", str(store_path) + "-wal")
    assert result.exit_code == 1 and "is the store itself" in result.stderr


def test_rejects_to_a_pipe_whose_reader_went_away_are_reported_with_what_was_stored(geo, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    source = tmp_path / "input.jsonl"
    source.write_bytes(b'{"type":"ContactMade","occurred":"2024","participants":["fra","rus"],"mode":"phone"}\n'
                       + BAD)
    gone = threading.Thread(target=lambda: os.close(os.open(fifo, os.O_RDONLY)))  # opens once the command does,
    gone.start()                                                                    # then goes away at once
    result = geo("append", str(source), "--skip-invalid", "--rejects", str(fifo))
    gone.join(timeout=10)
    assert result.exit_code == 1
    assert "cannot write --rejects" in result.stderr and "1 lines were stored, 1 rejected" in result.stderr


def test_an_id_in_braces_names_the_occurrence(geo):
    listed = orjson.loads(geo("events", "list", "--format", "json").stdout)
    uuid = listed[0]["id"]
    shown = geo("events", "show", "{" + uuid.replace("-", "") + "}", "--format", "json")
    assert shown.exit_code == 0 and orjson.loads(shown.stdout)["id"] == uuid
