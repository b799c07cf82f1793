"""Fast decoding of stored events: topic to type name and family, state bytes to a dict (orjson)."""

from __future__ import annotations

from typing import Any

import orjson
from eventsourcing.utils import resolve_topic

from store.persistence import upcast

OCCURRENCE, CORRECTION, ACTOR, OTHER = "occurrence", "correction", "actor", "other"
_FAMILIES = {"domain.catalogue": OCCURRENCE, "domain.occurrences": CORRECTION, "domain.actors": ACTOR}


def split_topic(topic: str) -> tuple[str, str]:
    """Return (family, type name) of an event topic such as `domain.catalogue:ContactMade`."""
    module, _, name = topic.partition(":")
    family = _FAMILIES.get(module, OTHER)
    if family == ACTOR and name == "NameClaimed":
        family = OTHER
    return family, name


def decode_state(mapper: Any, topic: str, state: bytes) -> dict[str, Any]:
    """Decode a stored event's state to JSON data, undoing cipher/compression and upcasting."""
    if mapper.cipher is not None:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor is not None:
        state = mapper.compressor.decompress(state)
    data: dict[str, Any] = orjson.loads(state)
    if "class_version" in data:
        upcast(resolve_topic(topic), data)
    return data
