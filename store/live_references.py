"""The occurrences a batch refers to, checked again once its transaction holds the write lock and has its stamp.

A record may refer to an occurrence only while that occurrence's retraction is not yet public when the record is
(`Batch._check_not_retracted`). A batch is checked before its transaction takes the store's write lock
(`store.stamping` says why), so two things can change before it is written: another writer may retract an
occurrence the batch refers to, and a record without `reported`, public from when the store records it, is
stamped later than the check assumed (after waiting for the lock, or at a later stored `recorded` where clocks
differ). So a batch notes, per stored occurrence it refers to, when its referring records are public
(`ReliedOn`), and hands that to the recorder with the events (`save(..., live=...)`); once the lock is held and the
stamp chosen, the recorder reads the retractions among those occurrences and, where one is public by then,
refuses the batch (`ReferenceRetracted`, the library's `IntegrityError`, nothing written). The append builds the
batch again as of that stamp, which refuses the reference with its line and field, or keeps it when the record is
public before the retraction after all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import orjson
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.clocks import public_from
from domain.occurrences import Retracted

LIVE = "live"
"""The keyword of `insert_events` that carries what the batch relied on (occurrence id → `ReliedOn`)."""

RETRACTED_TOPIC = get_topic(Retracted)
CHUNK = 500
"""Stream ids per query."""


@dataclass
class ReliedOn:
    """When the records of a batch that refer to one occurrence are public: the latest instant given by a
    `reported`, and whether any is public from the batch's own stamp (it has no `reported`)."""

    latest: datetime | None = None
    at_stamp: bool = False

    def add(self, public: datetime | None) -> None:
        """Note one more referring record, public from `public` (None: from the batch's stamp)."""
        if public is None:
            self.at_stamp = True
        elif self.latest is None or public > self.latest:
            self.latest = public

    def public_by(self, stamp: datetime) -> datetime:
        """The latest instant from which a referring record is public, once the batch's stamp is known."""
        candidates = [t for t in (self.latest, stamp if self.at_stamp else None) if t is not None]
        return max(candidates)


class ReferenceRetracted(IntegrityError):
    """A batch refers to an occurrence whose retraction is public by the time a referring record is, found under the
    write lock; nothing was written. `stamp` is the time the batch would have been stamped with."""

    def __init__(self, occurrence: UUID | str, stamp: datetime):
        super().__init__(f"occurrence {occurrence} is retracted by the time this batch's records referring to it "
                         "are public (retracted by another writer, or stamped later than checked)")
        self.stamp = stamp


def refuse_if_retracted(live: Mapping[UUID, ReliedOn] | None, stamp: datetime,
                        retractions_among: Callable[[Sequence[UUID]], Iterable[tuple[UUID | str, bytes]]]) -> None:
    """Raise ReferenceRetracted when `retractions_among` (a query in the locked transaction, giving the stream and
    stored state of each retraction among some streams, CHUNK at a time) finds one public by the time a record of
    the batch referring to its occurrence is, the batch stamped with `stamp`."""
    ids = sorted(live or ())
    for start in range(0, len(ids), CHUNK):
        for stream, state in retractions_among(ids[start:start + CHUNK]):
            fields = orjson.loads(state)  # stored states are plain JSON (`store.stamping` reads them the same way)
            since = public_from(fields.get("reported"), datetime.fromisoformat(fields["timestamp"]))
            if since <= live[UUID(str(stream))].public_by(stamp):  # type: ignore[index]
                raise ReferenceRetracted(stream, stamp)
