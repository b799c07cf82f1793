"""`geoevents projections rebuild|follow|status`: maintain the materialised views."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from cli.context import StoreOption, err, opened, out

app = typer.Typer(help="Maintain the materialised point-in-time views.", no_args_is_help=True)


@app.command(epilog="Example: geoevents projections rebuild")
def rebuild(store: StoreOption = None) -> None:
    """Drop every view table and rebuild the views from the whole event log."""
    with opened(store) as s:
        started = time.perf_counter()
        applied = s.views.rebuild()
        seconds = time.perf_counter() - started
    rate = applied / seconds if seconds else 0.0
    out.print(f"rebuilt the views from {applied} events in {seconds:.1f}s ({rate:,.0f} events/s)")


@app.command(epilog="Example: geoevents projections follow --interval 2")
def follow(interval: Annotated[float, typer.Option(min=0.05, help="Seconds between polls of the log.")] = 1.0,
           max_polls: Annotated[int | None, typer.Option(help="Stop after this many polls (default: until Ctrl-C).")] = None,
           store: StoreOption = None) -> None:
    """Keep the views current by polling the log (SQLite cannot push notifications); Ctrl-C stops."""
    polls = 0

    def should_stop() -> bool:
        """Count polls; stop after --max-polls when given."""
        nonlocal polls
        polls += 1
        return max_polls is not None and polls > max_polls

    with opened(store) as s:
        try:
            applied = s.views.follow(interval, should_stop, on_page=lambda p: err.print(f"views at {p}"))
        except KeyboardInterrupt:
            applied = 0
        out.print(f"views at position {s.views.position()} ({applied} applied while following)")


@app.command(epilog="Example: geoevents projections status")
def status(store: StoreOption = None) -> None:
    """Show how far the views are behind the event log."""
    with opened(store) as s:
        position = s.views.position()
        latest = s.app.recorder.max_notification_id() or 0
    out.print(f"views at {position} of {latest} ({latest - position} behind)")


def register(root: typer.Typer) -> None:
    """Add the `projections` sub-app to the root app."""
    root.add_typer(app, name="projections")
