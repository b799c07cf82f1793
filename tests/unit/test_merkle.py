"""The RFC 9162 tree, proofs and verifier agree with a straightforward reading of the RFC's definitions."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.merkle import (
    EMPTY_ROOT, RootAccumulator, consistency_proof, inclusion_proof, leaf_hash, root_of, subtree_of,
    verify_consistency, verify_inclusion,
)


# -- the reference: RFC 9162 section 2.1, transcribed literally over leaf data -------------------
def ref_hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def ref_k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: list[bytes]) -> bytes:
    if not d:
        return ref_hash(b"")
    if len(d) == 1:
        return ref_hash(b"\x00" + d[0])
    k = ref_k(len(d))
    return ref_hash(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = ref_k(len(d))
    if m < k:
        return ref_path(m, d[:k]) + [ref_mth(d[k:])]
    return ref_path(m - k, d[k:]) + [ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = ref_k(n)
    if m <= k:
        return ref_subproof(m, d[:k], b) + [ref_mth(d[k:])]
    return ref_subproof(m - k, d[k:], False) + [ref_mth(d[:k])]


def ref_proof(m: int, d: list[bytes]) -> list[bytes]:
    return ref_subproof(m, d, True)


# -- strategies -----------------------------------------------------------------------------------
def trees(max_size: int = 40) -> st.SearchStrategy[list[bytes]]:
    """Random trees of distinct leaves (each leaf's data carries its position)."""
    return st.lists(st.binary(max_size=12), min_size=1, max_size=max_size).map(
        lambda items: [i.to_bytes(2, "big") + item for i, item in enumerate(items)])


def flip(value: bytes) -> bytes:
    return bytes([value[0] ^ 1]) + value[1:]


# -- properties -----------------------------------------------------------------------------------
@settings(max_examples=50, deadline=None)
@given(trees(70))
def test_the_root_of_every_prefix_is_the_rfc_tree_hash(data):
    accumulator = RootAccumulator()
    assert accumulator.root() == EMPTY_ROOT == ref_mth([])
    for size, item in enumerate(data, start=1):
        accumulator.add(leaf_hash(item))
        assert accumulator.root() == ref_mth(data[:size])
    assert root_of([leaf_hash(item) for item in data]) == ref_mth(data)


@settings(max_examples=40, deadline=None)
@given(trees())
def test_every_leaf_has_the_rfc_audit_path_and_it_verifies(data):
    hashes = [leaf_hash(item) for item in data]
    n, root = len(data), ref_mth(data)
    for m in range(n):
        path = inclusion_proof(m, n, subtree_of(hashes))
        assert path == ref_path(m, data)
        assert verify_inclusion(m, n, hashes[m], path, root)


@settings(max_examples=40, deadline=None)
@given(trees(), st.data())
def test_a_wrong_leaf_index_path_or_root_fails_inclusion(data, draw):
    hashes = [leaf_hash(item) for item in data]
    n, root = len(data), ref_mth(data)
    m = draw.draw(st.integers(0, n - 1))
    path = ref_path(m, data)
    other = draw.draw(st.integers(0, n - 1).filter(lambda i: i != m)) if n > 1 else None
    assert not verify_inclusion(m, n, flip(hashes[m]), path, root)
    assert not verify_inclusion(m, n, hashes[m], path, flip(root))
    assert not verify_inclusion(n, n, hashes[m], path, root)
    assert not verify_inclusion(m, n, hashes[m], path + [root], root)
    if other is not None:
        assert not verify_inclusion(other, n, hashes[m], path, root)
    if path:
        i = draw.draw(st.integers(0, len(path) - 1))
        assert not verify_inclusion(m, n, hashes[m], path[:i] + [flip(path[i])] + path[i + 1:], root)
        assert not verify_inclusion(m, n, hashes[m], path[:-1], root)
    larger = draw.draw(st.integers(n + 1, 2 * n + 2))  # the same path and root, claimed for a larger tree
    if len(ref_path(m, data + [b"x"] * (larger - n))) > len(path):  # whose audit path is longer: too short a path
        assert not verify_inclusion(m, larger, hashes[m], path, root)


@settings(max_examples=30, deadline=None)
@given(trees(33))
def test_every_pair_of_sizes_has_the_rfc_consistency_proof_and_it_verifies(data):
    hashes = [leaf_hash(item) for item in data]
    subtree = subtree_of(hashes)
    for n in range(1, len(data) + 1):
        new_root = ref_mth(data[:n])
        for m in range(0, n + 1):
            proof = consistency_proof(m, n, subtree)
            assert proof == (ref_proof(m, data[:n]) if 0 < m < n else [])
            assert verify_consistency(m, n, ref_mth(data[:m]), new_root, proof)


@settings(max_examples=40, deadline=None)
@given(trees(40), st.data())
def test_a_wrong_root_size_or_proof_fails_consistency(data, draw):
    n = len(data)
    m = draw.draw(st.integers(1, n))
    old_root, new_root = ref_mth(data[:m]), ref_mth(data)
    proof = ref_proof(m, data) if m < n else []
    assert not verify_consistency(m, n, flip(old_root), new_root, proof)
    assert not verify_consistency(m, n, old_root, flip(new_root), proof)
    assert not verify_consistency(n, m, new_root, old_root, proof) or m == n
    if proof:
        i = draw.draw(st.integers(0, len(proof) - 1))
        assert not verify_consistency(m, n, old_root, new_root, proof[:i] + [flip(proof[i])] + proof[i + 1:])
        assert not verify_consistency(m, n, old_root, new_root, proof[:-1])
        assert not verify_consistency(m, n, old_root, new_root, proof + [new_root])
    if m < n:
        assert not verify_consistency(m, n, old_root, new_root, [])


def test_the_empty_tree_is_a_prefix_of_every_tree_and_nothing_else_is_a_prefix_of_it():
    root = ref_mth([b"a", b"b"])
    assert verify_consistency(0, 2, EMPTY_ROOT, root, [])
    assert not verify_consistency(0, 2, root, root, [])
    assert not verify_consistency(2, 0, root, EMPTY_ROOT, [])
