"""Listing what the log holds: occurrences with their corrections, and actors, folded from the log.

This reads the event log directly (no projection), so it is always exact; the read side may later
serve the same questions from a view.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.actors import ACTOR_EVENT_TYPES, Actor
from domain.base import DomainEvent
from domain.catalogue import OCCURRENCE_TYPES, RECORD_VERBS, OccurrenceRecorded
from domain.clocks import bound, normalise_clock, start_of
from domain.errors import InvalidInput
from domain.occurrences import Corrected, Occurrence, Retracted
from projections.facts import about_topic, actors_touched, asked_topic, topics_touched
from store.application import GeoEventsApplication
from store.reading import notifications

OCCURRENCE_TOPICS = tuple(get_topic(c) for c in [*OCCURRENCE_TYPES.values(), Corrected, Retracted])
ACTOR_TOPICS = tuple(get_topic(c) for c in ACTOR_EVENT_TYPES.values())


def occurrence_log(app: GeoEventsApplication) -> Iterator[DomainEvent]:
    """Yield every occurrence event (creations, corrections, retractions) in log order."""
    for n in notifications(app, topics=OCCURRENCE_TOPICS):
        yield app.mapper.to_domain_event(n)


def _streams(events: Iterator[DomainEvent]) -> dict[UUID, list[DomainEvent]]:
    """Group events by stream, keeping the log order of first appearance."""
    streams: dict[UUID, list[DomainEvent]] = {}
    for event in events:
        streams.setdefault(event.originator_id, []).append(event)
    return streams


def all_occurrences(app: GeoEventsApplication) -> list[Occurrence]:
    """Rebuild every occurrence in the log, in the order they were recorded."""
    return [Occurrence.replay(events) for events in _streams(occurrence_log(app)).values()]


def all_actors(app: GeoEventsApplication) -> list[Actor]:
    """Rebuild every registered actor from the log, in the order they were registered."""
    events = (app.mapper.to_domain_event(n) for n in notifications(app, topics=ACTOR_TOPICS))
    return [Actor.replay(stream) for stream in _streams(events).values()]


def occurrence_type(name: str) -> str:
    """Return the catalogue type a user named, by its name in any case or its record verb, or fail listing both."""
    name = RECORD_VERBS.get(name.casefold(), name)
    for known in OCCURRENCE_TYPES:
        if known.casefold() == name.casefold():
            return known
    raise InvalidInput(f"unknown type '{name}'; expected one of: {', '.join(OCCURRENCE_TYPES)}, or a record verb: "
                       f"{', '.join(RECORD_VERBS)}", field="type")


def order_key(occurrence: Occurrence) -> tuple[datetime, datetime, datetime]:
    """Order occurrences by `occurred`, then `reported`, then `recorded` (starts of intervals)."""
    created = occurrence.current()
    reported = start_of(created.reported) if created.reported else occurrence.created.timestamp
    return start_of(created.occurred), reported, occurrence.created.timestamp


@dataclass(frozen=True)
class OccurrenceFilter:
    """Which occurrences a listing keeps: by type, actor key, topic and `occurred` range."""

    type: str | None = None
    actor: str | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None
    include_retracted: bool = False

    def __post_init__(self) -> None:
        """Check the bounds and the topic early so a bad one is reported before any reading."""
        asked_topic(self.topic)
        for name, label in (("since", "from"), ("until", "to")):
            value = getattr(self, name)
            if value is not None:
                try:
                    normalise_clock(value)
                except InvalidInput as e:
                    raise e.relocated(line=None, field=label) from None

    def keeps(self, occurrence: Occurrence) -> bool:
        """Tell whether an occurrence (as corrected) passes every criterion."""
        if occurrence.retraction is not None and not self.include_retracted:
            return False
        current = occurrence.current()
        if self.type and type(current).__name__ != self.type:
            return False
        if not touches(current, self.actor, self.topic):
            return False
        start = start_of(current.occurred)
        if self.since and start < start_of(normalise_clock(self.since)):
            return False
        return not (self.until and start > bound(self.until))


def touched_actors(event: OccurrenceRecorded) -> list[str]:
    """Return the keys of every actor an occurrence names, statement subjects included (as the views do)."""
    return actors_touched(type(event).__name__, event.payload())


def touched_topics(event: OccurrenceRecorded) -> list[str]:
    """Return the topics an occurrence is about, as the views and the timeline count them."""
    return topics_touched(type(event).__name__, event.payload())


def touches(event: OccurrenceRecorded, actor: str | None, topic: str | None) -> bool:
    """Tell whether an occurrence names an actor (statement subjects included) and is about a topic (in any
    case), as the views count them; None stands for any."""
    if actor and actor not in touched_actors(event):
        return False
    return not topic or about_topic(topic, touched_topics(event))


def select(app: GeoEventsApplication, wanted: OccurrenceFilter) -> list[Occurrence]:
    """Return the occurrences a filter keeps, in `occurred` order."""
    return sorted((o for o in all_occurrences(app) if wanted.keeps(o)), key=order_key)


def log_lines(app: GeoEventsApplication, wanted: OccurrenceFilter) -> Iterator[DomainEvent]:
    """Yield the stored events (creation, corrections, retraction) of kept occurrences, in log order.

    Two passes over the log keep memory to one verdict per occurrence: the first judges each
    creation event alone and notes which streams were corrected or retracted (those are judged
    again from their whole stream), the second yields the events of the streams kept.
    """
    kept: set[UUID] = set()
    amended: set[UUID] = set()
    for event in occurrence_log(app):
        if isinstance(event, OccurrenceRecorded):
            if wanted.keeps(Occurrence(event)):
                kept.add(event.originator_id)
        else:
            amended.add(event.originator_id)
    for stream in amended:
        kept.discard(stream)
        if wanted.keeps(Occurrence.replay(app.stream(stream))):
            kept.add(stream)
    return (event for event in occurrence_log(app) if event.originator_id in kept)
