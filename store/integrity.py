"""Checkpoints and proofs served from the Merkle log (each read in one consistent snapshot).

Every proof is checked with the standalone verifier (`domain/proofs.py`) before it is handed out,
so `prove` never prints a proof that a third party would reject.
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.checkpoints import LOG_ID, Checkpoint
from domain.errors import IntegrityViolation, InvalidInput, StoreUnavailable
from domain.identity import actor_id
from domain.merkle import EMPTY_ROOT, consistency_proof, inclusion_proof
from domain.proofs import check_consistency, check_inclusion
from store.application import GeoEventsApplication
from store.merkle_table import MerkleTable
from store.reading import stream_id
from store.signing import sign


def merkle_table(app: GeoEventsApplication) -> MerkleTable:
    """Return the store's Merkle table, or fail when the store does not keep the log."""
    table = getattr(app.recorder, "merkle", None)
    if not isinstance(table, MerkleTable):
        raise StoreUnavailable("this store does not keep a Merkle log (GEOEVENTS_MERKLE_LOG is off)")
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        started = app.recorder.log_exists(c)  # type: ignore[attr-defined]
    if not started:  # a store older than the log, opened where it could not be written
        raise StoreUnavailable("this store's Merkle log has not started yet (the store was written without it); it "
                               "starts, giving every event its leaf, the next time the store is opened writable")
    return table


def tree_size(app: GeoEventsApplication) -> int:
    """Return how many events the Merkle log holds now."""
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        return merkle_table(app).size(c)


def _head(c: Any, table: MerkleTable, size: int | None) -> tuple[int, bytes, Any]:
    """Return (size, root, subtree function) of the tree at `size` (default: the whole log)."""
    current = table.size(c)
    size = current if size is None else size
    if size > current:
        raise IntegrityViolation(f"the log holds {current} events, fewer than the {size} asked for: "
                                 "events were removed, or the checkpoint is from another store")
    subtree = table.subtree(c)
    return size, subtree(0, size) if size else EMPTY_ROOT, subtree


def checkpoint(app: GeoEventsApplication, key: Ed25519PrivateKey | None = None,
               size: int | None = None) -> Checkpoint:
    """Return the tree size and root hash now (or at an earlier size), signed when a key is given."""
    table = merkle_table(app)
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        size, root, _ = _head(c, table, size)
    head = Checkpoint(size, root, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return sign(head, key) if key is not None else head


def prove_inclusion(app: GeoEventsApplication, ref: str, size: int | None = None) -> dict[str, Any]:
    """Return an inclusion proof for every event of the stream an occurrence id or key (or actor key) names."""
    table = merkle_table(app)
    recorder = app.recorder
    events = (recorder.stream_notifications(stream_id(ref))  # type: ignore[attr-defined]
              or recorder.stream_notifications(actor_id(ref)))  # type: ignore[attr-defined]
    if not events:
        raise InvalidInput(f"no occurrence or actor with id or key '{ref}'", field="ref")
    with recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        size, root, subtree = _head(c, table, size)
        leaves = table.leaves_of(c, [e.id for e in events])
        entries = []
        for event in events:
            if event.id not in leaves:
                raise IntegrityViolation(f"event {event.id} has no leaf in the Merkle log", notification_id=event.id)
            index, stored = leaves[event.id]
            if index >= size:
                continue
            entries.append({
                "leaf_index": index, "notification_id": event.id,
                "event": {"originator_id": str(event.originator_id), "originator_version": event.originator_version,
                          "topic": event.topic, "state": base64.b64encode(bytes(event.state)).decode()},
                "leaf_hash": stored.hex(),
                "audit_path": [h.hex() for h in inclusion_proof(index, size, subtree)],
            })
    if not entries:
        raise InvalidInput(f"'{ref}' was recorded after the checkpoint (tree size {size})", field="ref")
    doc = {"log": LOG_ID, "kind": "inclusion", "tree_size": size, "root_hash": root.hex(), "entries": entries}
    check_inclusion(doc)
    return doc


def prove_consistency(app: GeoEventsApplication, old: int, new: int | None = None) -> dict[str, Any]:
    """Return a proof that the tree of size `old` is a prefix of the tree of size `new` (default: now)."""
    table = merkle_table(app)
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        new, new_root, subtree = _head(c, table, new)
        if old > new:
            raise InvalidInput(f"the old size {old} is larger than the new size {new}", field="old")
        old_root = subtree(0, old) if old else EMPTY_ROOT
        proof = consistency_proof(old, new, subtree)
    doc = {"log": LOG_ID, "kind": "consistency", "old_size": old, "old_root": old_root.hex(),
           "new_size": new, "new_root": new_root.hex(), "proof": [h.hex() for h in proof]}
    check_consistency(doc)
    return doc


def matches_store(app: GeoEventsApplication, head: Checkpoint) -> None:
    """Fail unless the store's tree at the checkpoint's size has the checkpoint's root."""
    table = merkle_table(app)
    with app.recorder.datastore.transaction(commit=False) as c:  # type: ignore[attr-defined]
        _, root, _ = _head(c, table, head.tree_size)
    if root != head.root_hash:
        raise IntegrityViolation(f"the store's first {head.tree_size} events no longer hash to the "
                                 "checkpoint's root: the log was rewritten (run `geoevents verify`)")
