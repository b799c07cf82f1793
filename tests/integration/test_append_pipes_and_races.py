"""Appends as they meet the world: lines from a live pipe, and corrections racing each other."""

from __future__ import annotations

import orjson

from store.jsonl import read_lines


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


def test_two_corrections_of_different_parts_of_one_field_both_apply_whatever_their_order(seeded):
    """A dotted path was expanded by the command from the record it read before appending: two corrections
    racing on one statement each carried the whole claims list, and the later one undid the earlier."""
    from cli.corrections import changes_for
    from store.reading import find_occurrence

    key = "2024-04-03-russian-mod-communique"
    stale = find_occurrence(seeded.app, key)  # both commands read the record before either appends
    first = {"type": "Corrected", "target": key, "changes": changes_for(stale, ["claims.0.stance=opposes"]),
             "reason": "r0"}
    second = {"type": "Corrected", "target": key, "changes": changes_for(stale, ["claims.1.stance=condemns"]),
              "reason": "r1"}
    assert seeded.append_objects([first]).appended == 1
    assert seeded.append_objects([second]).appended == 1
    claims = find_occurrence(seeded.app, key).current().claims
    assert [c.stance for c in claims[:2]] == ["opposes", "condemns"]
    nowhere = {"type": "Corrected", "target": key, "changes": {"claims.9.stance": "x"}, "reason": "r2"}
    rejected = seeded.appender.append(read_lines([orjson.dumps(nowhere)]), skip_invalid=True).rejected
    assert [r.field for r in rejected] == ["changes.claims.9.stance"]
