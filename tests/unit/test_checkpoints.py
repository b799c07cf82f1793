"""Checkpoints sign and verify with Ed25519, and malformed documents are refused naming the field."""

from __future__ import annotations

import base64
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (BestAvailableEncryption, Encoding, NoEncryption, PrivateFormat,
                                                          PublicFormat)

from domain.checkpoints import Checkpoint
from domain.errors import IntegrityViolation, InvalidInput
from domain.proofs import canonical_bytes
from store.signing import check_signature, load_public_key, load_signing_key, sign

HEAD = Checkpoint(tree_size=7, root_hash=bytes(range(32)), timestamp="2026-11-27T08:00:00+00:00")


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The base64 raw public key of a private key, as a verifier is given it."""
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def test_a_signed_checkpoint_survives_its_json_round_trip_and_verifies():
    key = Ed25519PrivateKey.generate()
    signed = Checkpoint.from_dict(sign(HEAD, key).to_dict())
    check_signature(signed)
    check_signature(signed, load_public_key(public_key_text(key)))


@pytest.mark.parametrize("change", [
    {"tree_size": 8}, {"root_hash": bytes(32)}, {"timestamp": "2026-11-28T08:00:00+00:00"},
])
def test_changing_any_signed_field_breaks_the_signature(change):
    signed = sign(HEAD, Ed25519PrivateKey.generate())
    with pytest.raises(IntegrityViolation, match="not valid"):
        check_signature(replace(signed, **change))


def test_a_checkpoint_signed_by_another_key_than_the_trusted_one_fails():
    signed = sign(HEAD, Ed25519PrivateKey.generate())
    with pytest.raises(IntegrityViolation, match="another key"):
        check_signature(signed, load_public_key(public_key_text(Ed25519PrivateKey.generate())))
    with pytest.raises(IntegrityViolation, match="not signed"):
        check_signature(HEAD)


@pytest.mark.parametrize("doc, field", [
    ({"log": "other"}, "log"),
    ({"log": "geoevents-merkle-v1", "tree_size": -1, "root_hash": "00"}, "tree_size"),
    ({"log": "geoevents-merkle-v1", "tree_size": True, "root_hash": "00"}, "tree_size"),
    ({"log": "geoevents-merkle-v1", "tree_size": 1, "root_hash": "zz"}, "root_hash"),
    ({"log": "geoevents-merkle-v1", "tree_size": 1, "root_hash": "00", "signature": {"algorithm": "rsa"}}, "signature"),
    ({"log": "geoevents-merkle-v1", "tree_size": 1, "root_hash": "00",
      "signature": {"algorithm": "ed25519", "public_key": "!!", "value": ""}}, "public_key"),
    ([1, 2], "log"),
    ({"log": "geoevents-merkle-v1", "tree_size": 1, "root_hash": "00"}, "timestamp"),
    ({"log": "geoevents-merkle-v1", "tree_size": 1, "root_hash": "00", "timestamp": None}, "timestamp"),
    ({"log": "geoevents-merkle-v1", "kind": "inclusion", "tree_size": 1, "root_hash": "00", "timestamp": "x"}, "kind"),
])
def test_a_malformed_checkpoint_is_refused_naming_the_field(doc, field):
    with pytest.raises(InvalidInput) as caught:
        Checkpoint.from_dict(doc)
    assert caught.value.field == field


def test_signing_keys_are_read_from_pem_or_base64_raw_bytes_and_nothing_else():
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    expected = public_key_text(key)
    assert public_key_text(load_signing_key(base64.b64encode(raw).decode())) == expected
    assert public_key_text(load_signing_key(pem)) == expected
    for bad in ["", "not base64!", base64.b64encode(b"short").decode(), "-----BEGIN PRIVATE KEY-----\nxx\n"]:
        with pytest.raises(InvalidInput):
            load_signing_key(bad)
    locked = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(b"secret")).decode()
    with pytest.raises(InvalidInput, match="encrypted"):
        load_signing_key(locked)


def test_canonical_bytes_length_prefix_every_field_so_boundaries_cannot_shift():
    data = canonical_bytes("ab", 1, "m:C", b"{}")
    assert data == (b"\x00\x00\x00\x02ab" + (1).to_bytes(8, "big") + b"\x00\x00\x00\x03m:C"
                    + b"\x00\x00\x00\x02{}")
    assert canonical_bytes("a", 1, "bm:C", b"{}") != canonical_bytes("ab", 1, "m:C", b"{}")
