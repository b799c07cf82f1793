"""The standalone verifier: canonical event bytes, and checks of inclusion and consistency proofs.

Everything here works without a database: a third party holding a checkpoint and a proof (both
JSON) can run `check_document` to know whether an event is in the log, or whether an old
checkpoint is a prefix of a newer one. The formats are described in docs/integrity.md.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.checkpoints import LOG_ID, Checkpoint, bytes_field, hashes_field, int_field
from domain.errors import IntegrityViolation, InvalidInput
from domain.merkle import leaf_hash, verify_consistency, verify_inclusion


def canonical_bytes(originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """Encode one stored event as leaf data: each field length-prefixed, version as 8 bytes (big-endian)."""
    ident = str(originator_id).encode("utf-8")
    name = topic.encode("utf-8")
    return b"".join([len(ident).to_bytes(4, "big"), ident, version.to_bytes(8, "big"),
                     len(name).to_bytes(4, "big"), name, len(state).to_bytes(4, "big"), state])


def _matches(checkpoint: Checkpoint | None, size: int, root: bytes, what: str) -> None:
    """Fail when a proof's claimed tree head is not the checkpoint's."""
    if checkpoint is not None and (checkpoint.tree_size, checkpoint.root_hash) != (size, root):
        raise IntegrityViolation(f"the proof's {what}tree (size {size}) is not the checkpoint's "
                                 f"(size {checkpoint.tree_size}, root {checkpoint.root_hash.hex()})")


def check_inclusion(doc: dict[str, Any], checkpoint: Checkpoint | None = None) -> int:
    """Check every event of an inclusion proof against its tree head; return how many were proven."""
    size, root = int_field(doc, "tree_size"), bytes_field(doc, "root_hash")
    _matches(checkpoint, size, root, "")
    entries = doc.get("entries")
    if not isinstance(entries, list) or not entries:
        raise InvalidInput("expected a non-empty list of proven events", field="entries")
    for entry in entries:
        event = entry.get("event") if isinstance(entry, dict) else None
        if not isinstance(event, dict):
            raise InvalidInput("expected the proven event", field="entries.event")
        index, number = int_field(entry, "leaf_index"), entry.get("notification_id")
        data = canonical_bytes(str(event.get("originator_id")), int_field(event, "originator_version"),
                                str(event.get("topic")), bytes_field(event, "state", b64=True))
        if leaf_hash(data) != bytes_field(entry, "leaf_hash"):
            raise IntegrityViolation(f"event {number} (leaf {index}): its bytes do not match its leaf hash",
                                     notification_id=number)
        if not verify_inclusion(index, size, leaf_hash(data), hashes_field(entry, "audit_path"), root):
            raise IntegrityViolation(f"event {number} (leaf {index}) is not included in the tree of size "
                                     f"{size}", notification_id=number)
    return len(entries)


def check_consistency(doc: dict[str, Any], old: Checkpoint | None = None, new: Checkpoint | None = None) -> None:
    """Check that the proof's old tree is a prefix of its new tree (and that both match checkpoints)."""
    old_size, old_root = int_field(doc, "old_size"), bytes_field(doc, "old_root")
    new_size, new_root = int_field(doc, "new_size"), bytes_field(doc, "new_root")
    _matches(old, old_size, old_root, "old ")
    _matches(new, new_size, new_root, "new ")
    if not verify_consistency(old_size, new_size, old_root, new_root, hashes_field(doc, "proof")):
        raise IntegrityViolation(f"the tree of size {old_size} is not a prefix of the tree of size {new_size}")


def check_document(doc: Any, checkpoint: Checkpoint | None = None) -> str:
    """The standalone verifier: check a proof document against a checkpoint (its signature checked before); say
    what holds."""
    if not isinstance(doc, dict) or doc.get("log") != LOG_ID:
        raise InvalidInput(f"not a proof of {LOG_ID}", field="log")
    if doc.get("kind") == "inclusion":
        count = check_inclusion(doc, checkpoint)
        proven = ", ".join(f"{str(e['event'].get('topic')).rsplit(':', 1)[-1]} {e['event'].get('originator_id')} "
                           f"version {e['event'].get('originator_version')}" for e in doc["entries"])
        return f"{count} event(s) included in the tree of size {doc['tree_size']}: {proven}"
    if doc.get("kind") == "consistency":
        fits_new = checkpoint is not None and checkpoint.tree_size == doc.get("new_size")
        check_consistency(doc, None if fits_new else checkpoint, checkpoint if fits_new else None)
        return f"the tree of size {doc['old_size']} is a prefix of the tree of size {doc['new_size']}"
    raise InvalidInput("expected kind 'inclusion' or 'consistency'", field="kind")
