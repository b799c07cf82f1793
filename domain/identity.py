"""Deterministic stream ids: the event-sourced way to make keys, names and aliases unique."""

from __future__ import annotations

from functools import lru_cache
from hashlib import sha1
from uuid import UUID

NAMESPACE = UUID("6f1c1c9e-3b59-5f2e-9a6a-0b3c2f6e9d41")
SHORTEST_UUID = 32
"""No text shorter than this is read by `UUID()` (32 hex digits, with optional dashes, braces or a urn:uuid: prefix
around them): such a reference is a key, known without the cost of a refused parse."""

_NAMESPACE_BYTES = NAMESPACE.bytes
_KEEP = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_VERSION_5 = (0x8000 << 48) | (5 << 76)


def name_based_id(name: str) -> UUID:
    """Return uuid5(NAMESPACE, name), computed straight from the SHA-1 digest (the same value, faster)."""
    number = int.from_bytes(sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16], "big")
    return UUID(int=number & _KEEP | _VERSION_5)


@lru_cache(maxsize=65536)
def actor_id(key: str) -> UUID:
    """Return the stream id of the actor registered under a key."""
    return name_based_id("actor:" + key)


@lru_cache(maxsize=65536)
def name_index_id(folded: str) -> UUID:
    """Return the stream id of the index record that claims a folded name for one actor."""
    return name_based_id("name:" + folded)


@lru_cache(maxsize=65536)
def occurrence_id_for_key(key: str) -> UUID:
    """Return the stream id of the occurrence recorded under a client idempotency key."""
    return name_based_id("occurrence:" + key)
