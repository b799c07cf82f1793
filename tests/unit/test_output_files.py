"""Where output goes: SQLite URIs read as SQLite reads them, links and streams written without being replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.backends import own_files, sqlite_file
from store.files import in_place, written_whole
from store.interchange.records import number


@pytest.mark.parametrize(("store", "file"), [
    ("f.db", "f.db"), (":memory:", None), ("file:f.db?mode=memory&mode=rw", "f.db"),
    ("file://localhost/tmp/s.db", "/tmp/s.db"), ("file:/tmp/s.db#part", "/tmp/s.db"),
    ("file:///tmp/a%20b.db?mode=ro", "/tmp/a b.db"), ("file:m?mode=%6demory", None), ("file:m?mode=memory#x", None),
    ("file:/m?vfs=memdb", None), ("file:m?cache=shared&mode=memory", None), ("postgresql://h/db", None),
])
def test_an_sqlite_uri_names_the_file_sqlite_opens(store, file):
    assert sqlite_file(store) == (Path(file) if file else None)


def test_the_files_of_a_store_reached_by_a_link_are_beside_its_target(tmp_path):
    (tmp_path / "real.db").write_bytes(b"")
    (tmp_path / "link.db").symlink_to(tmp_path / "real.db")
    assert (tmp_path / "real.db-wal").resolve() in own_files(str(tmp_path / "link.db"))


def test_a_link_to_a_stream_of_this_process_is_written_in_place_and_a_link_to_a_file_keeps_its_place(tmp_path):
    stream = tmp_path / "mystdout"
    stream.symlink_to("/proc/self/fd/1")
    assert in_place(stream) and in_place(Path("/dev/stdout")) and not in_place(tmp_path / "new.jsonl")
    target, link = tmp_path / "target.jsonl", tmp_path / "link.jsonl"
    target.write_bytes(b"old\n")
    link.symlink_to(target)
    with written_whole(link) as f:
        f.write(b"new\n")
    assert link.is_symlink() and target.read_bytes() == b"new\n"


def test_a_pipe_whose_reader_went_away_fails_the_write_not_the_close(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    with pytest.raises(BrokenPipeError):
        with written_whole(fifo) as f:
            os.close(reader)
            f.write(b"x" * 10)


def test_a_count_is_read_exactly_however_large():
    assert number("9007199254740993") == 9007199254740993
    assert (number("7.0"), number("-3"), number("12.5"), number("nan")) == (7, None, None, None)
    assert number("9007199254740993.0") == 9007199254740993  # exactly, not through a float
    assert (number("1e3"), number("1e400"), number("1e999999999")) == (1000, None, None)
