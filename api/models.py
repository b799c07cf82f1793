"""Response models of the HTTP service (named `...Public`, as in the FastAPI full-stack template)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.catalogue import OCCURRENCE_TYPES, RECORD_VERBS

OccurrenceType = Literal.__getitem__((*OCCURRENCE_TYPES, *RECORD_VERBS))  # type: ignore[attr-defined]
"""The names of the catalogue's occurrence types and their record verbs (`contact`), for query parameters."""
ABSENT_WHEN_NONE = {"default": None, "exclude_if": lambda value: value is None}


class EventPublic(BaseModel):
    """One stored event as its JSON Lines object: `type`, the occurrence `id`, its fields, `recorded`."""

    model_config = ConfigDict(extra="allow")

    type: str
    id: str | None = Field(**ABSENT_WHEN_NONE, description="Store id of an occurrence (absent on actor events).")
    recorded: str


class EventPagePublic(BaseModel):
    """A page of events in notification order, with the cursor of the next page (null at the end)."""

    items: list[EventPublic]
    next_cursor: str | None = None


class AppendedPublic(BaseModel):
    """What a POST /events did: lines read, events stored, duplicates skipped, new occurrence ids."""

    lines: int
    appended: int
    duplicates: int
    ids: list[str] = Field(description="Store ids of the occurrences recorded by this request.")


class OccurrencePublic(BaseModel):
    """An occurrence as it now stands (corrections applied): id, type, fields, recorded, and if so why corrected or retracted."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: str
    recorded: str
    corrections: list[str] | None = Field(**ABSENT_WHEN_NONE, description="Reasons of the corrections, oldest first.")
    retracted: str | None = Field(**ABSENT_WHEN_NONE, description="Why it was retracted (absent when it counts).")


class OccurrencePagePublic(BaseModel):
    """A page of occurrences in `occurred` order, with the cursor of the next page (null at the end)."""

    items: list[OccurrencePublic]
    next_cursor: str | None = None


class OccurrenceHistoryPublic(OccurrencePublic):
    """An occurrence as it now stands, with its stored events: creation, corrections, retraction."""

    history: list[EventPublic]


class OfficePublic(BaseModel):
    """An office held: title, of which state or organisation, rank, portfolio, from, until."""

    model_config = ConfigDict(populate_by_name=True)

    office: str
    of: str
    rank: str | None = None
    portfolio: str | None = None
    from_: str = Field(alias="from")
    until: str | None = None


class MembershipPublic(BaseModel):
    """A group the actor belonged to, from, until."""

    model_config = ConfigDict(populate_by_name=True)

    group: str
    from_: str = Field(alias="from")
    until: str | None = None


class MemberPublic(BaseModel):
    """A member of a group, from, until."""

    model_config = ConfigDict(populate_by_name=True)

    actor: str
    from_: str = Field(alias="from")
    until: str | None = None


class ActorPublic(BaseModel):
    """An actor as `geoevents actors show --format json` gives it (with `at`: only the terms held then)."""

    key: str
    name: str
    kind: str
    wikidata: str | None = None
    part_of: str | None = None
    aliases: list[str]
    offices: list[OfficePublic]
    memberships: list[MembershipPublic]
    members: list[MemberPublic] | None = Field(**ABSENT_WHEN_NONE, description="A group's members (groups only).")
    at: str | None = Field(**ABSENT_WHEN_NONE, description="The date the terms were cut at, when one was given.")


class ActorPagePublic(BaseModel):
    """A page of actors in registration order, with the cursor of the next page (null at the end)."""

    items: list[ActorPublic]
    next_cursor: str | None = None


class HealthPublic(BaseModel):
    """The service is up and its store answers; `last_position` is the newest notification id."""

    status: str
    last_position: int
