"""Response models of the HTTP service (named `...Public`, as in the FastAPI full-stack template)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class EventPublic(BaseModel):
    """One stored event as its JSON Lines object: `type`, the occurrence `id`, its fields, `recorded`."""

    model_config = ConfigDict(extra="allow")

    type: str
    id: str | None = Field(default=None, exclude_if=lambda value: value is None,
                           description="Store id of an occurrence (absent on actor events).")
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
    """One occurrence: its id and key, the record as corrected, whether retracted, and its events."""

    id: str
    key: str | None = None
    type: str
    retracted: bool
    current: EventPublic = Field(description="The creation event with every correction applied.")
    events: list[EventPublic] = Field(description="The stream: creation, corrections, retraction.")


class TermPublic(BaseModel):
    """A period in an office or a group."""

    what: str
    of: str
    since: str
    until: str | None = None
    rank: str | None = None
    portfolio: str | None = None


class ActorPublic(BaseModel):
    """An actor: key, name, kind, Wikidata id, parent organisation, aliases, offices and memberships."""

    key: str
    name: str
    kind: str
    wikidata: str | None = None
    part_of: str | None = None
    aliases: list[str]
    offices: list[TermPublic]
    memberships: list[TermPublic]


class ActorPagePublic(BaseModel):
    """A page of actors in registration order, with the cursor of the next page (null at the end)."""

    items: list[ActorPublic]
    next_cursor: str | None = None


class HealthPublic(BaseModel):
    """The service is up and its store answers; `last_position` is the newest notification id."""

    status: str
    last_position: int
