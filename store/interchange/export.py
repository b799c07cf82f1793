"""Selecting what to export from the log: filters, the three clocks, corrections and retractions.

Clock rule (only for the clocks a caller gives): an occurrence is visible iff
start_of(occurred) <= at, its effective reported (reported, else recorded) <= known_at, and
recorded <= recorded_at; a correction or retraction applies iff it was recorded by recorded_at and
its effective reported is <= known_at. Without clock flags everything recorded is exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.actors import ACTOR_EVENT_TYPES, ActorRegistered
from domain.base import DomainEvent
from domain.catalogue import OCCURRENCE_TYPES, OccurrenceRecorded
from domain.clocks import bound, normalise_clock, public_from, start_of
from domain.errors import InvalidInput
from domain.occurrences import Corrected, Occurrence, Retracted
from projections.facts import asked_topic
from projections.timeclock import clock_named
from store.application import GeoEventsApplication
from store.listing import touches
from store.lookups import whole_streams
from store.reading import notifications

OCCURRENCE_TOPICS = tuple(get_topic(cls) for cls in OCCURRENCE_TYPES.values())
ACTOR_TOPICS = tuple(get_topic(cls) for cls in ACTOR_EVENT_TYPES.values())
CORRECTION_TOPICS = (get_topic(Corrected), get_topic(Retracted))


@dataclass
class Selection:
    """Which occurrences to export: types, an actor key, a topic, an occurred range and clocks."""

    types: set[str] = field(default_factory=set)
    actor: str | None = None
    topic: str | None = None
    occurred_from: str | None = None
    occurred_to: str | None = None
    at: str | None = None
    known_at: str | None = None
    recorded_at: str | None = None

    def __post_init__(self) -> None:
        asked_topic(self.topic)
        with clock_named("from"):
            self._from = start_of(normalise_clock(self.occurred_from)) if self.occurred_from is not None else None
        self._bounds: dict[str, datetime | None] = {}
        for name, option in (("occurred_to", "to"), ("at", "at"), ("known_at", "known_at"),
                             ("recorded_at", "recorded_at")):
            with clock_named(option):
                self._bounds[name] = bound(getattr(self, name)) if getattr(self, name) is not None else None

    def filters(self) -> bool:
        """Tell whether the selection may leave occurrences out (any filter or clock given)."""
        return bool(self.types or self.actor or self.topic or self.occurred_from is not None
                    or any(value is not None for value in self._bounds.values()))

    def recorded_by(self, event: DomainEvent) -> bool:
        """Tell whether an event was recorded by `recorded_at` (always, without that clock)."""
        limit = self._bounds["recorded_at"]
        return limit is None or event.timestamp <= limit

    def public_by(self, reported: str | None, recorded: datetime) -> bool:
        """Tell whether something was public by `known_at` (reported, else recorded)."""
        limit = self._bounds["known_at"]
        return limit is None or public_from(reported, recorded) <= limit

    def cuts_corrections(self) -> bool:
        """Tell whether the clocks may leave corrections out (`known_at` or `recorded_at` given)."""
        return self._bounds["known_at"] is not None or self._bounds["recorded_at"] is not None

    def applies(self, later: DomainEvent) -> bool:
        """Tell whether a correction or retraction applies under the clocks: recorded and public by then."""
        return self.recorded_by(later) and self.public_by(later.reported, later.timestamp)  # type: ignore[attr-defined]

    def matches(self, current: OccurrenceRecorded, recorded: datetime) -> bool:
        """Tell whether an occurrence (as corrected) passes every filter and clock."""
        if self.types and type(current).__name__ not in self.types:
            return False
        if not touches(current, self.actor, self.topic):
            return False
        occurred = start_of(current.occurred)
        if self._from and occurred < self._from:
            return False
        for name in ("occurred_to", "at"):
            limit = self._bounds[name]
            if limit is not None and occurred > limit:
                return False
        return self.public_by(current.reported, recorded)


def as_selected(app: GeoEventsApplication, correction: Corrected, selection: Selection) -> Corrected | None:
    """A correction as the selection's clocks see its record: a dotted path into a part that only a correction
    the clocks leave out made (`provenance.row.X` where that correction added `provenance`) changes nothing
    there, and appending it to a store holding only what was selected would be refused, so it is left out, and
    with it a correction left with no change (None)."""
    if not selection.cuts_corrections() or not any("." in name for name in correction.changes):
        return correction
    stream = whole_streams(app, [correction.originator_id])[correction.originator_id]
    earlier = [e for e in stream[1:] if isinstance(e, Corrected) and selection.applies(e)
               and e.originator_version < correction.originator_version]  # type: ignore[attr-defined]
    record = Occurrence.replay([stream[0], *earlier])  # type: ignore[list-item]
    kept = {}
    for name, value in correction.changes.items():
        try:
            record.expanded({name: value})
        except InvalidInput:
            continue  # the part it corrects is not in the record at these clocks
        kept[name] = value
    if len(kept) == len(correction.changes):
        return correction
    return correction.model_copy(update={"changes": kept}) if kept else None


@dataclass
class Exported:
    """One selected occurrence: its creation event, the corrections that apply, and its current state."""

    created: OccurrenceRecorded
    later: list[DomainEvent]
    current: OccurrenceRecorded
    retracted: bool


def _later_events(app: GeoEventsApplication, selection: Selection) -> dict[UUID, list[DomainEvent]]:
    """Corrections and retractions that apply under the selection's clocks, by target stream."""
    found: dict[UUID, list[DomainEvent]] = {}
    for n in notifications(app, topics=CORRECTION_TOPICS):
        event = app.mapper.to_domain_event(n)
        if selection.applies(event):
            found.setdefault(event.originator_id, []).append(event)
    return found


def _exported(event: OccurrenceRecorded, later: dict[UUID, list[DomainEvent]],
              selection: Selection) -> Exported | None:
    """The export of one occurrence's creation event with the corrections that apply, or None if not selected."""
    corrections = later.get(event.originator_id, [])
    current = Occurrence.replay([event, *corrections]).current() if corrections else event
    if not selection.matches(current, event.timestamp):
        return None
    return Exported(event, corrections, current, any(isinstance(c, Retracted) for c in corrections))


def selected(app: GeoEventsApplication, selection: Selection,
             later: dict[UUID, list[DomainEvent]] | None = None) -> Iterator[Exported]:
    """Yield, in log order, the selected occurrences — streaming (`later`: the corrections that apply, when
    already read)."""
    later = _later_events(app, selection) if later is None else later
    for n in notifications(app, topics=OCCURRENCE_TOPICS):
        event = app.mapper.to_domain_event(n)
        if selection.recorded_by(event):
            item = _exported(event, later, selection)
            if item is not None:
                yield item


def in_log_order(app: GeoEventsApplication, selection: Selection) -> Iterator[tuple[DomainEvent, bool]]:
    """Yield, in log order, every actor event, and each selected occurrence's creation event and the
    corrections and retraction that apply to it, each at its own place in the log (a correction may name an
    actor or an occurrence recorded after the occurrence it corrects); the flag marks selected creation events.

    A filtered selection also yields the occurrences its own occurrences refer to (what a denial denies, the
    attack a toll or a warning is about), and those they refer to, unflagged: without them the file could
    not be appended to an empty store. An unfiltered one selects every such occurrence already.
    """
    later = _later_events(app, selection)
    needed = _with_references(app, _selected_ids(app, selection, later), later) if selection.filters() else None
    for n in notifications(app, topics=ACTOR_TOPICS + OCCURRENCE_TOPICS + CORRECTION_TOPICS):
        event = app.mapper.to_domain_event(n)
        if not selection.recorded_by(event):
            continue
        if isinstance(event, OccurrenceRecorded):
            if needed is None:  # nothing filters: every occurrence recorded is selected
                yield event, True
            elif event.originator_id in needed:
                yield event, needed[event.originator_id]
        elif isinstance(event, (Corrected, Retracted)):
            if (needed is None or event.originator_id in needed) and selection.applies(event):
                yield event, False
        else:
            yield event, False


def _selected_ids(app: GeoEventsApplication, selection: Selection,
                  later: dict[UUID, list[DomainEvent]]) -> dict[UUID, list[str]]:
    """The selected occurrences, each with the occurrences its record refers to (as created and as corrected)."""
    return {item.created.originator_id: _references(item.created, item.later)
            for item in selected(app, selection, later)}


def _references(created: OccurrenceRecorded, corrections: list[DomainEvent]) -> list[str]:
    """The occurrence ids an occurrence's creation event and its corrections name."""
    names = type(created).occurrence_fields
    found = [getattr(created, name) for name in names if getattr(created, name, None)]
    found += [c.changes[name] for c in corrections if isinstance(c, Corrected) for name in names
              if c.changes.get(name)]
    return found


def _with_references(app: GeoEventsApplication, selected: dict[UUID, list[str]],
                     later: dict[UUID, list[DomainEvent]]) -> dict[UUID, bool]:
    """Every occurrence to write: the selected (True) and, transitively, those they refer to (False)."""
    needed = dict.fromkeys(selected, True)
    waiting = [ref for refs in selected.values() for ref in refs]
    while waiting:
        stream = UUID(str(waiting.pop()))
        if stream in needed:
            continue
        created = app.first_event(stream)
        if isinstance(created, OccurrenceRecorded):
            needed[stream] = False
            waiting.extend(_references(created, later.get(stream, [])))
    return needed


def actor_names(app: GeoEventsApplication) -> dict[str, ActorRegistered]:
    """Every registered actor by key (for names and Wikidata ids in row formats)."""
    registry: dict[str, ActorRegistered] = {}
    for n in notifications(app, topics=(get_topic(ActorRegistered),)):
        event = app.mapper.to_domain_event(n)
        registry[event.key] = event
    return registry
