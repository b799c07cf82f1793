"""The eventsourcing library's own batched save, as the yardstick for our append path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from store.application import application_env
from store.backends import ready_for


class Recorded(Aggregate):
    """A library-default aggregate holding one input object as its creation event's data."""

    def __init__(self, data: dict[str, Any]):
        self.data = data


class LibraryBaseline(Application):
    """A default eventsourcing Application (its own mapper and JSON transcoder), own tables."""


def open_baseline(store: str, schema: str) -> LibraryBaseline:
    """Open the baseline application on the same backend (and schema) as a store, with the library's own
    application recorder (no Merkle log, none of our recorders)."""
    env = application_env(store, schema=schema, merkle=False)
    env.pop("APPLICATION_RECORDER_TOPIC", None)
    with ready_for(store, schema):
        return LibraryBaseline(env=env)


def save_lines(app: LibraryBaseline, lines: Sequence[bytes], batch_size: int) -> int:
    """Decode lines and save them as new aggregates, batch_size per save; return how many."""
    saved = 0
    for i in range(0, len(lines), batch_size):
        aggregates = [Recorded(orjson.loads(raw)) for raw in lines[i:i + batch_size]]
        app.save(*aggregates)
        saved += len(aggregates)
    return saved
