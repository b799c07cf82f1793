"""Merkle trees in the manner of Certificate Transparency (RFC 9162, section 2.1): hashes, proofs, checks.

Pure functions over hashes. A tree is addressed by a `subtree(start, stop)` function that returns
the Merkle Tree Hash of leaves [start, stop); proofs are built from it, so a store can serve cached
subtrees while tests pass a plain list. Verification follows the RFC's algorithms step by step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

Subtree = Callable[[int, int], bytes]
"""Returns MTH(D[start:stop]) of one tree, for 0 <= start < stop <= size."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""The Merkle Tree Hash of the empty list: SHA-256 of no bytes."""


def leaf_hash(data: bytes) -> bytes:
    """Return the leaf hash SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the interior node hash SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """Return k, the largest power of two smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_root(hashes: Sequence[bytes]) -> bytes:
    """Return the root over a power-of-two number of hashes by pairing neighbours level by level."""
    level = list(hashes)
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


class RootAccumulator:
    """Computes the root of a stream of leaf hashes in O(log n) memory (the tree's right frontier)."""

    def __init__(self) -> None:
        self.size = 0
        self._frontier: list[tuple[int, bytes]] = []  # (subtree size, hash), largest first

    def add(self, leaf: bytes) -> None:
        """Append one leaf hash, merging equal-sized perfect subtrees."""
        size, value = 1, leaf
        while self._frontier and self._frontier[-1][0] == size:
            left_size, left = self._frontier.pop()
            size, value = left_size + size, node_hash(left, value)
        self._frontier.append((size, value))
        self.size += 1

    def root(self) -> bytes:
        """Return MTH of the leaves added so far: the frontier folded from right to left."""
        if not self._frontier:
            return EMPTY_ROOT
        value = self._frontier[-1][1]
        for _, left in reversed(self._frontier[:-1]):
            value = node_hash(left, value)
        return value


def root_of(leaves: Iterable[bytes]) -> bytes:
    """Return the Merkle Tree Hash of a sequence of leaf hashes."""
    accumulator = RootAccumulator()
    for leaf in leaves:
        accumulator.add(leaf)
    return accumulator.root()


def subtree_of(leaves: Sequence[bytes]) -> Subtree:
    """Return a subtree function over an in-memory list of leaf hashes (for small trees and tests)."""
    return lambda start, stop: root_of(leaves[start:stop])


def inclusion_proof(index: int, size: int, subtree: Subtree, start: int = 0) -> list[bytes]:
    """Return PATH(index, D[start:start+size]) of RFC 9162 2.1.3.1: the audit path of one leaf."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    if size == 1:
        return []
    k = split_point(size)
    if index < k:
        return inclusion_proof(index, k, subtree, start) + [subtree(start + k, start + size)]
    return inclusion_proof(index - k, size - k, subtree, start + k) + [subtree(start, start + k)]


def consistency_proof(old: int, new: int, subtree: Subtree) -> list[bytes]:
    """Return PROOF(old, D[new]) of RFC 9162 2.1.4.1 (empty when old is 0 or equals new)."""
    if not 0 <= old <= new:
        raise ValueError(f"cannot prove size {old} against size {new}")
    if old in (0, new):
        return []
    return _subproof(old, new, subtree, 0, True)


def _subproof(m: int, n: int, subtree: Subtree, start: int, complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[start:start+n], complete) of RFC 9162 2.1.4.1."""
    if m == n:
        return [] if complete else [subtree(start, start + n)]
    k = split_point(n)
    if m <= k:
        return _subproof(m, k, subtree, start, complete) + [subtree(start + k, start + n)]
    return _subproof(m - k, n - k, subtree, start + k, False) + [subtree(start, start + k)]


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """Check an audit path by the algorithm of RFC 9162 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """Check that a tree of size `old` is a prefix of one of size `new` (RFC 9162 2.1.4.2)."""
    if not 0 <= old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
