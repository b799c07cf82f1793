"""The store's `recorded` clock, stamped on a batch while it holds the store's write lock.

A batch is checked before it is written, which can take seconds; stamping it when its check began would let
an answer at `--recorded-at R` change after R (the batch, stamped before R, becomes visible later), and
let a batch carry an earlier `recorded` than events another writer committed while it was being checked.
So each recorder, once its transaction holds the write lock and before it inserts, stamps every event of
the batch with one time: now, or the last stored event's `recorded` if the clock reads earlier. `recorded`
therefore never decreases along the log, and no event becomes visible with a `recorded` older than the
moment its writer took the lock.

Every stored state is a JSON object whose first member is the event's `timestamp` (the mapper writes the
envelope's time first), so restamping rewrites that member's value and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from pydantic import TypeAdapter

PREFIX = b'{"timestamp":'
_TIMES = TypeAdapter(datetime)


def recorded_of(state: bytes | None) -> datetime | None:
    """The `recorded` time at the head of a stored state (None for no state or a state without one)."""
    if not state or not state.startswith(PREFIX):
        return None
    end = state.index(b'"', len(PREFIX) + 1) + 1
    return _TIMES.validate_json(state[len(PREFIX):end])


def stamp_after(last_state: bytes | None) -> datetime:
    """The time to stamp a batch with: now, or the last stored event's `recorded` if that is later."""
    now = datetime.now(timezone.utc)
    last = recorded_of(last_state)
    return max(now, last) if last is not None else now


class StampedEvent(NamedTuple):
    """A stored event as stamped: the library's `StoredEvent` fields, in a tuple (half the cost to make, per event
    of every append)."""

    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


def restamp(events: Sequence[StoredEvent], recorded: datetime) -> list[StoredEvent]:
    """The events with their `recorded` time replaced by `recorded` (states without one are left as they are).

    The events of one batch share their old head (`{"timestamp":"..."`), so it is found once and then only
    compared."""
    value = PREFIX + _TIMES.dump_json(recorded)
    stamped: list[Any] = []
    head = b"\0"
    for event in events:
        state = event.state
        if not state.startswith(head):
            if not state.startswith(PREFIX):
                stamped.append(event)
                continue
            head = state[:state.index(b'"', len(PREFIX) + 1) + 1]
        stamped.append(StampedEvent(event.originator_id, event.originator_version, event.topic,
                                    value + state[len(head):]))
    return stamped
