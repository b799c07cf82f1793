"""The `geoevents` command: sub-apps per noun, each command a thin call into the library."""

from __future__ import annotations

import typer

from cli.append import append
from cli.interchange import EXPORT_EXAMPLE, IMPORT_EXAMPLE, export, import_

app = typer.Typer(
    name="geoevents",
    help="An event-sourced store of geopolitical events, queryable at any point in time.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """geoevents: record geopolitical events and query them at any point in time."""


app.command(epilog="Example: geoevents append examples/seed.jsonl")(append)
app.command("import", epilog=f"Example: {IMPORT_EXAMPLE}")(import_)
app.command("export", epilog=f"Example: {EXPORT_EXAMPLE}")(export)


def main() -> None:
    """Run the CLI."""
    app()
