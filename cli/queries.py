"""Point-in-time query commands: positions, contacts, disputes, incidents, timeline."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from cli.context import (TABLE_ROWS, FormatOption, StoreOption, existing, opened, print_json, print_table,
                         table_cut)

At = Annotated[str | None, typer.Option("--at", help="World time (on `occurred`), e.g. 2024-04-03; default now.")]
KnownAt = Annotated[str | None, typer.Option("--known-at", help="Public-knowledge time (on `reported`); default now.")]
RecordedAt = Annotated[str | None, typer.Option("--recorded-at", help="Store time (on `recorded`), for audit; default now.")]
Actor = Annotated[str | None, typer.Option("--actor", help="Actor key, name or alias (its representatives count).")]
Topic = Annotated[str | None, typer.Option("--topic", help="Topic label, e.g. ukraine-dialogue.")]


WHOLE = {"occurred", "reported", "previous", "gap_days", "killed", "injured", "arrests", "mode", "stance", "attributed",
         "disputed", "type", "count"}
"""Table columns whose values are short and read only whole (dates, figures, vocabulary words)."""


def show(data: dict[str, Any], rows_key: str, columns: list[str], output: str, title: str) -> None:
    """Print a query result as JSON or as a Rich table of selected columns."""
    if output == "json":
        print_json(data)
        return
    table = Table(title=title)
    for column in columns:  # a date or a figure kept whole, longer text folded onto more lines, never cut with "…"
        table.add_column(column, no_wrap=column in WHOLE, overflow="fold")
    rows = data[rows_key]
    for row in rows[:TABLE_ROWS]:
        table.add_row(*(Text(cell(row.get(c))) for c in columns))
    print_table(table)
    table_cut(min(len(rows), TABLE_ROWS), len(rows) > TABLE_ROWS, len(rows))


def cell(value: Any) -> str:
    """Render one value for a table cell."""
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict) and "publisher" in value:  # a source: its publisher and date
        return " ".join(str(value[k]) for k in ("publisher", "published") if value.get(k))
    return str(value)


def positions(actor: Actor = None, topic: Topic = None, at: At = None, known_at: KnownAt = None,
              recorded_at: RecordedAt = None, output: FormatOption = "table", store: StoreOption = None) -> None:
    """Latest stated and attributed stance per (actor, topic), and who disputes it."""
    from projections.positions import positions as query

    with opened(existing(store)) as s:
        data = query(s, actor=actor, topic=topic, at=at, known_at=known_at, recorded_at=recorded_at)
    show(data, "positions", ["actor", "topic", "stance", "attributed", "speaker", "disputed_by", "occurred", "quote",
                                      "sources"],
         output, "Positions")


def contacts(between: Annotated[str, typer.Option("--between", help="One side: person, state or group.")],
             and_: Annotated[str, typer.Option("--and", help="The other side: person, state or group.")],
             since: Annotated[str | None, typer.Option(help="Only contacts from this date (inclusive).")] = None,
             until: Annotated[str | None, typer.Option(help="Only contacts up to this date (inclusive).")] = None,
             rank: Annotated[str | None, typer.Option(help="Minimum rank on both sides, e.g. minister.")] = None,
             portfolio: Annotated[str | None, typer.Option(help="Portfolio on both sides, e.g. defence.")] = None,
             mode: Annotated[str | None, typer.Option(help="Contact mode, e.g. phone.")] = None,
             at: At = None, known_at: KnownAt = None, recorded_at: RecordedAt = None,
             output: FormatOption = "table", store: StoreOption = None) -> None:
    """Contacts between two sides, each with the previous contact between them and the gap in days."""
    from projections.contacts import contacts as query

    with opened(existing(store)) as s:
        data = query(s, between=between, and_=and_, since=since, until=until, rank=rank, portfolio=portfolio,
                     mode=mode, at=at, known_at=known_at, recorded_at=recorded_at)
    show(data, "contacts", ["occurred", "participants", "mode", "initiated_by", "previous", "gap_days", "key"],
         output, f"Contacts ({data['count']})")


def disputes(topic: Topic = None, at: At = None, known_at: KnownAt = None, recorded_at: RecordedAt = None,
             output: FormatOption = "table", store: StoreOption = None) -> None:
    """Claims and accusations that were denied, with their denials."""
    from projections.disputes import disputes as query

    with opened(existing(store)) as s:
        data = query(s, topic=topic, at=at, known_at=known_at, recorded_at=recorded_at)
    rows = [{**row, "denied_by": [d["denier"] for d in row["denials"]]} for row in data["disputes"]]
    show(data if output == "json" else {"disputes": rows}, "disputes",
         ["occurred", "speaker", "subject", "topic", "stance", "quote", "denied_by"], output, "Disputes")


def incidents(key: Annotated[str | None, typer.Option(help="One attack, by key or id.")] = None,
              at: At = None, known_at: KnownAt = None, recorded_at: RecordedAt = None,
              output: FormatOption = "table", store: StoreOption = None) -> None:
    """Attacks with the latest casualty figures known, claims of responsibility and arrests."""
    from projections.incidents import incidents as query

    with opened(existing(store)) as s:
        data = query(s, key=key, at=at, known_at=known_at, recorded_at=recorded_at)
    show(data, "incidents", ["occurred", "place", "killed", "injured", "claimed_by", "arrests", "key"], output,
         "Incidents")


def timeline(actor: Actor = None, topic: Topic = None, at: At = None, known_at: KnownAt = None,
             recorded_at: RecordedAt = None, output: FormatOption = "table", store: StoreOption = None) -> None:
    """Occurrences touching an actor (or its representatives) and/or a topic, in occurred order."""
    from projections.timeline import timeline as query

    with opened(existing(store)) as s:
        data = query(s, actor=actor, topic=topic, at=at, known_at=known_at, recorded_at=recorded_at)
    show(data, "timeline", ["occurred", "type", "actors", "topics", "summary"], output, "Timeline")


COMMANDS = {
    "positions": (positions, "geoevents positions --actor Russia --topic ukraine-dialogue --format json"),
    "contacts": (contacts, "geoevents contacts --between France --and Russia --since 2022-02-24 --rank minister"),
    "disputes": (disputes, "geoevents disputes --topic ukraine-dialogue"),
    "incidents": (incidents, "geoevents incidents --key 2024-03-22-crocus-city-hall-attack --known-at 2024-03-23"),
    "timeline": (timeline, "geoevents timeline --actor France --at 2024-04-03"),
}


def register(app: typer.Typer) -> None:
    """Add the query commands to the root app, each with its example."""
    for name, (command, example) in COMMANDS.items():
        app.command(name, epilog=f"Example: {example}")(command)
