"""`geoevents events list|show`: the occurrences the log holds, as a table, JSON or native JSON Lines."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cli.context import (TABLE_ROWS, StoreOption, existing, format_option, opened, out, print_json, print_table,
                         table_cut)
from cli.groups import OneValueGroup
from projections.describe import describe_occurrence, history
from store.jsonl import dumps_line, event_to_line
from projections.occurrence_list import list_occurrences
from store.listing import OccurrenceFilter, log_lines, occurrence_type, touched_actors
from store.reading import find_occurrence
from store.root import Store

app = typer.Typer(cls=OneValueGroup, help="List and show recorded occurrences.", no_args_is_help=True)

def _filter(store: Store, type_: str | None, actor: str | None, topic: str | None, since: str | None,
            until: str | None, include_retracted: bool) -> OccurrenceFilter:
    """Build the listing filter, resolving the type name and the actor reference."""
    kind = occurrence_type(type_) if type_ else None
    key = None
    if actor:
        key = store.directory.lookup(actor)
        if key is None:
            raise store.directory.not_found(actor, field="actor")
    return OccurrenceFilter(kind, key, topic, since, until, include_retracted)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


@app.command("list", epilog="Example: geoevents events list --actor Shoigu --from 2024-01 --format jsonl")
def list_events(
    type_: Annotated[str | None, typer.Option("--type", help="Only this type: a catalogue name (ContactMade) "
                                              "or a record verb (contact).", show_default=False)] = None,
    actor: Annotated[str | None, typer.Option(help="Only occurrences naming this actor.", show_default=False)] = None,
    topic: Annotated[str | None, typer.Option(help="Only occurrences on this topic.", show_default=False)] = None,
    since: Annotated[str | None, typer.Option("--from", help="Occurred on or after this date.", show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--to", help="Occurred on or before this date (inclusive).",
                                              show_default=False)] = None,
    include_retracted: Annotated[bool, typer.Option("--include-retracted", help="Also list retracted records.")] = False,
    store: StoreOption = None,
    output: format_option("table", "json", "jsonl") = "table",  # type: ignore[valid-type]
) -> None:
    """List occurrences in `occurred` order; jsonl prints the stored lines (with id and recorded) in log order."""
    with opened(existing(store)) as s:
        wanted = _filter(s, type_, actor, topic, since, until, include_retracted)
        if output == "jsonl":
            for event in log_lines(s.app, wanted):
                sys.stdout.buffer.write(dumps_line(event_to_line(event)))
            sys.stdout.flush()
            return
        found, more = list_occurrences(s, wanted, 0, TABLE_ROWS) if output == "table" else list_occurrences(s, wanted)
    if output == "json":
        print_json([describe_occurrence(o) for o in found])
        return
    table = Table("occurred", "type")
    table.add_column("actors", overflow="fold")
    table.add_column("summary")
    table.add_column("key or id", overflow="fold")
    for o in found:
        current = o.current()
        text = current.summary or _text(getattr(current, "text", None)) or _text(getattr(current, "title", None))
        table.add_row(*map(Text, (current.occurred, type(current).__name__ + (" (retracted)" if o.retraction else ""),
                                  ", ".join(sorted(touched_actors(current))), text, current.key or str(o.id))))
    print_table(table)
    if more:
        table_cut(len(found), more)
    else:
        out.print(f"{len(found)} occurrence(s)", highlight=False)


@app.command("show", epilog="Example: geoevents events show 2024-04-03-lecornu-shoigu-call")
def show(
    target: Annotated[str, typer.Argument(help="The occurrence: its id or idempotency key.", show_default=False)],
    store: StoreOption = None,
    output: format_option("table", "json") = "table",  # type: ignore[valid-type]
) -> None:
    """Show one occurrence as it now stands, and its history: creation, corrections, retraction."""
    with opened(existing(store)) as s:
        occurrence = find_occurrence(s.app, target)
    data = {**describe_occurrence(occurrence), "history": history(occurrence)}
    if output == "json":
        print_json(data)
        return
    for name, value in data.items():
        if name != "history":
            text = value if isinstance(value, str) else orjson.dumps(value).decode()
            out.print(f"[bold]{name}[/]: {escape(text)}", highlight=False, markup=True)
    out.print("[bold]history[/]:", markup=True)
    for line in data["history"]:
        out.print(f"  {line['recorded']} {line['type']}" + (f": {line['reason']}" if "reason" in line else ""),
                  highlight=False, markup=False)
