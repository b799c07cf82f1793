"""Building domain events in unit tests without a store."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from uuid import uuid4

from domain.base import DomainEvent

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def make(cls: type[DomainEvent], version: int = 1, **fields: Any) -> Any:
    """Validate an event of `cls` on a fresh stream, as the store would."""
    return cls.model_validate({"originator_id": uuid4(), "originator_version": version, "timestamp": NOW,
                               **fields})
