"""Response models of the point-in-time views: the JSON shapes of the CLI queries, plus a page cursor."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

CURSOR = Field(default=None, description="Pass as `cursor` (with the same parameters) for the next page; null on the last.")


class PositionPublic(BaseModel):
    """The latest stance of an actor on a topic, stated by itself (or a representative) or attributed to it."""

    actor: str
    topic: str
    stance: str
    quote: str | None = None
    speaker: str
    attributed: bool
    disputed: bool
    disputed_by: list[str]
    occurred: str
    reported: str | None = None
    sources: list[dict[str, Any]] = Field(default=[], description=(
        "Where the stance was reported: the sources of the occurrence that expresses it, as it stood; each "
        "with `publisher` and, when known, `title`, `url`, `published` and `quote`."))
    id: str
    key: str | None = None


class PositionsPublic(BaseModel):
    """One page of positions, ordered by actor, topic, then own stances before attributed ones."""

    positions: list[PositionPublic]
    next_cursor: str | None = CURSOR


class ContactPublic(BaseModel):
    """A contact between the two sides, with the previous one between them and the gap in days."""

    occurred: str
    participants: list[str]
    mode: str | None = None
    initiated_by: str | None = None
    previous: str | None = None
    gap_days: int | None = None
    id: str
    key: str | None = None


class ContactsPublic(BaseModel):
    """One page of contacts in `occurred` order; `count` is the number over all pages."""

    contacts: list[ContactPublic]
    count: int
    next_cursor: str | None = CURSOR


class DenialPublic(BaseModel):
    """A denial of a claim or accusation."""

    denier: str
    quote: str | None = None
    occurred: str
    id: str
    key: str | None = None


class DisputePublic(BaseModel):
    """A claim or accusation together with its denials."""

    kind: str
    speaker: str | None = None
    subject: str | None = None
    topic: str | None = None
    stance: str | None = None
    quote: str | None = None
    claim: int | None = None
    occurred: str
    reported: str | None = None
    id: str
    key: str | None = None
    denials: list[DenialPublic]


class DisputesPublic(BaseModel):
    """One page of disputes in `occurred` order."""

    disputes: list[DisputePublic]
    next_cursor: str | None = CURSOR


class IncidentPublic(BaseModel):
    """An attack with the latest casualty figures known, claims of responsibility and arrests."""

    attack: str
    place: str
    occurred: str
    reported: str | None = None
    killed: int | None = None
    injured: int | None = None
    claimed_by: list[str]
    arrests: int
    id: str
    key: str | None = None


class IncidentsPublic(BaseModel):
    """One page of incidents in `occurred` order."""

    incidents: list[IncidentPublic]
    next_cursor: str | None = CURSOR


class TimelineEntryPublic(BaseModel):
    """One occurrence on a timeline."""

    occurred: str
    reported: str | None = None
    type: str
    id: str
    key: str | None = None
    summary: str | None = None
    actors: list[str]
    topics: list[str]


class TimelinePublic(BaseModel):
    """One page of a timeline in `occurred` order."""

    timeline: list[TimelineEntryPublic]
    next_cursor: str | None = CURSOR
