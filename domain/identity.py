"""Deterministic stream ids: the event-sourced way to make keys, names and aliases unique."""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID, uuid5

NAMESPACE = UUID("6f1c1c9e-3b59-5f2e-9a6a-0b3c2f6e9d41")


@lru_cache(maxsize=65536)
def actor_id(key: str) -> UUID:
    """Return the stream id of the actor registered under a key."""
    return uuid5(NAMESPACE, "actor:" + key)


@lru_cache(maxsize=65536)
def name_index_id(folded: str) -> UUID:
    """Return the stream id of the index record that claims a folded name for one actor."""
    return uuid5(NAMESPACE, "name:" + folded)


@lru_cache(maxsize=65536)
def occurrence_id_for_key(key: str) -> UUID:
    """Return the stream id of the occurrence recorded under a client idempotency key."""
    return uuid5(NAMESPACE, "occurrence:" + key)
