"""The uvicorn server of `geoevents serve`: stopped by a signal, it ends its open streams at once and lets the
requests in flight finish, so a POST /events being stored answers what it stored.

Uvicorn, once signalled, waits for every connection to close, up to a graceful timeout, then cancels what is
still running. An SSE stream never closes by itself, so with streams open every shutdown would wait the whole
timeout, and a short timeout instead cut off an append that then committed behind a 500. Here the signal
first sets the app's `stopping` event, which the streams watch, and the timeout is long enough for a large
append (`ApiSettings.shutdown_grace_seconds`; a second SIGINT stops at once). An append cut off even so goes on
in its thread, and the app closes the store only once it is done (`api.main`).
"""

from __future__ import annotations

import threading
from types import FrameType

import uvicorn

class GracefulServer(uvicorn.Server):
    """A uvicorn server that sets `stopping` as soon as it is signalled to exit."""

    def __init__(self, config: uvicorn.Config, stopping: threading.Event):
        super().__init__(config)
        self.stopping = stopping

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Tell the open streams to end, then begin uvicorn's graceful shutdown."""
        self.stopping.set()
        super().handle_exit(sig, frame)
