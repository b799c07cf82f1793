"""The pydantic mapper and orjson transcoder that store our frozen pydantic events."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

ENVELOPE = {"originator_id", "originator_version"}


class OrjsonTranscoder(Transcoder):
    """Encodes JSON-ready data as compact UTF-8 JSON with orjson (no custom transcodings)."""

    def encode(self, obj: Any) -> bytes:
        """Serialise JSON-ready data to bytes."""
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        """Deserialise bytes to JSON data."""
        return orjson.loads(data)


class PydanticMapper(Mapper):
    """Maps frozen pydantic events to stored events and back, upcasting older class versions."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """Serialise a pydantic event; its topic (module:Class) is the published schema name."""
        model = cast(BaseModel, domain_event)
        class_version = _class_version(type(model))
        if class_version > 1:
            state = model.model_dump(mode="json", by_alias=True, exclude=ENVELOPE, exclude_none=True)
            state["class_version"] = class_version
            encoded = self.transcoder.encode(state)
        else:
            encoded = model.__pydantic_serializer__.to_json(
                model, by_alias=True, exclude=ENVELOPE, exclude_none=True)
        return StoredEvent(
            originator_id=model.originator_id,  # type: ignore[attr-defined]
            originator_version=model.originator_version,  # type: ignore[attr-defined]
            topic=get_topic(type(model)),
            state=encoded,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """Rebuild a pydantic event from its stored bytes, upcasting it to the current version."""
        cls = resolve_topic(stored_event.topic)
        state = self.transcoder.decode(stored_event.state)
        upcast(cls, state)
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        return cls.model_validate(state)


@cache
def _class_version(cls: type) -> int:
    """The schema version of an event class (cached: a missing attribute is slow on pydantic models)."""
    return getattr(cls, "class_version", 1)


def upcast(cls: type, state: dict[str, Any]) -> None:
    """Upcast stored state in place from its stored class_version to the class's current one."""
    current = getattr(cls, "class_version", 1)
    version = state.pop("class_version", 1)
    while version < current:
        getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
        version += 1
