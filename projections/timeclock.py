"""Query clocks: the (at, known_at, recorded_at) triple as inclusive integer bounds, and ordering keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime

from domain.clocks import UTC, bound, normalise_clock, start_of, to_micros
from domain.errors import InvalidClock

NEVER = 2**62
"""An upper bound later than any instant (an interval still open)."""
ALWAYS = -(2**62)
"""A lower bound earlier than any instant."""


@lru_cache(maxsize=65536)
def micros(text: str) -> int:
    """Return the start of a stored clock value (partial date or instant) as integer microseconds
    (normalised first: corrections stored before their changes were normalised may hold " 2024-02 ")."""
    return to_micros(start_of(normalise_clock(text)))


@lru_cache(maxsize=4096)
def recorded_micros(timestamp: str) -> int:
    """Return a stored `timestamp` (the recorded clock, ISO text) as integer microseconds."""
    return to_micros(datetime.fromisoformat(timestamp).astimezone(UTC))


@dataclass(frozen=True)
class Clocks:
    """A point in time to answer at: world time, public-knowledge time and store time, inclusive."""

    at: int
    known_at: int
    recorded_at: int

    @classmethod
    def parse(cls, at: str | None = None, known_at: str | None = None,
              recorded_at: str | None = None, now: datetime | None = None) -> "Clocks":
        """Turn query bounds (None means now) into inclusive microsecond bounds."""
        now = now or datetime.now(UTC)
        found = []
        for name, text in (("at", at), ("known_at", known_at), ("recorded_at", recorded_at)):
            with clock_named(name):
                found.append(to_micros(bound(text) if text is not None else now))
        return cls(*found)


@contextmanager
def clock_named(name: str, was: str | None = None) -> Iterator[None]:
    """Refuse an invalid clock value read inside the block naming the option or parameter it came in (only one the
    block named `was`, when given: the block reads other clocks too)."""
    try:
        yield
    except InvalidClock as e:
        if was is not None and e.field != was:
            raise
        raise InvalidClock(e.reason, field=name) from None
