"""The `geoevents` command: sub-apps per noun, each command a thin call into the library."""

from __future__ import annotations

import typer

from cli import projections as projections_cli, queries, replay as replay_cli
from cli.actors import app as actors_app
from cli.append import append
from cli.corrections import correct, retract
from cli.events import app as events_app
from cli.interchange import EXPORT_EXAMPLE, IMPORT_EXAMPLE, export, import_
from cli.record import app as record_app

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
app.add_typer(record_app, name="record")
app.add_typer(actors_app, name="actors")
app.add_typer(events_app, name="events")
app.command(epilog="Example: geoevents correct 2024-04-03-crocus-toll-144 --set injured=361 --reason 'typo'")(correct)
app.command(epilog="Example: geoevents retract 2015-2024-attacks-in-france --reason 'duplicate record'")(retract)
app.command("import", epilog=f"Example: {IMPORT_EXAMPLE}")(import_)
app.command("export", epilog=f"Example: {EXPORT_EXAMPLE}")(export)
for part in (queries, replay_cli, projections_cli):
    part.register(app)


def main() -> None:
    """Run the CLI."""
    app()
