"""`verify`: recompute every leaf, cached subtree and root from the stored events, and name what differs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from domain.checkpoints import Checkpoint
from domain.errors import IntegrityViolation
from domain.merkle import EMPTY_ROOT, RootAccumulator, perfect_root
from store.application import GeoEventsApplication
from store.integrity import merkle_table
from store.merkle_table import FANOUT, STRIDE, MerkleTable, event_leaf
from store.reading import notifications
from store.signing import check_if_signed

PAGE = 5000


@dataclass
class VerifyReport:
    """What `verify` checked: the tree size, its recomputed root, and the checkpoint it matched."""

    tree_size: int
    root_hash: bytes
    checkpoint_size: int | None = None


def describe(event: Any) -> str:
    """Name a stored event for a person: notification id, type, stream and version."""
    kind = str(event.topic).rsplit(":", 1)[-1]
    return f"event {event.id} ({kind} on stream {event.originator_id}, version {event.originator_version})"


class NodeCheck:
    """Recomputes the cached subtrees from recomputed leaves and compares each with the stored one."""

    def __init__(self, cached: dict[tuple[int, int], bytes]):
        self.cached = cached
        self.pending: dict[int, list[bytes]] = {}
        self.done: dict[int, int] = {}

    def add(self, leaf: bytes) -> None:
        """Take the next leaf; check every cached node it completes."""
        level, value = 0, leaf
        while True:
            row = self.pending.setdefault(level, [])
            row.append(value)
            if len(row) < FANOUT:
                return
            level, value = level + STRIDE, perfect_root(row)
            self.pending[level - STRIDE] = []
            index = self.done[level] = self.done.get(level, -1) + 1
            stored = self.cached.get((level, index))
            if stored is not None and stored != value:
                first = index << level
                raise IntegrityViolation(f"the cached subtree over leaves {first}..{first + (1 << level) - 1} "
                                         "does not match the events: the Merkle log itself was altered")


def _leaves(app: GeoEventsApplication, table: MerkleTable, size: int) -> Iterator[tuple[int, int, bytes]]:
    """Yield (leaf_index, notification_id, leaf_hash) of the first `size` leaves, page by page."""
    start = 0
    while start < size:
        with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            rows = table.leaf_rows(c, start, min(PAGE, size - start))
        if not rows:
            return
        yield from rows
        start = rows[-1][0] + 1


def verify(app: GeoEventsApplication, checkpoint: Checkpoint | None = None,
           trusted_key: bytes | None = None) -> VerifyReport:
    """Check every event against its leaf, the cached subtrees and a checkpoint; name the first difference."""
    table = merkle_table(app)
    check_if_signed(checkpoint, trusted_key)
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        (last, size), cached = app.recorder.heads(c), table.cached_nodes(c)  # type: ignore[attr-defined]
    if checkpoint is not None and checkpoint.tree_size > size:
        raise IntegrityViolation(f"the checkpoint covers {checkpoint.tree_size} events but the log holds {size}: "
                                 "events were removed, or the checkpoint is from another store")
    malformed = getattr(app.recorder, "first_malformed_row", lambda: None)()
    if malformed is not None:
        number, wrong = malformed
        raise IntegrityViolation(f"event {number}: {wrong}; the event log was edited", notification_id=number)
    # The log and the tree as they stood at one moment: an event without a leaf, or a leaf without its event, is
    # an alteration, while what writers append meanwhile (events and leaves, committed together) is left for next time.
    events = notifications(app, 1, stop=last) if last else iter(())
    root, nodes = RootAccumulator(), NodeCheck(cached)
    at_checkpoint = EMPTY_ROOT
    for index, number, stored in _leaves(app, table, size):
        if index != root.size:
            raise IntegrityViolation(f"leaf {root.size} is missing from the Merkle log")
        event = next(events, None)
        if event is None or event.id > number:
            raise IntegrityViolation(f"event {number} (leaf {index}) is missing from the event log",
                                     notification_id=number)
        if event.id < number:
            raise IntegrityViolation(f"{describe(event)} is not in the Merkle log", notification_id=event.id)
        leaf = event_leaf(event)
        if leaf != stored:
            raise IntegrityViolation(f"{describe(event)}: its stored bytes no longer match leaf {index} "
                                     "of the Merkle log", notification_id=event.id)
        root.add(leaf)
        nodes.add(leaf)
        if checkpoint is not None and root.size == checkpoint.tree_size:
            at_checkpoint = root.root()
    if root.size != size:
        raise IntegrityViolation(f"leaf {root.size} is missing from the Merkle log")
    beyond = sorted((level, index) for level, index in cached if (index + 1) << level > size)
    if beyond:  # a writer may have completed it after the log's size was read (PostgreSQL reads each statement anew)
        with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
            grown = app.recorder.heads(c)[1]  # type: ignore[attr-defined]
        beyond = [(level, index) for level, index in beyond if (index + 1) << level > grown]
    if beyond:  # no write makes one: the next write completing it would clash with it
        level, index = beyond[0]
        first = index << level
        raise IntegrityViolation(f"the cached subtree over leaves {first}..{first + (1 << level) - 1} lies beyond the "
                                 f"log's {size} leaves: the Merkle log itself was altered")
    extra = next(events, None)
    if extra is not None:
        raise IntegrityViolation(f"{describe(extra)} is not in the Merkle log", notification_id=extra.id)
    if checkpoint is not None and at_checkpoint != checkpoint.root_hash:
        raise IntegrityViolation(f"the first {checkpoint.tree_size} events no longer hash to the checkpoint's "
                                 "root: the log and its leaves were rewritten together, or the checkpoint is from another store")
    return VerifyReport(size, root.root(), checkpoint.tree_size if checkpoint is not None else None)
