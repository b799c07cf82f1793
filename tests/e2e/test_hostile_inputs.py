"""A corpus of hostile inputs: each is rejected with a clear error or stored verbatim; never a traceback or a partial write."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from cli.main import app
from store.backup import backup
from store.jsonl import event_to_line
from store.reading import events
from store.root import Store, open_store
from store.settings import Settings
from tests.conftest import SEED

VALID = b'{"type":"ContactMade","key":"hostile-valid","occurred":"2024-05-01","participants":["fra","rus"],"mode":"phone"}'


def contact(key: str, **fields: object) -> bytes:
    """A ContactMade line between France and Russia with the given fields."""
    base = {"type": "ContactMade", "key": key, "occurred": "2024-05-01", "participants": ["fra", "rus"], "mode": "phone"}
    return orjson.dumps({**base, **fields})


def stored_line(store: Store, key: str) -> dict[str, object]:
    """Return the stored JSON Lines form of the occurrence recorded under a key."""
    for _, event in events(store.app):
        if getattr(event, "key", None) == key:
            return event_to_line(event)
    raise AssertionError(f"nothing stored under {key}")


@dataclass
class Case:
    """One hostile file: its bytes, and either the error it must get or a check of what was stored."""

    name: str
    data: bytes
    error: str | None = None
    stored: Callable[[Store], None] | None = None


HUGE = 3 * 1024 * 1024
"""Bytes of a large valid string, under the 4 MiB a line may hold."""
CASES = [
    Case("truncated line", VALID + b"\n" + VALID[:60] + b"\n", error="not JSON"),
    Case("truncated last line without newline", VALID + b"\n" + VALID[:-1], error="not JSON"),
    Case("line over 4 MiB", VALID + b"\n" + contact("huge-line", summary="x" * (4 * 1024 * 1024 + 1)),
         error="line longer than"),
    Case("deeply nested JSON", VALID + b"\n" + b"[" * 100_000 + b"]" * 100_000, error="not JSON"),
    Case("deep nesting inside a field", VALID + b"\n" + contact("nested", topics=[[[[[[[[["t"]]]]]]]]]),
         error="topics.0"),
    Case("invalid UTF-8", VALID + b"\n" + contact("bad-utf8", summary="caf\u00e9").replace(b"\xc3\xa9", b"\xe9"),
         error="invalid UTF-8"),
    Case("overlong UTF-8", VALID + b"\n" + contact("overlong", summary="/").replace(b'"/"', b'"\xc0\xaf"'),
         error="invalid UTF-8"),
    Case("raw NUL byte", VALID + b"\n" + contact("raw-nul", summary="a_b").replace(b"a_b", b"a\x00b"), error="not JSON"),
    Case("lone surrogate escape", VALID + b"\n" + contact("surrogate", summary="x").replace(b'"x"', b'"\\ud800"'),
         error="not JSON"),
    Case("byte order mark inside the file", VALID + b"\n\xef\xbb\xbf" + contact("bom"), error="not JSON"),
    Case("nesting at the parser's limit", VALID + b"\n" + contact("deep", topics=["x"]).replace(
        b'["x"]', b"[" * 1000 + b"]" * 1000), error="line 2"),
    Case("nested objects at the parser's limit with a repeated key", VALID + b"\n" + contact(
        "deep-dup", topics=["x"]).replace(b'["x"]', b'{"k":' * 1000 + b"1" + b"}" * 1000).replace(
        b'"mode":"phone"', b'"mode":"phone","mode":"visit"'), error="line 2"),
    Case("NaN literal", VALID + b"\n" + contact("nan", summary="x").replace(b'"x"', b"NaN"), error="not JSON"),
    Case("top-level array", VALID + b"\n[1,2]", error="expected a JSON object"),
    Case("number as type", VALID + b'\n{"type":42}', error="unknown type"),
    Case("integer beyond any size", VALID + b"\n" + b'{"type":"ArrestsMade","key":"big","occurred":"2024-04-03",'
         b'"authority":"rus","count":1' + b"0" * 40 + b"}", error="count"),
    Case("year 0", VALID + b"\n" + contact("year-0", occurred="0000-01-01"), error="year must be between"),
    Case("year 10000", VALID + b"\n" + contact("year-10000", occurred="10000-01-01"), error="'10000-01-01' is not a date"),
    Case("negative year", VALID + b"\n" + contact("year-minus", occurred="-0001-01-01"), error="is not a date"),
    Case("instant before year 1 in UTC", VALID + b"\n" + contact("early", occurred="0001-01-01T00:00:00+14:00"),
         error="outside the years 0001 to 9999"),
    Case("instant after year 9999 in UTC", VALID + b"\n" + contact("late", occurred="9999-12-31T23:00:00-12:00"),
         error="outside the years 0001 to 9999"),
    Case("offset of 24 hours", VALID + b"\n" + contact("offset-24", occurred="2024-04-03T10:00:00+24:00"), error="impossible datetime"),
    Case("naive datetime", VALID + b"\n" + contact("naive", occurred="2024-04-03T10:00:00"), error="time zone offset"),
    Case("Rich markup in a name", VALID + b"\n" + contact("markup", participants=["[/]", "[bold]fra[/bold]"]),
         error="unknown actor '[/]'"),
    Case("SQL in an unknown name", VALID + b"\n" + contact("sql-ref", participants=["fra", "x'); DROP TABLE stored_events;--"]),
         error="DROP TABLE"),
    Case("duplicate keys in one object", VALID + b"\n" + contact("dup-key").replace(
        b'"mode":"phone"', b'"mode":"phone","mode":"visit"'), error="appears twice"),
    Case("duplicate keys in a nested object", VALID + b"\n" + contact("dup-nested", sources=[{"publisher": "A"}]).replace(
        b'"publisher":"A"', b'"publisher":"A","publisher":"B"'), error="appears twice"),
    Case("unknown field", VALID + b"\n" + contact("extra", killed=3), error="unknown field"),
]


def _stored(key: str, **expected: object) -> Callable[[Store], None]:
    def check(store: Store) -> None:
        line = stored_line(store, key)
        for name, value in expected.items():
            assert line[name] == value, name
    return check


BOBBY = "Robert'); DROP TABLE stored_events;--"


def bobby_is_stored(store: Store) -> None:
    """The actor named with SQL is found by that name, and the contact under an SQL key refers to it."""
    assert store.directory.lookup(BOBBY) == "bobby-tables"
    _stored("x' OR '1'='1", participants=["bobby-tables", "fra"])(store)


CASES += [
    Case("SQL fragments in names and keys", VALID + b"\n" + orjson.dumps(
        {"type": "ActorRegistered", "key": "bobby-tables", "name": BOBBY, "kind": "person"}) + b"\n"
        + contact("x' OR '1'='1", participants=[BOBBY, "fra"]),
        stored=bobby_is_stored),
    Case("escaped NUL and control characters", VALID + b"\n" + contact("nul", summary="a\u0000b\u001b[31mred"),
         stored=_stored("nul", summary="a\u0000b\u001b[31mred")),
    Case("3 MB string", VALID + b"\n" + contact("three-mb", summary="é" * (HUGE // 2)),
         stored=_stored("three-mb", summary="é" * (HUGE // 2))),
    Case("mixed offsets", VALID + b"\n" + contact("offsets", occurred="2024-04-03T23:30:00+03:00",
                                                   reported="2024-04-03T20:31:00Z"),
         stored=_stored("offsets", occurred="2024-04-03T23:30:00+03:00", reported="2024-04-03T20:31:00+00:00")),
    Case("extreme but valid offsets", VALID + b"\n" + contact("extremes", occurred="0001-01-01T12:00:00+11:59",
                                                             reported="9999-12-31T00:00:00-11:59"),
         stored=_stored("extremes", occurred="0001-01-01T12:00:00+11:59")),
    Case("right-to-left and zero-width text", VALID + b"\n" + contact("rtl", summary="\u202eabc\u200b\ufeff"),
         stored=_stored("rtl", summary="\u202eabc\u200b\ufeff")),
    Case("CRLF line ends and blank lines", b"\r\n\r\n" + VALID + b"\r\n   \r\n" + contact("crlf") + b"\r\n",
         stored=_stored("crlf", mode="phone")),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A store file holding the seed article, copied for each case."""
    path = tmp_path_factory.mktemp("hostile") / "seeded.db"
    result = CliRunner().invoke(app, ["append", str(SEED), "--store", str(path)])
    assert result.exit_code == 0
    return path


def count(db: Path) -> int:
    with open_store(Settings(store=str(db))) as store:
        return store.app.recorder.max_notification_id() or 0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_is_rejected_clearly_or_stored_verbatim(case, template, tmp_path):
    db = backup(Settings(store=str(template)), tmp_path / "store.db")
    before = count(db)
    source = tmp_path / "hostile.jsonl"
    source.write_bytes(case.data)
    result = CliRunner().invoke(app, ["append", str(source), "--store", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if case.error is not None:
        assert result.exit_code == 1 and case.error in result.output and "nothing from this batch" in result.output
        assert count(db) == before  # not even the valid line before it
    else:
        assert result.exit_code == 0, result.output
        with open_store(Settings(store=str(db))) as store:
            case.stored(store)  # type: ignore[misc]
    assert CliRunner().invoke(app, ["verify", "--store", str(db)]).exit_code == 0


@pytest.mark.parametrize("args", [["record", "contact", "--participant", "fra", "--participant", "rus", "--mode",
                                   "phone", "--occurred", "2024-05-01", "--summary", b"a\xffb"],
                                  ["events", "show", b"k\xff"], ["events", "list", b"--topic=t\xff"]])
def test_an_argument_that_is_not_utf8_is_a_usage_error_naming_it_not_a_traceback(tmp_path, args):
    store = tmp_path / "store.db"
    cli = [sys.executable, "-c", "from cli.main import main; main()"]
    done = subprocess.run([*cli, *args, "--store", str(store)], capture_output=True, timeout=60)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert b"is not valid UTF-8" in done.stderr and not store.exists()


def test_a_file_name_that_is_not_utf8_is_still_read(tmp_path):
    source = tmp_path / "seed-caf\udce9.jsonl"  # the bytes caf\xe9, as the system hands them over
    source.write_bytes(SEED.read_bytes())
    cli = [sys.executable, "-c", "from cli.main import main; main()"]
    done = subprocess.run([*cli, "append", bytes(source), "--store", str(tmp_path / "store.db")],
                          capture_output=True, timeout=120)
    assert done.returncode == 0 and b"appended" in done.stdout, done.stderr
