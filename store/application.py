"""The eventsourcing Application that holds every actor and occurrence stream."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper
from eventsourcing.utils import Environment, EnvType

from domain.actors import Actor
from domain.base import DomainEvent
from domain.catalogue import OccurrenceRecorded
from domain.occurrences import Occurrence
from store.backends import SQLITE_FACTORY, is_postgres_url, parse_postgres_url, postgres_env, sqlite_env
from store.persistence import OrjsonTranscoder, PydanticMapper


class GeoEventsApplication(Application[UUID]):
    """The event store: actor streams, occurrence streams and name-index streams in one log."""

    name = "geoevents"

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """The environment the store is opened with, and nothing from the process's own: the library would
        merge `os.environ`, where its keys named after this application win (`GEOEVENTS_POSTGRES_SCHEMA`, our
        own setting, over the schema of the store's URL), and a stray `CIPHER_TOPIC` or `PERSISTENCE_MODULE`
        would change how or where events are written. The store's settings come from `store.settings`."""
        return Environment(name, {**type(self).env, **(env or {})})

    def construct_mapper(self) -> Mapper:
        """Use our pydantic mapper and orjson transcoder instead of the library defaults."""
        return PydanticMapper(transcoder=OrjsonTranscoder(),
                              compressor=self.factory.compressor(),
                              cipher=self.factory.cipher())

    def stream(self, stream_id: UUID, limit: int | None = None) -> list[DomainEvent]:
        """Return the stored events of one stream, oldest first."""
        return list(self.events.get(stream_id, limit=limit))  # type: ignore[arg-type]

    def first_event(self, stream_id: UUID) -> DomainEvent | None:
        """Return the first event of a stream, or None when the stream does not exist."""
        events = self.stream(stream_id, limit=1)
        return events[0] if events else None

    def load_actor(self, stream_id: UUID) -> Actor | None:
        """Rebuild an actor from its stream, or None when it is not registered."""
        events = self.stream(stream_id)
        return Actor.replay(events) if events else None

    def load_occurrence(self, stream_id: UUID) -> Occurrence | None:
        """Rebuild an occurrence from its stream, or None when no occurrence has that id (none at all, or the
        stream of an actor or a claimed name)."""
        events = self.stream(stream_id)
        return Occurrence.replay(events) if events and isinstance(events[0], OccurrenceRecorded) else None

    def close(self) -> None:
        """Close the underlying infrastructure (connection pools)."""
        self.factory.close()


MERKLE_RECORDERS = {SQLITE_FACTORY: "store.merkle_sqlite:MerkleSQLiteApplicationRecorder",
                    "eventsourcing.postgres": "store.merkle_postgres:MerklePostgresApplicationRecorder",
                    "store.pgfactory:SchemaPostgresFactory": "store.merkle_postgres:MerklePostgresApplicationRecorder"}
"""The application recorder per persistence module that also maintains the Merkle log."""

BATCH_RECORDERS = {SQLITE_FACTORY: "store.sqlite_recorder:BatchSQLiteApplicationRecorder",
                   "eventsourcing.postgres": "store.postgres_recorder:BatchPostgresApplicationRecorder",
                   "store.pgfactory:SchemaPostgresFactory": "store.postgres_recorder:BatchPostgresApplicationRecorder"}
"""The application recorders without the log (the same stamped, batched insert, so only the log differs)."""


def application_env(store: str, *, schema: str = "public", lock_timeout: int = 30, merkle: bool = True,
                    sqlite_cache_kib: int | None = None, **extra: Any) -> dict[str, str]:
    """Return the eventsourcing environment for a store: an SQLite path or a postgresql:// URL.

    `merkle` selects the recorder that keeps the Merkle log; `extra` adds or overrides settings.
    """
    if is_postgres_url(store):
        env = postgres_env(parse_postgres_url(store, schema), lock_timeout)
    else:
        env = sqlite_env(store, lock_timeout, sqlite_cache_kib)
    recorders = MERKLE_RECORDERS if merkle else BATCH_RECORDERS
    env["APPLICATION_RECORDER_TOPIC"] = recorders[env["PERSISTENCE_MODULE"]]
    env.update({k: str(v) for k, v in extra.items()})
    return env
