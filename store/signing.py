"""Ed25519 signatures of checkpoints: loading the signing key (GEOEVENTS_SIGNING_KEY) and trusted public keys,
signing a checkpoint and checking its signature."""

from __future__ import annotations

import base64
import binascii
from dataclasses import replace

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key

from domain.checkpoints import Checkpoint
from domain.errors import IntegrityViolation, InvalidInput


def load_signing_key(text: str) -> Ed25519PrivateKey:
    """Read a private key given as PEM (PKCS#8, e.g. `openssl genpkey -algorithm ed25519`) or base64 of 32 raw bytes."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except TypeError as e:  # the cryptography library's word for a PEM that needs a password
        if "encrypted" in str(e).lower() or "password" in str(e).lower():
            raise InvalidInput("the PEM key is encrypted: give it unencrypted (e.g. `openssl pkey -in key.pem -out "
                               "plain.pem`), in a file only the signing user can read",
                               field="GEOEVENTS_SIGNING_KEY") from None
        raise InvalidInput("not an Ed25519 private key (PEM, or base64 of 32 raw bytes)",
                           field="GEOEVENTS_SIGNING_KEY") from None
    except (ValueError, binascii.Error):
        raise InvalidInput("not an Ed25519 private key (PEM, or base64 of 32 raw bytes)",
                           field="GEOEVENTS_SIGNING_KEY") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("the PEM key is not an Ed25519 key", field="GEOEVENTS_SIGNING_KEY")
    return key


def load_public_key(text: str) -> bytes:
    """Read a trusted public key given as base64 of its 32 raw bytes."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error):
        raise InvalidInput("not an Ed25519 public key (base64 of 32 raw bytes)", field="public-key") from None
    return raw


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> Checkpoint:
    """Return the checkpoint signed with an Ed25519 private key."""
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return replace(checkpoint, public_key=public, signature=key.sign(checkpoint.message()))


def check_signature(checkpoint: Checkpoint, trusted_key: bytes | None = None) -> None:
    """Fail unless the checkpoint's signature is valid (and made by `trusted_key`, when one is given)."""
    if checkpoint.signature is None or checkpoint.public_key is None:
        raise IntegrityViolation("the checkpoint is not signed")
    if trusted_key is not None and trusted_key != checkpoint.public_key:
        raise IntegrityViolation("the checkpoint is signed by another key than the trusted one")
    try:
        Ed25519PublicKey.from_public_bytes(checkpoint.public_key).verify(checkpoint.signature, checkpoint.message())
    except (InvalidSignature, ValueError):
        raise IntegrityViolation("the checkpoint's signature is not valid") from None


def check_if_signed(checkpoint: Checkpoint | None, trusted_key: bytes | None) -> None:
    """Check a checkpoint's signature when it carries one or a trusted key asks for one (else take it as it is)."""
    if checkpoint is not None and (checkpoint.signature is not None or trusted_key is not None):
        check_signature(checkpoint, trusted_key)
