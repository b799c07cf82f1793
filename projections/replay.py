"""The replay oracle: fold the event log in memory from nothing, filtered by the clocks, and answer
every view with the same assembly as the materialised queries (`geoevents replay`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from domain.actors import Actor, ActorRegistered
from domain.errors import InvalidInput
from projections import facts as say
from projections.actorfacts import folded_registry
from projections.contacts import contact_fields, contacts_from
from projections.decode import ACTOR, CORRECTION, OCCURRENCE, decode_state, split_topic
from projections.disputes import disputes_from
from projections.facts import Seen
from projections.incidents import incidents_from
from projections.positions import positions_from
from projections.source import DenialFact, LinkFact, StanceFact, resolve_actor, stance_order
from projections.timeclock import ALWAYS, NEVER, Clocks, recorded_micros
from projections.timeline import timeline_from
from projections.variants import Stream, new_stream
from store.reading import notifications


class Fold:
    """The log folded at one clock triple: actors as recorded by then, occurrences as they stood."""

    def __init__(self, app: Any, clocks: Clocks):
        self.clocks = clocks
        actors: dict[str, Actor] = {}
        streams: dict[str, Stream] = {}
        created_at: dict[str, int] = {}
        for n in notifications(app):
            family, name = split_topic(n.topic)
            if family not in (OCCURRENCE, CORRECTION, ACTOR):
                continue
            state = decode_state(app.mapper, n.topic, n.state)
            if recorded_micros(state["timestamp"]) > clocks.recorded_at:
                continue
            if family == OCCURRENCE:
                streams[str(n.originator_id)] = new_stream(str(n.originator_id), name, state)
                created_at[str(n.originator_id)] = n.id
            elif family == CORRECTION:
                streams[str(n.originator_id)].add(name, state)
            else:
                event = app.mapper.to_domain_event(n)
                if isinstance(event, ActorRegistered):
                    actors[event.key] = Actor(event)
                else:
                    actors[event.actor].apply(event)  # type: ignore[attr-defined]
        self.facts = folded_registry(actors)
        self.streams = streams
        self.visible: list[tuple[Seen, dict[str, Any]]] = []
        for stream in streams.values():
            state = stream.state_at(clocks.known_at, clocks.recorded_at)
            if state is not None:
                seen = say.seen(stream.id, stream.type, state, created_at[stream.id])
                if seen.occ_us <= clocks.at and seen.rep_us <= clocks.known_at and seen.rec_us <= clocks.recorded_at:
                    self.visible.append((seen, state))

    def _target(self, state: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        stream = self.streams.get(state["denies"])
        target = stream.state_at(self.clocks.known_at, self.clocks.recorded_at) if stream else None
        return (stream.type, target) if stream and target is not None else None

    def occurrences(self, actors: Collection[str] | None, topic: str | None) -> list[Seen]:
        """Occurrences touching any of `actors` (or all) and `topic` (or any, in any case)."""
        return [s for s, state in self.visible
                if (actors is None or set(say.actors_touched(s.type, state)) & set(actors))
                and (topic is None or say.about_topic(topic, say.topics_touched(s.type, state)))]

    def stances(self, subjects: Collection[str] | None = None, topic: str | None = None,
                occs: Collection[str] | None = None) -> list[StanceFact]:
        """Stances by subjects, topic and/or occurrence ids."""
        found = []
        for s, state in self.visible:
            target = self._target(state) if s.type == "ClaimDenied" else None
            for seq, st in enumerate(say.stances(s.type, state, target)):
                fact = StanceFact(s, seq, *st)
                if ((subjects is None or fact.subject in subjects) and (topic is None or fact.topic == topic)
                        and (occs is None or s.id in occs)):
                    found.append(fact)
        return found

    def latest_stances(self, subjects: Collection[str], topic: str) -> Iterator[StanceFact]:
        """Stances by subjects on one topic, latest first (by occurrence order, then claim index)."""
        return iter(sorted(self.stances(subjects, topic), key=stance_order, reverse=True))

    def denials(self, targets: Collection[str] | None) -> list[DenialFact]:
        """Denials of the given occurrences (or all)."""
        found = [DenialFact(s, *say.denial(s.type, state)) for s, state in self.visible  # type: ignore[misc]
                 if s.type == "ClaimDenied"]
        return [d for d in found if targets is None or d.target in targets]

    def contacts(self, side_a: Collection[str], side_b: Collection[str], until: int) -> list[Seen]:
        """Contacts with a participant in each side that occurred up to `until`."""
        return [s for s, state in self.visible if s.type == "ContactMade" and s.occ_us <= until
                and set(state["participants"]) & set(side_a) and set(state["participants"]) & set(side_b)]

    def attacks(self, ref: str | None) -> list[Seen]:
        """Attacks (one by key or id, or all)."""
        return [s for s, _ in self.visible if s.type == "AttackOccurred" and (ref is None or ref in (s.key, s.id))]

    def links(self, attacks: Collection[str]) -> list[LinkFact]:
        """Reports bearing on the given attacks."""
        found = [(s, say.link(s.type, state)) for s, state in self.visible]
        return [LinkFact(s, *link) for s, link in found if link is not None and link[0] in attacks]

    def sources(self, occs: Collection[str]) -> dict[str, list[dict[str, Any]]]:
        """The `sources` of the given occurrences, as each stands (those without any are left out)."""
        return {s.id: s.data["sources"] for s, _ in self.visible if s.id in occs and s.data.get("sources")}


def replay(store: Any, *, at: str | None = None, known_at: str | None = None, recorded_at: str | None = None,
           between: str | None = None, and_: str | None = None) -> dict[str, Any]:
    """Answer every view by folding the log from nothing (contacts need two sides, else all contacts)."""
    fold = Fold(store.app, Clocks.parse(at, known_at, recorded_at, now=store.views.now()))
    views: dict[str, Any] = {}
    views.update(positions_from(fold, None, None))
    if (between is None) != (and_ is None):
        raise InvalidInput("contacts between two sides need both --between and --and",
                           field="and" if and_ is None else "between")
    if between and and_:
        side_a, side_b = resolve_actor(store, between, "between"), resolve_actor(store, and_, "and")
        views.update(contacts_from(fold, side_a, side_b, ALWAYS, NEVER, None, None, None))  # type: ignore[arg-type]
    else:
        everything = sorted((s for s, _ in fold.visible if s.type == "ContactMade"), key=lambda s: s.order)
        views["contacts"] = [{**contact_fields(s), "id": s.id, "key": s.key} for s in everything]
        views["count"] = len(views["contacts"])
    views.update(disputes_from(fold, None))
    views.update(incidents_from(fold, None))
    views.update(timeline_from(fold, None, None))
    return views
