"""The leaf and node tables give the same roots and proofs as the whole tree in memory, at any size."""

from __future__ import annotations

import random
import sqlite3
from types import SimpleNamespace
from uuid import UUID

import pytest

from domain.errors import IntegrityViolation
from domain.merkle import consistency_proof, inclusion_proof, root_of, subtree_of
from store.merkle_table import FANOUT, MerkleTable, event_leaf

SIZE = FANOUT * FANOUT + 3 * FANOUT + 17  # reaches the second cached level (2^16 leaves)


def fake_event(i: int) -> SimpleNamespace:
    return SimpleNamespace(originator_id=UUID(int=i), originator_version=1, topic="m:E", state=b"%d" % i)


@pytest.fixture(scope="module")
def grown():
    """A table grown by batches of random sizes, with the leaf hashes it should hold."""
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    table, cursor = MerkleTable(), connection.cursor()
    for statement in table.create_statements():
        cursor.execute(statement)
    rng, done = random.Random(7), 0
    while done < SIZE:
        n = min(SIZE - done, rng.choice([1, 2, 255, 256, 257, 1000, 4097]))
        table.record(cursor, list(range(done + 1, done + n + 1)), [fake_event(i) for i in range(done, done + n)])
        done += n
    return table, cursor, [event_leaf(fake_event(i)) for i in range(SIZE)]


def test_growing_in_any_batch_sizes_caches_exactly_the_completed_subtrees(grown):
    table, cursor, _ = grown
    levels: dict[int, int] = {}
    for level, _index in table.cached_nodes(cursor):
        levels[level] = levels.get(level, 0) + 1
    assert levels == {8: SIZE // FANOUT, 16: SIZE // FANOUT ** 2}
    assert table.size(cursor) == SIZE


def test_roots_at_any_size_equal_the_in_memory_tree(grown):
    table, cursor, leaves = grown
    subtree = table.subtree(cursor)
    for size in [1, 2, 255, 256, 257, 511, 512, FANOUT * FANOUT - 1, FANOUT * FANOUT, SIZE]:
        assert subtree(0, size) == root_of(leaves[:size])


def test_proofs_from_the_cache_equal_proofs_over_the_in_memory_tree(grown):
    table, cursor, leaves = grown
    cached, memory = table.subtree(cursor), subtree_of(leaves)
    for index in [0, 255, 256, 65535, 65536, SIZE - 1]:
        assert inclusion_proof(index, SIZE, cached) == inclusion_proof(index, SIZE, memory)
    for old in [1, 256, 300, 65536, SIZE - 1]:
        assert consistency_proof(old, SIZE, cached) == consistency_proof(old, SIZE, memory)


def test_a_missing_cached_node_is_recomputed_and_a_missing_leaf_is_named(grown):
    table, cursor, leaves = grown
    cursor.execute("SAVEPOINT s")
    cursor.execute("DELETE FROM merkle_nodes WHERE level = 16")
    cursor.execute("DELETE FROM merkle_nodes WHERE level = 8 AND node_index = 3")
    assert table.subtree(cursor)(0, SIZE) == root_of(leaves)
    cursor.execute("DELETE FROM merkle_leaves WHERE leaf_index = 800")
    with pytest.raises(IntegrityViolation, match="leaf 800 is missing"):
        table.subtree(cursor)(0, SIZE)
    cursor.execute("ROLLBACK TO s")

