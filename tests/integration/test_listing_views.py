"""`events list` from the views equals the listing folded from the whole log, for any history, filter and page."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from projections.describe import describe_occurrence
from domain.catalogue import OCCURRENCE_TYPES
from projections.occurrence_list import list_occurrences
from store.listing import OccurrenceFilter, select
from store.root import open_store
from tests.integration.histories import ACTORS, TOPICS, dates, histories
from tests.pg import fresh_settings

topics = st.sampled_from(TOPICS) | st.sampled_from(TOPICS).map(str.upper)
filters = st.builds(OccurrenceFilter, type=st.none() | st.sampled_from(list(OCCURRENCE_TYPES)),
                    actor=st.none() | st.sampled_from(ACTORS), topic=st.none() | topics,
                    since=st.none() | dates, until=st.none() | dates, include_retracted=st.booleans())


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(history=histories(), data=st.data())
def test_a_page_from_the_views_equals_the_same_page_of_the_log(backend, history, data):
    with fresh_settings(backend) as location, open_store(location) as store:
        for batch in history:
            store.append_objects(batch, skip_invalid=True)
        for _ in range(4):
            wanted = data.draw(filters)
            expected = select(store.app, wanted)
            everything, more = list_occurrences(store, wanted)
            assert [describe_occurrence(o) for o in everything] == [describe_occurrence(o) for o in expected]
            assert not more
            offset, limit = data.draw(st.integers(0, 12)), data.draw(st.integers(1, 6))
            page, more = list_occurrences(store, wanted, offset, limit)
            assert [o.id for o in page] == [o.id for o in expected[offset:offset + limit]]
            assert more == (offset + limit < len(expected))


def test_equal_occurred_dates_are_ordered_by_reported_then_recorded(store):
    def contact(key: str, occurred: str, reported: str | None) -> dict[str, object]:
        line = {"type": "ContactMade", "key": key, "occurred": occurred, "participants": ["fra", "rus"], "mode": "phone"}
        return {**line, "reported": reported} if reported else line

    store.append_objects([{"type": "ActorRegistered", "key": k, "name": k.upper(), "kind": "state"} for k in ("fra", "rus")])
    store.append_objects([contact("late-report", "2030-01-01", "2030-03-01"), contact("month", "2030-01", None)])
    store.append_objects([contact("early-report", "2030-01-01", "2030-02-01"),
                          contact("same-report-later", "2030-01-01", "2030-02-01")])
    wanted = OccurrenceFilter(since="2030-01")
    listed, _ = list_occurrences(store, wanted)
    assert [o.created.key for o in listed] == [o.created.key for o in select(store.app, wanted)] == [
        "month", "early-report", "same-report-later", "late-report"]  # without `reported`, recorded (now) counts
