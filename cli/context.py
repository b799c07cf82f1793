"""Shared CLI plumbing: the --store option, opening the store, and turning errors into exit codes."""

from __future__ import annotations

import itertools
import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.console import Console
from eventsourcing.persistence import PersistenceError
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from domain.errors import GeoEventsError, InputRejected, Interrupted, InvalidClock, InvalidInput, KeyConflict, ServerUnreachable, StoreUnavailable
from store.backends import absent_store, own_files
from store.faults import reason
from store.wakeups import RETRY_SECONDS
from store.root import Store, open_store
from store.settings import Settings

out = Console(soft_wrap=True, emoji=False, markup=False)
err = Console(stderr=True, soft_wrap=True, emoji=False, markup=False)
"""Where the CLI prints. Text from the store or the input is never read as emoji codes (`Tel Aviv:cd:Gaza` stays
as written) nor as markup (`bad[/]name`): markup is read only where a print asks for it (`markup=True`), with the
text in it escaped, and tables hold `Text`."""

StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar="GEOEVENTS_STORE", help="SQLite file or postgresql:// URL of the store."),
]


def settings_for(store: str | None) -> Settings:
    """Settings from the environment, with --store taking precedence."""
    return Settings(store=store) if store else Settings()


def existing(store: str | None) -> str | None:
    """Fail when no store is where the settings point (a missing file, a file or PostgreSQL schema without an event
    log): opening would set one up there, and a read of a mistyped location would answer nothing instead of
    failing; return the store as given."""
    settings = settings_for(store)
    if (missing := absent_store(settings.store, settings.postgres_schema)) is not None:
        raise fail(missing)
    return store


def readable_input(path: Path) -> Path:
    """Return a path to read from, or fail (a usage error, exit 2) when nothing readable is there: no such file, or a
    directory (a pipe such as `<(...)` is fine)."""
    if not path.exists() or path.is_dir():
        raise fail(f"{'a directory, not a file' if path.is_dir() else 'no such file'}: {path}", code=2)
    return path


def refuse_overwriting(output: Path, store: str | None, option: str, *inputs: Path) -> None:
    """Refuse an output path that is the store's own file (or its WAL, shared-memory or journal file) or a file
    the command reads: writing it would destroy what the command works on."""
    if str(output) == "-":  # not standard output: that carries the command's own report
        raise fail(f"{option} '-': give a file path ('-' is not standard output here; for a file named '-', give its "
                   "full path)", code=2)
    if output.is_dir():
        raise fail(f"{option} '{output}' is a directory; give a file path")
    if output.resolve() in own_files(settings_for(store).store):
        raise fail(f"{option} '{output}' is the store itself; choose another path")
    for source in inputs:
        if output.resolve() == source.resolve() or output.exists() and source.exists() and output.samefile(source):
            raise fail(f"{option} '{output}' is the file being read; choose another path")


INTERRUPTED = 130
"""The exit code of a write stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it)."""


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Let SIGTERM stop a write as Ctrl-C does (between statements, saying what was stored, exit 130), instead of
    ending the process without a word."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # a mask inherited from the parent
    try:
        yield
    except Interrupted as e:
        raise fail(str(e), code=INTERRUPTED) from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        signal.signal(signal.SIGTERM, previous)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error on stderr and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True)
    return typer.Exit(code=code)


def where_set(field: str | None, reason: str, flags: dict[str, str] | None = None) -> str:
    """Describe an error by field, and the option that sets it, rather than by input line."""
    flag = (flags or {}).get((field or "").split(".")[0])
    where = f"field '{field}'" + (f" ({flag})" if flag else "") if field else ""
    return f"{where}: {reason}" if where else reason


CLOCK_OPTIONS = {"at": "--at", "known_at": "--known-at", "recorded_at": "--recorded-at", "since": "--since",
                 "until": "--until", "from": "--from", "to": "--to"}
"""The option that gives each clock field, the same in every command that takes it."""


def report_error(error: GeoEventsError) -> typer.Exit:
    """Print a domain error (every located reason for rejected input, a clock's field with its option) and return
    exit code 1."""
    if isinstance(error, InvalidClock) and error.line is None:
        return fail(where_set(error.field, error.reason, CLOCK_OPTIONS))
    if isinstance(error, InputRejected):
        for rejection in error.rejections:
            err.print(f"[red]rejected[/] {escape(str(rejection))}", highlight=False, markup=True)
        note = f"; {error.stored_before} earlier lines were stored in previous batches" if error.stored_before else ""
        return fail(f"{len(error.rejections)} line(s) rejected{error.stopped}; nothing from this batch was stored{note}")
    return fail(str(error))


@contextmanager
def opened(store: str | None, upgrade_store: bool = True, *, patient: bool = False) -> Iterator[Store]:
    """Open the store for one command (upgrading one written by an older version, unless told not to), and turn
    our errors into clean exits; a `patient` command (a follower) waits for a server that does not answer yet."""
    try:
        with _open(store, upgrade_store, patient) as opened_store:
            yield opened_store
    except (GeoEventsError, InvalidInput, KeyConflict) as e:
        raise report_error(e) from None
    except PersistenceError as e:  # a read that failed (a dropped connection): nothing was written by it
        raise report_error(StoreUnavailable(reason(e))) from None


def _open(store: str | None, upgrade_store: bool, patient: bool) -> Store:
    """Open the store; when `patient`, try again with back-off while no server answers at its address, saying so
    each time (Ctrl-C stops)."""
    for attempt in itertools.count():
        try:
            return open_store(settings_for(store), upgrade_store=upgrade_store)
        except ServerUnreachable as e:
            if not patient:
                raise
            pause = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
            err.print(f"waiting for the server: {e}; trying again in {pause:g}s")
            time.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover (the loop above only returns or raises)


UNBOUNDED = 100_000
"""A width no table reaches: what a table is measured against when it goes into a pipe or a file."""


TABLE_ROWS = 2000
"""The most rows a table prints: a table is for reading, and laying out a store's every occurrence takes minutes
and gigabytes (`--format json` or `jsonl` gives them all)."""


def table_cut(shown: int, more: bool, total: int | None = None) -> None:
    """Say on stderr that a table shows only its first rows, and how to get them all; nothing when it shows all."""
    if more:
        of = f" of {total:,}" if total is not None else ""
        err.print(f"showing the first {shown:,} rows{of}; give --format json (or jsonl) for every row, or narrow the "
                  "query", highlight=False)


def print_table(table: Table) -> None:
    """Print a table: on a terminal as wide as the terminal (long text folded), into a pipe or a file as wide as its
    longest row, so that dates, keys and names are never cut."""
    if out.is_terminal:
        out.print(table)
        return
    needed = Measurement.get(out, out.options.update_width(UNBOUNDED), table).maximum
    width = out.width
    out.width = max(width, needed)  # print(width=) would be capped at the console's width
    try:
        out.print(table)
    finally:
        out.width = width


def print_json(data: Any) -> None:
    """Write JSON to stdout (UTF-8, indented)."""
    try:
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # an integer past 64 bits (a sum of counts), which orjson cannot write
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_as_json).encode()
    sys.stdout.buffer.write(text + b"\n")
    sys.stdout.flush()


def _as_json(value: Any) -> Any:
    """What the standard library's JSON writer cannot render, as orjson renders it (times in ISO 8601, the rest as
    text)."""
    return value.isoformat() if isinstance(value, (datetime, date)) else str(value)


def format_option(*choices: str, flag: str = "--format", what: str = "Output format") -> Any:
    """An option restricted to the given formats, any other a usage error (a str Enum: compares equal to its text,
    its `.value` is the text)."""
    formats = Enum("Format", {choice: choice for choice in choices}, type=str)  # type: ignore[misc]
    return Annotated[formats, typer.Option(flag, help=f"{what}: {', '.join(choices)}.")]


FormatOption = format_option("table", "json")
"""The --format of a command printing data for people (table) or programs (json); any other is a usage error."""
