"""Checkpoints of the verifiable log: a tree size and root hash at a moment, optionally signed (Ed25519).

The document format and the signed message are described in docs/integrity.md; signing and checking a
signature are `store.signing`'s, so that the domain needs no cryptography library.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput

LOG_ID = "geoevents-merkle-v1"
"""Names the tree construction and canonical leaf encoding; part of every document and signature."""


def bytes_field(data: dict[str, Any], name: str, *, b64: bool = False) -> bytes:
    """Read a hex (or base64) field of a document, or fail naming it."""
    value = data.get(name)
    try:
        if not isinstance(value, str):
            raise ValueError
        return base64.b64decode(value, validate=True) if b64 else bytes.fromhex(value)
    except (ValueError, binascii.Error):
        raise InvalidInput(f"expected {'base64' if b64 else 'hex'} text", field=name) from None


def int_field(data: dict[str, Any], name: str) -> int:
    """Read a non-negative integer field of a document, or fail naming it."""
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidInput("expected a non-negative integer", field=name)
    return value


@dataclass(frozen=True)
class Checkpoint:
    """A tree size and its root hash at a moment, optionally signed with Ed25519."""

    tree_size: int
    root_hash: bytes
    timestamp: str
    public_key: bytes | None = None
    signature: bytes | None = None

    def message(self) -> bytes:
        """Return the exact bytes a signature covers."""
        return f"{LOG_ID}\n{self.tree_size}\n{self.root_hash.hex()}\n{self.timestamp}\n".encode()

    def to_dict(self) -> dict[str, Any]:
        """Return the checkpoint as its JSON document."""
        doc: dict[str, Any] = {"log": LOG_ID, "tree_size": self.tree_size,
                               "root_hash": self.root_hash.hex(), "timestamp": self.timestamp}
        if self.signature is not None and self.public_key is not None:
            doc["signature"] = {"algorithm": "ed25519",
                                "public_key": base64.b64encode(self.public_key).decode(),
                                "value": base64.b64encode(self.signature).decode()}
        return doc

    @classmethod
    def from_dict(cls, data: Any) -> "Checkpoint":
        """Read a checkpoint document, or fail naming the field that is wrong."""
        if not isinstance(data, dict) or data.get("log") != LOG_ID:
            raise InvalidInput(f"not a checkpoint of {LOG_ID}", field="log")
        if "kind" in data:  # a proof carries its tree head too, but it is no checkpoint anyone kept
            raise InvalidInput(f"a proof (kind {data['kind']!r}), not a checkpoint (`geoevents checkpoint --format "
                               "json` writes one)", field="kind")
        signature = data.get("signature")
        key = value = None
        if signature is not None:
            if not isinstance(signature, dict) or signature.get("algorithm") != "ed25519":
                raise InvalidInput("expected an ed25519 signature object", field="signature")
            key, value = bytes_field(signature, "public_key", b64=True), bytes_field(signature, "value", b64=True)
        size, root = int_field(data, "tree_size"), bytes_field(data, "root_hash")
        if not isinstance(data.get("timestamp"), str) or not data["timestamp"]:
            raise InvalidInput("expected the time the checkpoint was taken", field="timestamp")
        return cls(size, root, data["timestamp"], key, value)


def hashes_field(data: dict[str, Any], name: str) -> list[bytes]:
    """Read a list of hex hashes (an audit path or consistency proof), or fail naming it."""
    values = data.get(name, [])
    if not isinstance(values, list):
        raise InvalidInput("expected a list of hex hashes", field=name)
    return [bytes_field({name: value}, name) for value in values]
