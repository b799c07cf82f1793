"""The `geoevents` command: sub-apps per noun, each command a thin call into the library."""

from __future__ import annotations

import typer

from cli import projections as projections_cli, queries, replay as replay_cli
from cli.append import append
from cli.interchange import EXPORT_EXAMPLE, IMPORT_EXAMPLE, export, import_
from cli.serve import serve
from cli.tokens import app as tokens_app

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
for part in (queries, replay_cli, projections_cli):
    part.register(app)
app.command(epilog="Example: geoevents serve --port 8000")(serve)
app.add_typer(tokens_app, name="tokens")


def main() -> None:
    """Run the CLI."""
    app()
