"""A batch larger than one database message: stored whole, with its leaves, on every backend.

On PostgreSQL a batch went in as one INSERT, and psycopg's pipeline mode hung on a message of some 10 MB
(30 events of 400 kB, or 40,000 generated lines): the writer never returned and held the events table's
lock, so every other writer and reader waited behind it."""

from __future__ import annotations

import orjson

from store.jsonl import read_lines
from store.postgres_recorder import CHUNK_BYTES, chunks
from store.verification import verify


def test_a_batch_of_twelve_megabytes_is_stored_whole_with_its_leaves(seeded):
    before = seeded.app.recorder.max_notification_id()
    lines = [orjson.dumps({"type": "ContactMade", "key": f"big-{i}", "occurred": "2024-05-01",
                           "participants": ["rus", "fra"], "mode": "phone", "summary": f"{i} " + "x" * 400_000})
             for i in range(30)]
    result = seeded.appender.append(read_lines(lines))
    assert result.appended == 30 and not result.rejected
    assert seeded.app.recorder.max_notification_id() >= before + 30
    assert verify(seeded.app).tree_size == seeded.app.recorder.max_notification_id()


def test_a_batch_is_cut_by_count_and_by_bytes_and_keeps_its_order():
    class Event:
        def __init__(self, n: int, size: int):
            self.n, self.state = n, b"x" * size

    many = [Event(i, 10) for i in range(12_001)]
    assert [len(c) for c in chunks(many)] == [5000, 5000, 2001]
    heavy = [Event(i, CHUNK_BYTES // 3) for i in range(7)]
    cut = chunks(heavy)
    assert [len(c) for c in cut] == [3, 3, 1] and [e.n for c in cut for e in c] == list(range(7))
    assert [len(c) for c in chunks([Event(0, CHUNK_BYTES * 2), Event(1, 1)])] == [1, 1]

