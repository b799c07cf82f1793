"""`geoevents replay`: every view rebuilt in memory from the event log alone (the oracle)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import FormatOption, StoreOption, existing, opened, out, print_json
from cli.queries import KnownAt, RecordedAt, show
from projections.timeclock import clock_named


def replay(to: Annotated[str | None, typer.Option("--to", help="World time to replay to (on `occurred`); default now.")] = None,
           known_at: KnownAt = None, recorded_at: RecordedAt = None,
           between: Annotated[str | None, typer.Option("--between", help="Contacts: one side (with --and); without both, every contact, without previous and gap.")] = None,
           and_: Annotated[str | None, typer.Option("--and", help="Contacts: the other side.")] = None,
           output: FormatOption = "table", store: StoreOption = None) -> None:
    """Fold the whole log in memory, filtered by the clocks, and print every view (no view tables used)."""
    from projections.replay import replay as fold

    with opened(existing(store)) as s:
        with clock_named("to", was="at"):
            views = fold(s, at=to, known_at=known_at, recorded_at=recorded_at, between=between, and_=and_)
    if output == "json":
        print_json(views)
        return
    show(views, "positions", ["actor", "topic", "stance", "attributed", "speaker", "disputed_by", "occurred"],
         output, "Positions (replayed)")
    contact_columns = ["occurred", "participants", "mode", "previous", "gap_days", "key"] if between else \
        ["occurred", "participants", "mode", "initiated_by", "key"]  # previous and gap need two sides
    show(views, "contacts", contact_columns, output, "Contacts (replayed)")
    show(views, "disputes", ["occurred", "speaker", "subject", "topic", "stance", "quote"], output,
         "Disputes (replayed)")
    show(views, "incidents", ["occurred", "place", "killed", "injured", "claimed_by", "arrests", "key"], output,
         "Incidents (replayed)")
    show(views, "timeline", ["occurred", "type", "actors", "topics", "summary"], output, "Timeline (replayed)")
    out.print(f"{len(views['timeline'])} occurrences visible")


def register(app: typer.Typer) -> None:
    """Add `replay` to the root app."""
    app.command("replay", epilog="Example: geoevents replay --to 2024-04-03 --known-at 2024-03-23")(replay)
