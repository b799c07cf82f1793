"""Reading the log back: events in notification order, and one occurrence by id or key."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.base import DomainEvent
from domain.errors import OccurrenceNotFound
from domain.identity import SHORTEST_UUID, occurrence_id_for_key
from domain.occurrences import Occurrence
from store.application import GeoEventsApplication

PAGE = 2000


def notifications(app: GeoEventsApplication, start: int = 1, stop: int | None = None,
                  topics: tuple[str, ...] = ()) -> Iterator[Notification]:
    """Yield stored notifications from `start` (inclusive) in order, page by page."""
    while True:
        page = app.recorder.select_notifications(start, PAGE, stop=stop, topics=topics)
        yield from page
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def events(app: GeoEventsApplication, start: int = 1) -> Iterator[tuple[int, DomainEvent]]:
    """Yield (notification id, decoded event) for the whole log from `start`."""
    for n in notifications(app, start):
        yield n.id, app.mapper.to_domain_event(n)


def stream_id(ref: str) -> UUID:
    """Turn an occurrence id or idempotency key into its stream id (most references are keys, and most keys are
    shorter than any id)."""
    if len(ref) < SHORTEST_UUID:
        return occurrence_id_for_key(ref)
    try:
        return UUID(ref)
    except ValueError:
        return occurrence_id_for_key(ref)


def find_occurrence(app: GeoEventsApplication, ref: str, field: str = "target") -> Occurrence:
    """Load an occurrence by id or key, or fail naming the reference (given as `field`)."""
    occurrence = app.load_occurrence(stream_id(ref))
    if occurrence is None:
        raise OccurrenceNotFound(f"no occurrence with id or key '{ref}'", field=field)
    return occurrence
