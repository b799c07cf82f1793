"""A batch larger than one database message: stored whole, with its leaves, on every backend.

On PostgreSQL a batch went in as one INSERT, and psycopg's pipeline mode hung on a message of some 10 MB
(30 events of 400 kB, or 40,000 generated lines): the writer never returned and held the events table's
lock, so every other writer and reader waited behind it."""

from __future__ import annotations

import orjson

from store.jsonl import read_lines
from store.merkle_postgres import CHUNK_BYTES, chunks
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


def test_a_batch_from_a_live_pipe_is_stored_before_the_next_lines_arrive(settings):
    """Each batch waited for the next one to be read (a look-ahead to tell the last batch), so on a live pipe
    (`tail -f log | geoevents append - --batch-size 1`) a line was stored only when the next one came."""
    import time

    from store.reading import find_occurrence
    from store.root import open_store
    from tests.conftest import SEED

    seen: list[bool] = []

    def visible(key: str) -> bool:
        with open_store(settings) as other:
            try:
                find_occurrence(other.app, key)
            except Exception:  # noqa: BLE001 - not stored yet
                return False
            return True

    def live_pipe():
        yield from SEED.read_bytes().splitlines()
        yield orjson.dumps({"type": "ContactMade", "key": "live-1", "occurred": "2024-06-01",
                            "participants": ["fra", "rus"], "mode": "phone"})
        deadline = time.monotonic() + 10
        while not visible("live-1") and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.append(visible("live-1"))
        yield orjson.dumps({"type": "ContactMade", "key": "live-2", "occurred": "2024-06-02",
                            "participants": ["fra", "rus"], "mode": "phone"})

    with open_store(settings) as store:
        result = store.appender.append(read_lines(live_pipe()), batch_size=1)
    assert seen == [True] and result.appended >= 2
