"""HEAD answered as GET without its body, as RFC 9110 (9.3.2) asks of every GET resource (monitoring probes
use it); the live stream is left out, since its GET never ends."""

from __future__ import annotations

from typing import Any

Scope = dict[str, Any]
Call = Any

STREAM_PATH = "/events/stream"


class HeadAsGet:
    """An ASGI middleware that runs a HEAD request as its GET and sends the GET's status and headers only."""

    def __init__(self, app: Call):
        self.app = app

    async def __call__(self, scope: Scope, receive: Call, send: Call) -> None:
        """Pass every request through; a HEAD one as a GET whose body parts are sent empty."""
        if scope["type"] != "http" or scope["method"] != "HEAD" or scope["path"] == STREAM_PATH:
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
