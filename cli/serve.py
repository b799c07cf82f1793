"""`geoevents serve`: run the HTTP service with uvicorn over the store the settings name."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import StoreOption, existing, opened


def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (queries, POST /events, the SSE stream) on one uvicorn worker."""
    import uvicorn

    from api.main import create_app
    from api.server import GracefulServer
    from api.settings import ApiSettings

    settings = ApiSettings(store=store) if store else ApiSettings()
    with opened(existing(settings.store)):  # an unusable store, or an SQLite path with no store (a typo would serve
        pass                                # an empty one), is one line and exit 1 here, not uvicorn's traceback
    app = create_app(settings)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=settings.shutdown_grace_seconds)
    GracefulServer(config, app.state.stopping).run()
