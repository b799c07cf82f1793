"""The base of every stored domain event: a frozen pydantic model on one aggregate's stream."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

ENVELOPE_FIELDS = frozenset({"originator_id", "originator_version", "timestamp"})
"""Fields set by the store, never by a client: stream id, position, and recorded time."""


class DomainEvent(BaseModel):
    """A fact recorded on one aggregate's stream; `timestamp` is the store's `recorded` clock."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    originator_id: UUID
    originator_version: int
    timestamp: datetime

    actor_fields: ClassVar[tuple[str, ...]] = ()
    """Names of fields holding actor references (single keys or lists of keys)."""

    occurrence_fields: ClassVar[tuple[str, ...]] = ()
    """Names of fields holding references to other occurrences (ids or keys)."""

    def payload(self) -> dict[str, Any]:
        """Return the event's own fields as JSON-ready data, without the store's envelope."""
        data = self.model_dump(mode="json", by_alias=True, exclude=ENVELOPE_FIELDS, exclude_none=True)
        return data


class Value(BaseModel):
    """A frozen value object nested inside events (a source, a claim, a suspect)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
