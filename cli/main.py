"""The `geoevents` command: sub-apps per noun, each command a thin call into the library."""

from __future__ import annotations

import os
import sys

import typer

from cli import integrity
from cli import projections as projections_cli, queries, replay as replay_cli
from cli.actors import app as actors_app
from cli.append import append
from cli.context import err
from cli.corrections import correct, retract
from cli.events import app as events_app
from cli.groups import OneValueGroup
from cli.interchange import EXPORT_EXAMPLE, IMPORT_EXAMPLE, export, import_
from cli.record import app as record_app
from cli.serve import serve
from cli.tokens import app as tokens_app

app = typer.Typer(
    cls=OneValueGroup,
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
for part in (queries, replay_cli, projections_cli, integrity):
    part.register(app)
app.command(epilog="Example: geoevents serve --port 8000")(serve)
app.add_typer(tokens_app, name="tokens")


PATH_OPTIONS = ("--store", "--rejects", "--output", "--checkpoint")
"""Options whose value is a file path, which may be any bytes the file system takes."""


def _names_a_path(before: str, argument: str) -> bool:
    """Tell whether an argument is a file path: the value of a path option, or a path that exists (a file to read)."""
    option = argument.split("=", 1)[0] if argument.startswith("--") else before
    return option in PATH_OPTIONS or os.path.lexists(argument)


def main() -> None:
    """Run the CLI, once every argument is text (bytes that are not UTF-8 would reach the store as surrogates)."""
    for position, argument in enumerate(sys.argv[1:], start=1):
        if _names_a_path(sys.argv[position - 1] if position > 1 else "", argument):
            continue  # a file name is bytes to the system, not text to the store
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError as e:
            raw = argument.encode("utf-8", "surrogateescape")
            named = argument if argument.startswith("--") and "=" in argument else \
                sys.argv[position - 1] if position > 1 else ""
            option = f" (the value of {named.split('=')[0]})" if named.startswith("--") else ""
            err.print(f"error: argument {position}{option} is not valid UTF-8 at byte {e.start + 1}: {raw!r}; "
                      "give text in UTF-8", highlight=False)
            raise SystemExit(2) from None
    app()


if __name__ == "__main__":  # `python -m cli.main ...`, as the installed `geoevents` command
    main()
