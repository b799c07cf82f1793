"""`geoevents projections rebuild|follow|status`: maintain the materialised views."""

from __future__ import annotations

import signal
import threading
import time
from typing import Annotated

import typer

from cli.context import StoreOption, err, opened, out
from cli.groups import OneValueGroup
from domain.errors import StoreUnavailable
from store.faults import reason
from store.wakeups import Wakeups, follow as follow_log

app = typer.Typer(cls=OneValueGroup, help="Maintain the materialised point-in-time views.", no_args_is_help=True)


@app.command(epilog="Example: geoevents projections rebuild")
def rebuild(store: StoreOption = None) -> None:
    """Drop every view table and rebuild the views from the whole event log."""
    with opened(store) as s:
        started = time.perf_counter()
        applied = s.views.rebuild()
        seconds = time.perf_counter() - started
        through = s.views.position()
    rate = applied / seconds if seconds else 0.0
    out.print(f"rebuilt the views in {seconds:.1f}s: they hold the log up to position {through:,}; this process "
              f"applied {applied:,} events ({rate:,.0f} events/s), a follower or a writer may have applied others",
              highlight=False)


@app.command(epilog="Example: geoevents projections follow --interval 2")
def follow(interval: Annotated[float, typer.Option(min=0.05, help="Seconds between polls of the log (SQLite; PostgreSQL is woken by NOTIFY).")] = 1.0,
           max_polls: Annotated[int | None, typer.Option(help="Stop after this many catch-ups (default: until Ctrl-C).")] = None,
           store: StoreOption = None) -> None:
    """Keep the views current: woken by LISTEN/NOTIFY on PostgreSQL, polling on SQLite; Ctrl-C or SIGTERM stops.

    It resumes from the views' tracking position after a restart or a dropped connection.
    """
    stop = threading.Event()
    with opened(store, patient=True) as s:
        wakeups = Wakeups(s.app, poll_seconds=interval)
        counted = {"polls": 0, "applied": 0}
        failing: list[Exception] = []
        """The error of the last catch-up, if it failed (the follower retries it with back-off)."""

        def catch_up() -> int:
            """One catch-up from the tracking position; stop after --max-polls (failed ones count) when given."""
            counted["polls"] += 1
            try:
                done = s.views.catch_up(on_page=lambda p: err.print(f"views at {p}"), should_stop=stop.is_set)
            except Exception as e:
                failing[:] = [e]
                raise
            finally:
                if max_polls is not None and counted["polls"] >= max_polls:
                    stop.set()
            failing.clear()
            counted["applied"] += done
            return done

        stop_on_signals(stop)  # once the store is open: opening it stays interruptible as usual
        err.print(f"following the log ({'LISTEN/NOTIFY' if wakeups.listens else f'polling every {interval}s'}) "
                  f"from position {s.views.position()}")
        follow_log(catch_up, wakeups, stop)
        if failing:  # stopped while the views could not be brought up to date
            raise StoreUnavailable(f"the views could not follow the log: {reason(failing[0])}")
        out.print(f"views at position {s.views.position()} ({counted['applied']} applied while following)")


def stop_on_signals(stop: threading.Event) -> None:
    """Make SIGINT (Ctrl-C, also when the process was started with it ignored, as a shell starts a background
    job) and SIGTERM (a service manager's stop) set `stop`: the follower ends after the page it is writing,
    within half a second when idle, instead of being interrupted at an arbitrary point."""
    def handle(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)


@app.command(epilog="Example: geoevents projections status")
def status(store: StoreOption = None) -> None:
    """Show how far the views are behind the event log, in log positions (on PostgreSQL a rolled-back write leaves
    positions unused, so fewer events than that may be waiting)."""
    with opened(store) as s:
        position = s.views.position()
        latest = s.app.recorder.max_notification_id() or 0
    out.print(f"views at {position} of {latest} ({latest - position} positions behind)")


def register(root: typer.Typer) -> None:
    """Add the `projections` sub-app to the root app."""
    root.add_typer(app, name="projections")
