"""`geoevents import` and `geoevents export`: coded event data in, JSON Lines / PLOVER / CSV out."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, BinaryIO

import orjson
import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from cli.context import (StoreOption, err, existing, fail, format_option, opened, out, print_json, refuse_overwriting,
                         stopped_by_signals)
from domain.errors import InvalidInput
from store.append import Rejection
from store.files import in_place, written_whole
from store.interchange.export import Selection
from store.interchange.formats import FORMATS, import_stream
from store.interchange.importer import DEFAULT_BATCH
from store.interchange.writers import WRITERS
from store.listing import occurrence_type

IMPORT_EXAMPLE = "geoevents import --format icews events.2018.sample.tab --register-actors"
EXPORT_EXAMPLE = "geoevents export --format csv --type ContactMade --at 2024-04-03 --output contacts.csv"


class RejectsReport:
    """Writes each rejected row with its line, field and reason as JSON Lines, as it happens, into `PATH.partial`
    (opened before anything is stored, so an unwritable path stops the import first), then puts it at PATH when
    the import ends, also after an error (the reasons for the rows read so far are kept); no file when nothing was
    rejected. A pipe or a device (`store.files.in_place`) is written directly."""

    def __init__(self, path: Path):
        direct = in_place(path)
        self.path = path if direct else path.resolve()
        self.partial = None if direct else self.path.with_name(self.path.name + ".partial")
        self.file: BinaryIO = path.open("wb", buffering=0) if direct else self.partial.open("wb")  # type: ignore
        self.count = 0
        self.error: OSError | None = None
        """Why the report could not be written (a pipe whose reader went away): the import goes on, and says so."""

    def __call__(self, r: Rejection) -> None:
        try:
            row = orjson.loads(r.text) if r.text else None
        except orjson.JSONDecodeError:
            row = r.text.decode("utf-8", "replace")
        self.count += 1
        if self.error is None:
            try:
                self.file.write(orjson.dumps({"line": r.line, "field": r.field, "reason": r.reason, "row": row})
                                + b"\n")
            except OSError as e:
                self.error = e

    def close(self) -> None:
        """Close the report, then put it at its path (or remove it when it is empty)."""
        if self.partial is None:
            try:
                self.file.close()
            except OSError as e:
                self.error = self.error or e
            return
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        if self.count:
            os.replace(self.partial, self.path)
        else:
            self.partial.unlink(missing_ok=True)


def import_(
    file: Annotated[Path, typer.Argument(help="The file to import.", exists=True, dir_okay=False)],
    fmt: format_option(*FORMATS, what="Input format"),  # type: ignore[valid-type]
    store: StoreOption = None,
    register_actors: Annotated[bool, typer.Option("--register-actors", help="Register unknown actors (with their source names) instead of rejecting their rows.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows stored per atomic batch.")] = DEFAULT_BATCH,
    rejects: Annotated[Path, typer.Option(help="Where rejected rows are written with their reasons.")] = Path("rejected.jsonl"),
    summary_format: format_option("table", "json", flag="--summary", what="Summary format") = "table",  # type: ignore[valid-type]
) -> None:
    """Import coded event data (ICEWS, PLOVER, GDELT, ACLED); every row is imported, a duplicate, or rejected.
    """
    fmt = fmt.value
    size = file.stat().st_size
    bar = Progress(TextColumn("importing"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                   console=err, transient=True) if err.is_terminal else None
    refuse_overwriting(rejects, store, "--rejects", file)
    try:
        report = RejectsReport(rejects)
    except OSError as e:
        raise fail(f"cannot write --rejects '{rejects}': {e.strerror or e}; nothing was stored") from None
    try:
        with opened(store) as s, file.open("rb") as source, (bar or nullcontext()), stopped_by_signals():
            task = bar.add_task("import", total=size) if bar else None
            summary = import_stream(
                s, fmt, source, register_actors=register_actors, batch_size=batch_size, on_reject=report,
                progress=(lambda _rows: bar.update(task, completed=source.tell())) if bar else None)  # type: ignore[arg-type]
    finally:
        report.close()
    rejected = summary.rejected_count
    if summary_format == "json":
        print_json({**summary.as_dict(), "rejects": str(rejects) if rejected else None})
    else:
        out.print(f"read {summary.rows} rows: imported {summary.imported}, duplicates {summary.duplicates}, "
                  f"rejected {rejected}" + (f" (reasons in {rejects})" if rejected else "")
                  + f"; actors registered {summary.actors_registered}"
                  + (f"; repeated header lines skipped {summary.headers_skipped}" if summary.headers_skipped else ""),
                  highlight=False)
    if report.error is not None:
        raise fail(f"cannot write --rejects '{rejects}': {report.error.strerror or report.error}; the import went "
                   "on (its summary above), but the reasons for some rejected rows were not written")


def export(
    fmt: format_option(*WRITERS) = "jsonl",  # type: ignore[valid-type]
    store: StoreOption = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="Only these occurrence types (repeatable): a catalogue name (ContactMade) or its record verb (contact).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only occurrences involving this actor (key, name, alias, QID).")] = None,
    topic: Annotated[str | None, typer.Option(help="Only occurrences with this topic.")] = None,
    occurred_from: Annotated[str | None, typer.Option("--from", help="Occurred on or after this date.")] = None,
    occurred_to: Annotated[str | None, typer.Option("--to", help="Occurred on or before this date (inclusive).")] = None,
    at: Annotated[str | None, typer.Option(help="The world as of this date (occurred clock).")] = None,
    known_at: Annotated[str | None, typer.Option(help="What was public by this date (reported clock).")] = None,
    recorded_at: Annotated[str | None, typer.Option(help="What this store held at this date (recorded clock).")] = None,
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Export occurrences as JSON Lines (lossless, with actors and corrections), PLOVER JSON Lines or CSV.
    """
    fmt = fmt.value
    writer = WRITERS[fmt]
    try:
        wanted = {occurrence_type(name) for name in types or ()}
    except InvalidInput as e:
        raise fail(e.reason) from None
    with opened(existing(store)) as s:
        if output is not None:
            refuse_overwriting(output, s.settings.store, "--output")
        key = None
        if actor:
            key = s.directory.lookup(actor)
            if key is None:
                raise s.directory.not_found(actor, field="actor")
        selection = Selection(wanted, key, topic, occurred_from, occurred_to, at, known_at, recorded_at)
        try:
            with written_whole(output) if output else nullcontext(sys.stdout.buffer) as f:
                written = writer(s.app, selection, f)
                f.flush()
        except OSError as e:
            if output is None:
                raise
            if in_place(output):
                raise fail(f"cannot write '{output}': {e.strerror or e}; what it received may be incomplete") from None
            raise fail(f"cannot write '{output}': {e.strerror or e}; nothing was written there") from None
    if output:
        out.print(f"exported {written.occurrences} occurrences to {output}", highlight=False)
    if written.left_out:
        kinds = ", ".join(f"{name} {n}" for name, n in sorted(written.left_out.items()))
        err.print(f"left out {written.left_out.total()} occurrences the {fmt} format has no place for: {kinds}",
                  highlight=False)
