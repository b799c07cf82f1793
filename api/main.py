"""The application factory: a FastAPI app over the store that `open_store` builds from settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from threading import Event, Lock

from fastapi import Depends, FastAPI

from api import problems
from api.deps import strict_query
from api.head import HeadAsGet
from api.routes import actors, contacts, disputes, events, health, incidents, log, positions, stream, timeline
from api.routes.stream import StreamSlots
from api.settings import ApiSettings
from api.tokens import TokenRegistry
from store.root import open_store

DESCRIPTION = """Query the geoevents store at any point in time, append events, and follow the log live.

Every route except `/health`, `/openapi.json` and the pages that show it (`/docs`, `/redoc`) needs
`Authorization: Bearer <token>` (scope `read` for GET, `append` for POST /events) unless
GEOEVENTS_ANONYMOUS_READS=1 opens reads to everyone.
Errors are `application/problem+json` (RFC 9457)."""


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """Build the HTTP service; the store opens when the app starts and closes when it stops."""
    settings = settings or ApiSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Open the store (and its token table) for the app's lifetime; close it only once no append is running
        (one cut off by the shutdown's timeout goes on in its thread, and closing under it crashed the process)."""
        store = open_store(settings)
        app.state.store = store
        app.state.tokens = TokenRegistry(store)
        try:
            yield
        finally:
            await asyncio.to_thread(app.state.append_lock.acquire)
            try:
                store.close()
            finally:
                app.state.append_lock.release()

    app = FastAPI(title="geoevents", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  dependencies=[Depends(strict_query)])
    app.state.settings = settings
    app.state.stream_slots = StreamSlots(settings.max_streams)
    app.state.append_lock = Lock()
    app.state.stopping = Event()
    """Set when the server is signalled to stop: open streams end (`api.server`)."""
    problems.install(app)
    app.add_middleware(HeadAsGet)
    app.include_router(health.router)
    app.include_router(stream.router)
    app.include_router(log.router)
    app.include_router(events.router)
    app.include_router(actors.router)
    for view in (positions, contacts, disputes, incidents, timeline):
        app.include_router(view.router)
    return app
