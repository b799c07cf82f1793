"""Settings of the HTTP service: the store's settings plus limits and access rules (GEOEVENTS_*)."""

from __future__ import annotations

from store.settings import Settings


class ApiSettings(Settings):
    """How the HTTP service behaves, read from GEOEVENTS_* variables like the store's settings."""

    max_body_bytes: int = 16 * 1024 * 1024
    """Largest POST /events body accepted; larger bodies are answered 413."""

    max_body_lines: int = 100_000
    """Most lines a POST /events body may hold (a batch is held whole in memory, some 200 bytes a line before its
    events; 16 MiB of real events is some 40,000 lines); more are answered 413."""

    anonymous_reads: bool = False
    """Let clients without a token use the read endpoints (GEOEVENTS_ANONYMOUS_READS=1)."""

    page_size: int = 100
    """Items per page when a list request does not say `limit`."""

    max_page_size: int = 1000
    """Largest `limit` a list request may ask for."""

    stream_poll_seconds: float = 0.2
    """How often an SSE stream polls the log for new events (SQLite cannot push)."""

    stream_batch: int = 500
    """Most events an SSE stream reads from the log per poll."""

    stream_keepalive_seconds: float = 15.0
    """Idle time after which an SSE stream sends a comment line so proxies keep it open."""

    max_streams: int = 100
    """Most SSE streams served at once; further clients get 503 and should retry later."""

    shutdown_grace_seconds: float = 120.0
    """Once `geoevents serve` is signalled to stop, how long requests in flight (a large POST /events) may take to
    finish before they are cut off; open streams end at once (`api.server`)."""
