"""The public event log as the HTTP service shows it: JSON Lines objects in notification order."""

from __future__ import annotations

from typing import Any, Literal

from eventsourcing.utils import get_topic

from domain.actors import ACTOR_EVENT_TYPES
from domain.catalogue import OCCURRENCE_TYPES
from domain.errors import InvalidInput
from store.application import GeoEventsApplication
from store.batch import CORRECTION_TYPES
from store.jsonl import portable_line

PUBLIC_TYPES: dict[str, type] = {**OCCURRENCE_TYPES, **ACTOR_EVENT_TYPES, **CORRECTION_TYPES}
"""Every event type a client may send or receive; name-index records stay internal."""

EventType = Literal.__getitem__(tuple(sorted(PUBLIC_TYPES)))  # type: ignore[attr-defined]
"""The names of the public event types, for query parameters."""

def topics_for(types: list[str] | None) -> list[str]:
    """Return the stored topics of the named event types (all public ones when none are named)."""
    names = types or sorted(PUBLIC_TYPES)
    unknown = [n for n in names if n not in PUBLIC_TYPES]
    if unknown:
        raise InvalidInput(f"unknown type '{unknown[0]}'; expected one of: {', '.join(sorted(PUBLIC_TYPES))}",
                           field="type")
    return [get_topic(PUBLIC_TYPES[n]) for n in names]


def read_page(app: GeoEventsApplication, after: int, limit: int, topics: list[str]
              ) -> tuple[list[tuple[int, dict[str, Any]]], int | None]:
    """Return up to `limit` (notification id, line) pairs after `after`, and where the next page starts; each line
    as `geoevents export` writes it (`portable_line`), so a copy kept from the log answers every clock alike."""
    page = app.recorder.select_notifications(after + 1, limit, topics=topics)
    items = [(n.id, portable_line(app.mapper.to_domain_event(n))) for n in page]
    more = len(page) == limit
    return items, (page[-1].id if more else None)


def last_position(app: GeoEventsApplication) -> int:
    """Return the id of the newest notification in the log (0 when the log is empty)."""
    return app.recorder.max_notification_id() or 0


def within_log(app: GeoEventsApplication, position: int, field: str) -> int:
    """Return a position a client resumes after, refused when it lies past the end of the log: an id from another
    store, or from this one before a restore, would otherwise skip every event up to it without a word."""
    last = last_position(app)
    if position > last:
        raise InvalidInput(f"position {position} is past the end of this store's log ({last}): not an id of an "
                           "event this store sent (another store's, or from before a restore)", field=field)
    return position
