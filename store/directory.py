"""The actor directory: resolves a typed reference (key, Wikidata id, name, alias) to an actor key."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from domain.actors import NameClaimed
from domain.errors import ActorNotFound
from domain.identity import name_index_id
from domain.names import name_folds, nearest_names
from store.application import GeoEventsApplication


class ActorDirectory:
    """Looks names up in the name-index streams; claimed names never move, so hits are cached."""

    def __init__(self, app: GeoEventsApplication):
        self.app = app
        self._cache: dict[str, str] = {}

    def lookup(self, ref: str) -> str | None:
        """Return the key of the actor a reference names, or None when no actor claims it."""
        for folded in name_folds(ref):  # the first form claimed (the older, more specific one first)
            key = self.claimant(folded)
            if key is not None:
                return key
        return None

    def claimant(self, folded: str) -> str | None:
        """Return the key of the actor that claimed one folded form of a name, or None."""
        key = self._cache.get(folded)
        if key is None:
            claim = self.app.first_event(name_index_id(folded))
            if claim is None:
                return None
            key = self._cache[folded] = claim.actor  # type: ignore[attr-defined]
        return key

    def remember(self, folded: str, key: str) -> None:
        """Cache a claim known to be stored (after a successful save)."""
        self._cache[folded] = key

    def known_names(self) -> dict[str, str]:
        """Return every claimed name and alias with its actor key (for suggestions)."""
        topic = get_topic(NameClaimed)
        names: dict[str, str] = {}
        start = 1
        recorder = self.app.recorder
        while True:
            batch = recorder.select_notifications(start, 5000, topics=[topic])
            if not batch:
                return names
            for notification in batch:
                claim = self.app.mapper.to_domain_event(notification)
                names[claim.name] = claim.actor  # type: ignore[attr-defined]
            start = batch[-1].id + 1

    def not_found(self, ref: str, field: str | None = None) -> ActorNotFound:
        """Build the error for an unknown reference, suggesting the nearest known names."""
        known = self.known_names()
        hints: dict[str, str] = {}
        for name in nearest_names(ref, list(known), limit=8):
            hints.setdefault(known[name], f"{name} ({known[name]})")
        return ActorNotFound(ref, list(hints.values())[:3], field=field)
