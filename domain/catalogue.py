"""The catalogue of occurrence events: one class per kind of geopolitical event.

Class paths (`domain.catalogue:ContactMade`) are a published schema: never rename or move a class;
evolve it with `class_version` and an upcaster.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, field_validator

from domain.base import DomainEvent
from domain.clocks import ClockValue
from domain.values import Claim, Count, NonEmpty, Perpetrator, Provenance, Source, Suspect
from domain.vocabulary import ContactMode, Medium


TOO_FEW_DISTINCT = "must name at least two different actors (a name and an alias of one actor are one actor)"
NAMED_TWICE = "names one actor twice (a name and an alias of one actor are one actor)"


class OccurrenceRecorded(DomainEvent):
    """Fields every occurrence carries: the world and public clocks, sources, topics, key."""

    occurred: ClockValue
    reported: ClockValue | None = None
    sources: list[Source] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    summary: str | None = None
    key: str | None = Field(default=None, min_length=1, max_length=512)

    provenance: Provenance | None = None

    @field_validator("topics")
    @classmethod
    def _topics_are_words(cls, topics: list[str]) -> list[str]:
        """Topics are non-empty labels."""
        if not all(map(str.strip, topics)):
            raise ValueError("topics must be non-empty strings")
        return topics

    distinct_fields: ClassVar[tuple[str, ...]] = ()
    """List fields that must name at least two different actors once references are resolved (checked on input:
    an alias and a name of one actor are one actor)."""

    placed_fields: ClassVar[dict[str, tuple[str, ...]]] = {}
    """List fields whose items other occurrences name by their place (a denial names a claim by its index), each
    with the item fields that tell one item from another: a correction may change an item's other fields, and
    any field by dotted path, but may not put another item at a place, or take one away."""

    def too_few_distinct(self) -> str | None:
        """The first of `distinct_fields` that names fewer than two different actors, if any."""
        return next((name for name in self.distinct_fields if len(set(getattr(self, name))) < 2), None)

    def named_twice(self) -> str | None:
        """The first list of actors (`recipients`, `perpetrators`) that names one actor twice, once references are
        resolved (an alias and a name of one actor are one actor), if any: `Russia` and `the Kremlin` as two
        recipients, or one perpetrator `claimed` and `alleged` at once."""
        for name in self.actor_fields:
            value: Any = getattr(self, name)
            if isinstance(value, list):
                keys = [v if isinstance(v, str) else v.actor for v in value]
                if len(set(keys)) < len(keys):
                    return name
        return None

    def actors(self) -> list[str]:
        """Return every actor key this occurrence refers to, in field order."""
        found: list[str] = []
        for name in self.actor_fields:
            value: Any = getattr(self, name)
            if isinstance(value, str):
                found.append(value)
            elif isinstance(value, list):
                found.extend(v if isinstance(v, str) else v.actor for v in value)
        return found

    def coded_sides(self) -> tuple[list[str], list[str]]:
        """Return the actors as a coded event row (CAMEO, PLOVER) sees them: the sources, then the targets; here the
        first actor is the source and the others are targets."""
        actors = list(dict.fromkeys(self.actors()))
        return actors[:1], actors[1:]


class ContactMade(OccurrenceRecorded):
    """Two or more actors spoke or met (CAMEO 040-044, PLOVER CONSULT)."""

    participants: list[str] = Field(min_length=2)
    initiated_by: str | None = None
    mode: ContactMode
    duration_minutes: Count | None = None
    location: str | None = None
    actor_fields = ("participants", "initiated_by")
    distinct_fields = ("participants",)

    def coded_sides(self) -> tuple[list[str], list[str]]:
        """Return the first participant as the source and the others as targets: who asked for the contact
        (`initiated_by`) is not a side of it."""
        return self.participants[:1], self.participants[1:]


class StatementMade(OccurrenceRecorded):
    """An actor stated stances through a medium; each claim names its subject and topic (CAMEO 01x)."""

    speaker: str = NonEmpty
    medium: Medium
    claims: list[Claim] = Field(min_length=1)
    actor_fields = ("speaker",)
    placed_fields = {"claims": ("subject", "topic")}


class ClaimDenied(OccurrenceRecorded):
    """An actor denied another occurrence, or one claim of a statement (CAMEO 016, PLOVER REJECT)."""

    denier: str = NonEmpty
    denies: str = NonEmpty
    claim: Count | None = None
    quote: str | None = None
    actor_fields = ("denier",)
    occurrence_fields = ("denies",)


class AccusationMade(OccurrenceRecorded):
    """An actor accused another on a topic, maybe about an occurrence (CAMEO 112, PLOVER ACCUSE)."""

    accuser: str = NonEmpty
    accused: str = NonEmpty
    topic: str = NonEmpty
    about: str | None = None
    quote: str | None = None
    actor_fields = ("accuser", "accused")
    occurrence_fields = ("about",)


class AttackOccurred(OccurrenceRecorded):
    """An attack at a place, with alleged perpetrators and first casualty figures (CAMEO 18x-20x)."""

    place: str = NonEmpty
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    method: str | None = None
    killed: Count | None = None
    injured: Count | None = None
    actor_fields = ("perpetrators",)

    def coded_sides(self) -> tuple[list[str], list[str]]:
        """Return every perpetrator as a source (claimed or alleged, never the victim) and no target."""
        return [p.actor for p in self.perpetrators], []


class CasualtiesReported(OccurrenceRecorded):
    """A new casualty toll for an attack, reported by someone (PLOVER size)."""

    attack: str = NonEmpty
    killed: Count | None = None
    injured: Count | None = None
    reporter: str | None = None
    actor_fields = ("reporter",)
    occurrence_fields = ("attack",)


class ResponsibilityClaimed(OccurrenceRecorded):
    """An actor claimed an attack (CAMEO 015)."""

    claimant: str = NonEmpty
    attack: str = NonEmpty
    actor_fields = ("claimant",)
    occurrence_fields = ("attack",)


class ArrestsMade(OccurrenceRecorded):
    """An authority arrested people, maybe in connection with an occurrence (CAMEO 173)."""

    authority: str = NonEmpty
    count: Count
    suspects: list[Suspect] = Field(default_factory=list)
    in_connection_with: str | None = None
    actor_fields = ("authority",)
    occurrence_fields = ("in_connection_with",)


class CooperationOffered(OccurrenceRecorded):
    """An actor offered cooperation in a domain to recipients (CAMEO 03x, PLOVER AGREE)."""

    offerer: str = NonEmpty
    recipients: list[str] = Field(min_length=1)
    domain: str = NonEmpty
    quote: str | None = None
    actor_fields = ("offerer", "recipients")


class WarningGiven(OccurrenceRecorded):
    """An actor warned another, maybe about an occurrence."""

    warner: str = NonEmpty
    recipient: str = NonEmpty
    about: str | None = None
    actor_fields = ("warner", "recipient")
    occurrence_fields = ("about",)


class AgreementSigned(OccurrenceRecorded):
    """Parties signed an agreement (CAMEO 057, PLOVER SUPPORT)."""

    parties: list[str] = Field(min_length=2)
    title: str = NonEmpty
    kind: str | None = None
    actor_fields = ("parties",)
    distinct_fields = ("parties",)


class AlertLevelChanged(OccurrenceRecorded):
    """An authority changed a threat or alert level."""

    authority: str = NonEmpty
    level: str = NonEmpty
    actor_fields = ("authority",)


class CodedEvent(OccurrenceRecorded):
    """An imported coded record that fits no richer type, with its CAMEO/PLOVER codes kept."""

    source: str = NonEmpty
    target: str | None = None
    cameo: str | None = None
    plover: str | None = None
    text: str | None = None
    actor_fields = ("source", "target")

    def coded_sides(self) -> tuple[list[str], list[str]]:
        """Return the row's own source and target, even when both are one actor (a state's police and citizens)."""
        return [self.source], [self.target] if self.target else []


OCCURRENCE_TYPES: dict[str, type[OccurrenceRecorded]] = {
    cls.__name__: cls
    for cls in (
        ContactMade, StatementMade, ClaimDenied, AccusationMade, AttackOccurred,
        CasualtiesReported, ResponsibilityClaimed, ArrestsMade, CooperationOffered, WarningGiven,
        AgreementSigned, AlertLevelChanged, CodedEvent,
    )
}
"""Every occurrence creation event by its JSON Lines `type` name."""

RECORD_VERBS: dict[str, str] = {
    "contact": "ContactMade", "statement": "StatementMade", "denial": "ClaimDenied", "accusation": "AccusationMade",
    "attack": "AttackOccurred", "casualties": "CasualtiesReported", "claim": "ResponsibilityClaimed",
    "arrests": "ArrestsMade", "offer": "CooperationOffered", "warning": "WarningGiven", "agreement": "AgreementSigned",
    "alert": "AlertLevelChanged",
}
"""The short names (`geoevents record contact`) that the command line and the HTTP service take for a type."""
