"""The occurrences a batch referred to while they were live, checked again once its transaction holds the lock.

A batch is checked before its transaction takes the store's write lock (`store.stamping` says why), so another
writer may retract an occurrence between the check that accepted a reference to it and the insert: both writers
would succeed, and the store would hold a denial of a statement retracted before the denial was public. So a batch
names the stored occurrences it found unretracted when it accepted references to them (`Batch.relied_on`), and
hands them to the recorder with the events (`save(..., live=...)`); once the lock is held, the recorder asks
whether any of them has a retraction now and, if one has, refuses the batch as a lost race (the library's
`IntegrityError`, nothing written), which the append retries: rebuilt, the batch reads the retraction and refuses
the reference, or keeps it when the record is public before the retraction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.occurrences import Retracted

LIVE = "live"
"""The keyword of `insert_events` that carries the occurrences the batch relied on being live."""

RETRACTED_TOPIC = get_topic(Retracted)
CHUNK = 500
"""Stream ids per query."""


def refuse_if_retracted(live: Collection[UUID] | None, retracted_among: Callable[[Sequence[UUID]], Iterable[Any]]
                        ) -> None:
    """Raise the library's IntegrityError when `retracted_among` (a query in the locked transaction) finds a
    retraction on any of the `live` streams, asked CHUNK ids at a time."""
    ids = sorted(live or ())
    for start in range(0, len(ids), CHUNK):
        found = list(retracted_among(ids[start:start + CHUNK]))
        if found:
            raise IntegrityError(f"occurrence {found[0]} was retracted by another writer after this batch, which "
                                 "refers to it, was checked")
