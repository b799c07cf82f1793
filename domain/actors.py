"""The Actor aggregate: persons, states, organisations, armed groups and groups of states.

Class paths (`domain.actors:OfficeTaken`) are a published schema: never rename or move them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from pydantic import Field, field_validator

from domain.base import DomainEvent
from domain.clocks import ClockValue, start_of
from domain.errors import InvalidInput
from domain.names import fold_name, is_wikidata_id
from domain.values import NonEmpty
from domain.vocabulary import ActorKind, Rank

KEY_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class ActorRegistered(DomainEvent):
    """An actor entered the registry under a stable key, a name, a kind and known aliases."""

    key: str = Field(pattern=KEY_PATTERN, max_length=200)
    name: str = NonEmpty
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = None
    part_of: str | None = None
    actor_fields = ("part_of",)

    @field_validator("wikidata")
    @classmethod
    def _qid(cls, value: str | None) -> str | None:
        """A Wikidata id is Q followed by digits."""
        if value is not None and not is_wikidata_id(value):
            raise ValueError(f"'{value}' is not a Wikidata item id (Q followed by digits)")
        return value.upper() if value else value


class AliasAdded(DomainEvent):
    """Another spelling or name by which the actor is known."""

    actor: str = NonEmpty
    alias: str = NonEmpty
    actor_fields = ("actor",)


class OfficeTaken(DomainEvent):
    """A person took an office of a state or organisation, at a rank, maybe with a portfolio."""

    actor: str = NonEmpty
    office: str = NonEmpty
    of: str = NonEmpty
    rank: Rank
    portfolio: str | None = None
    from_: ClockValue = Field(alias="from")
    until: ClockValue | None = None
    actor_fields = ("actor", "of")


class OfficeLeft(DomainEvent):
    """A person left an office."""

    actor: str = NonEmpty
    office: str = NonEmpty
    of: str = NonEmpty
    on: ClockValue
    actor_fields = ("actor", "of")


class MembershipStarted(DomainEvent):
    """An actor joined a group (for example a state joining `western-allies`)."""

    actor: str = NonEmpty
    group: str = NonEmpty
    from_: ClockValue = Field(alias="from")
    actor_fields = ("actor", "group")


class MembershipEnded(DomainEvent):
    """An actor left a group."""

    actor: str = NonEmpty
    group: str = NonEmpty
    on: ClockValue
    actor_fields = ("actor", "group")


ACTOR_EVENT_TYPES: dict[str, type[DomainEvent]] = {
    cls.__name__: cls
    for cls in (ActorRegistered, AliasAdded, OfficeTaken, OfficeLeft, MembershipStarted, MembershipEnded)
}
"""Every actor event by its JSON Lines `type` name."""


@dataclass
class Term:
    """A period in an office or a group: what, of whom, from and until (None while it lasts)."""

    what: str
    of: str
    since: str
    until: str | None = None
    rank: str | None = None
    portfolio: str | None = None

    def is_of(self, what: str, of: str) -> bool:
        """Tell whether the term is in this office (its title in any case, spacing or accents: one office) or group,
        of that actor."""
        return self.of == of and (self.what == what or fold_name(self.what) == fold_name(what))

    def covers(self, instant: datetime) -> bool:
        """Tell whether the term covers an instant (start inclusive, end exclusive)."""
        if start_of(self.since) > instant:
            return False
        return self.until is None or instant < start_of(self.until)


class Actor:
    """One actor's stream: registration, aliases, offices held and group memberships."""

    def __init__(self, registered: ActorRegistered):
        self.id: UUID = registered.originator_id
        self.version = registered.originator_version
        self.key = registered.key
        self.name = registered.name
        self.kind = registered.kind
        self.wikidata = registered.wikidata
        self.part_of = registered.part_of
        self.aliases: list[str] = list(registered.aliases)
        self.offices: list[Term] = []
        self.memberships: list[Term] = []

    @classmethod
    def replay(cls, events: list[DomainEvent]) -> "Actor":
        """Rebuild an actor from its stored events, oldest first."""
        actor = cls(events[0])  # type: ignore[arg-type]
        for event in events[1:]:
            actor.apply(event)
        return actor

    def apply(self, event: DomainEvent) -> None:
        """Fold one event into the actor's state."""
        if isinstance(event, AliasAdded):
            self.aliases.append(event.alias)
        elif isinstance(event, OfficeTaken):
            self.offices.append(Term(event.office, event.of, event.from_, event.until, event.rank,
                                     event.portfolio))
        elif isinstance(event, OfficeLeft):
            self._open_term(self.offices, event.office, event.of, "office").until = event.on
        elif isinstance(event, MembershipStarted):
            self.memberships.append(Term(event.group, event.group, event.from_))
        elif isinstance(event, MembershipEnded):
            self._open_term(self.memberships, event.group, event.group, "group").until = event.on
        self.version = event.originator_version

    @staticmethod
    def _open_term(terms: list[Term], what: str, of: str, field: str) -> Term:
        """Find the open term for an office or group, or fail naming the field that names it."""
        for term in reversed(terms):
            if term.is_of(what, of) and term.until is None:
                return term
        raise InvalidInput(f"no open term in '{what}' of '{of}' to end", field=field)

    def check(self, event: DomainEvent) -> None:
        """Refuse an event that contradicts this actor's history."""
        if isinstance(event, (OfficeLeft, MembershipEnded)):
            terms = self.offices if isinstance(event, OfficeLeft) else self.memberships
            what = event.office if isinstance(event, OfficeLeft) else event.group
            of = event.of if isinstance(event, OfficeLeft) else event.group
            term = self._open_term(terms, what, of, "office" if isinstance(event, OfficeLeft) else "group")
            if start_of(event.on) < start_of(term.since):
                raise InvalidInput(f"'{event.on}' is before the term began ({term.since})", field="on")
        if isinstance(event, OfficeTaken) and event.until and start_of(event.until) < start_of(event.from_):
            raise InvalidInput("'until' is before 'from'", field="until")
        if isinstance(event, (OfficeTaken, MembershipStarted)):
            self._check_no_overlap(event)

    def _check_no_overlap(self, event: OfficeTaken | MembershipStarted) -> None:
        """Refuse a term that overlaps another term of the same office (its title in any case, spacing or accents)
        or group: a later leave could end only one of them, and the actor would hold the other for ever."""
        office = isinstance(event, OfficeTaken)
        terms, what = (self.offices, event.office) if office else (self.memberships, event.group)  # type: ignore[union-attr]
        of = event.of if office else event.group  # type: ignore[union-attr]
        start, until = start_of(event.from_), event.until if office else None  # type: ignore[union-attr]
        end = start_of(until) if until else None
        for term in terms:
            if not term.is_of(what, of):
                continue
            term_end = start_of(term.until) if term.until else None
            if (end is None or start_of(term.since) < end) and (term_end is None or start < term_end):
                held = f"from {term.since}" + (f" until {term.until}" if term.until else ", still open")
                raise InvalidInput(f"overlaps the term in '{what}' of '{of}' {held}; end that term first, or give "
                                   "dates that do not overlap it", field="from")

    def next_version(self) -> int:
        """Return the stream position the next event of this actor takes."""
        return self.version + 1


class NameClaimed(DomainEvent):
    """Index record: a folded name, key or Wikidata id now refers to one actor (uniqueness)."""

    name: str
    actor: str
