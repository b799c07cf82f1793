"""Restamping a stored event's `recorded` time rewrites that time and nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.actors import ActorRegistered
from store.persistence import OrjsonTranscoder, PydanticMapper
from store.stamping import recorded_of, restamp, stamp_after

MAPPER = PydanticMapper(transcoder=OrjsonTranscoder())
UTC_TIMES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                         timezones=st.just(timezone.utc))


def stored(when: datetime, name: str = "Anna"):
    """A stored registration recorded at `when`."""
    event = ActorRegistered(originator_id=uuid4(), originator_version=1, timestamp=when, key="anna", name=name,
                            kind="person")
    return MAPPER.to_stored_event(event)


@given(UTC_TIMES, UTC_TIMES, st.text(min_size=1))
def test_restamping_changes_the_recorded_time_and_nothing_else(before, after, name):
    original = stored(before, name)
    (stamped,) = restamp([original], after)
    event, was = MAPPER.to_domain_event(stamped), MAPPER.to_domain_event(original)
    assert event.timestamp == after == recorded_of(stamped.state)
    assert event.model_copy(update={"timestamp": before}) == was
    assert (stamped.originator_id, stamped.originator_version, stamped.topic) == \
        (original.originator_id, original.originator_version, original.topic)


def test_a_state_without_a_recorded_time_is_left_as_it_is():
    other = stored(datetime.now(timezone.utc))
    other = type(other)(other.originator_id, 1, other.topic, b'{"name":"x"}')
    assert restamp([other], datetime.now(timezone.utc)) == [other]
    assert recorded_of(other.state) is None and recorded_of(None) is None


def test_the_stamp_never_goes_back_from_the_last_stored_event():
    ahead = datetime.now(timezone.utc) + timedelta(hours=1)  # a clock that was stepped back since
    assert stamp_after(stored(ahead).state) == ahead
    behind = datetime.now(timezone.utc) - timedelta(hours=1)
    assert stamp_after(stored(behind).state) > behind + timedelta(minutes=59)
    assert stamp_after(None) <= datetime.now(timezone.utc)
