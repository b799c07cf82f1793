"""`geoevents append`: store JSON Lines events from a file or stdin, each batch whole or not at all."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import orjson
import typer

from cli.context import (StoreOption, fail, format_option, opened, out, print_json, readable_input, refuse_overwriting,
                         stopped_by_signals)
from store.files import written_whole
from store.jsonl import read_lines

EXAMPLE = "geoevents append examples/seed.jsonl"


def append(
    file: Annotated[str, typer.Argument(help="JSON Lines file to append, or - for stdin.")],
    store: StoreOption = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Store every N lines as one atomic batch (default: the whole file).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate everything, store nothing.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Store the valid lines; write rejected ones to --rejects.")] = False,
    rejects: Annotated[Path, typer.Option(help="Where --skip-invalid writes rejected lines with their reasons.")] = Path("rejected.jsonl"),
    output: format_option("table", "json") = "table",  # type: ignore[valid-type]
) -> None:
    """Append JSON Lines events; each file (or --batch-size batch) is stored whole or not at all.
    """
    if skip_invalid:
        refuse_overwriting(rejects, store, "--rejects", *([Path(file)] if file != "-" else []))
    if file == "-":
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise fail("standard input is closed: give a file, or pipe the lines in")
        source = sys.stdin.buffer
    else:
        source = readable_input(Path(file)).open("rb")
    with ExitStack() as report:
        try:  # opened before anything is stored: rejected lines must have somewhere to go
            report_file = report.enter_context(written_whole(rejects)) if skip_invalid else None
        except OSError as e:
            raise fail(f"cannot write --rejects '{rejects}': {e.strerror}; nothing was stored") from None
        with opened(store) as s, source, stopped_by_signals():
            result = s.appender.append(read_lines(source), batch_size=batch_size, dry_run=dry_run,
                                       skip_invalid=skip_invalid)
        try:
            for r in result.rejected if report_file is not None else ():
                report_file.write(orjson.dumps({"line": r.line, "field": r.field, "reason": r.reason,
                                                "text": r.text.decode("utf-8", "replace")}) + b"\n")
        except OSError as e:  # a pipe whose reader went away: what was stored stays stored
            raise fail(f"cannot write --rejects '{rejects}': {e.strerror or e}; {result.appended} lines were stored, "
                       f"{len(result.rejected)} rejected") from None
    summary = {"lines": result.lines, "appended": result.appended, "duplicates": result.duplicates,
               "rejected": len(result.rejected), "dry_run": dry_run}
    if output == "json":
        print_json(summary)
    else:
        verb = "would append" if dry_run else "appended"
        out.print(f"{verb} {result.appended}, duplicates {result.duplicates}, rejected {len(result.rejected)}"
                  f" of {result.lines} lines" + (f" (rejects in {rejects})" if result.rejected else ""))
