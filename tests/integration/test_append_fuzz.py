"""Hypothesis fuzzes the whole append path: any batch is stored whole or rejected whole, with no other outcome."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InputRejected
from store.jsonl import read_lines

DATES = st.one_of(st.sampled_from(["2024", "2024-04", "2024-04-03", "2024-04-03T10:00:00+03:00", "0000",
                                   "2024-13-01", "9999-12-31T23:59:59-12:00", "", "2024-04-03T10:00"]),
                  st.text(max_size=12))
REFS = st.one_of(st.sampled_from(["fra", "rus", "Shoigu", "Choïgou", "Kremlin", "nobody", ""]), st.text(max_size=8))
CONTACTS = st.fixed_dictionaries(
    {"type": st.sampled_from(["ContactMade", "ContactMade", "ContactMade", "AttackOccurred", "Nope"]),
     "key": st.text(min_size=1, max_size=6), "occurred": DATES,
     "participants": st.lists(REFS, max_size=3), "mode": st.sampled_from(["phone", "visit", "carrier-pigeon"])},
    optional={"reported": DATES, "summary": st.text(max_size=20), "topics": st.lists(st.text(max_size=5), max_size=2),
              "initiated_by": REFS, "extra": st.integers(-(2**63), 2**63 - 1)},
)
VALID = st.fixed_dictionaries(
    {"type": st.just("ContactMade"), "key": st.text(min_size=1, max_size=6),
     "occurred": st.sampled_from(["2024", "2024-04", "2024-04-03", "2024-04-03T10:00:00+03:00"]),
     "participants": st.lists(st.sampled_from(["fra", "rus", "Shoigu", "Choïgou", "Kremlin"]), min_size=2, max_size=3,
                              unique=True),
     "mode": st.sampled_from(["phone", "visit"])},
    optional={"summary": st.text(max_size=20), "topics": st.lists(st.text(min_size=1, max_size=5), max_size=2)},
)
LINES = st.one_of(VALID.map(orjson.dumps), VALID.map(orjson.dumps), VALID.map(orjson.dumps),
                  CONTACTS.map(orjson.dumps), st.binary(max_size=30))


def log_size(store) -> int:
    return store.app.recorder.max_notification_id() or 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, min_size=1, max_size=6))
def test_any_batch_is_stored_whole_or_rejected_whole(seeded, lines):
    before = log_size(seeded)
    try:
        result = seeded.appender.append(read_lines(lines))
    except InputRejected as rejected:
        assert rejected.rejections and log_size(seeded) == before
    else:
        assert not result.rejected and log_size(seeded) - before == result.appended
        assert result.appended + result.duplicates == result.lines
