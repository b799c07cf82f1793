"""The batched SQLite recorder reports each inserted event's own notification id (rowid)."""

from __future__ import annotations

from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteDatastore

from store.sqlite_recorder import BatchSQLiteApplicationRecorder


@pytest.mark.parametrize("top_taken", [False, True])
def test_a_batch_insert_reports_each_events_own_rowid(tmp_path, top_taken):
    recorder = BatchSQLiteApplicationRecorder(SQLiteDatastore(str(tmp_path / "s.db")))
    recorder.create_table()
    events = [StoredEvent(originator_id=UUID(int=i), originator_version=1, topic="m:E", state=b"%d" % i)
              for i in range(1, 6)]
    with recorder.datastore.transaction(commit=True) as c:
        if top_taken:  # SQLite then picks new rowids at random
            c.execute("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
                      "VALUES (9223372036854775807, 'x', 1, 'm:E', x'00')")
        ids = recorder._insert_rows(c, events)
        c.execute("SELECT rowid, originator_id FROM stored_events WHERE originator_id != 'x'")
        stored = {row["originator_id"]: row["rowid"] for row in c.fetchall()}
    assert ids == [stored[e.originator_id.hex] for e in events]


def test_a_store_without_the_log_records_with_the_same_batched_insert(tmp_path):
    from store.jsonl import read_lines
    from store.merkle_sqlite import MerkleSQLiteApplicationRecorder
    from store.root import open_store
    from store.settings import Settings
    from tests.conftest import SEED

    with open_store(Settings(store=str(tmp_path / "plain.db"), merkle_log=False)) as plain:
        recorder = plain.app.recorder
        assert isinstance(recorder, BatchSQLiteApplicationRecorder)
        assert not isinstance(recorder, MerkleSQLiteApplicationRecorder)
        result = plain.appender.append(read_lines(SEED.read_bytes().splitlines()))
        numbers = [n.id for n in recorder.select_notifications(1, 10_000)]
        assert len(numbers) >= result.appended > 0 and numbers == list(range(1, len(numbers) + 1))
