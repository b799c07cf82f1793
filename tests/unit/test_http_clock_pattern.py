"""The clock pattern of the HTTP parameters says exactly what the domain's clock rules accept."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.clocks import CLOCK_PATTERN
from domain.clocks import bound
from domain.errors import InvalidClock

PATTERN = re.compile(CLOCK_PATTERN)


def accepted_by_domain(text: str) -> bool:
    try:
        bound(text)
    except (InvalidClock, OverflowError):
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(st.from_regex(CLOCK_PATTERN, fullmatch=True))
def test_every_value_the_pattern_allows_is_a_valid_query_bound(text):
    assert accepted_by_domain(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["", "T10:30Z", "T23:59-05:00"]))
def test_dates_near_the_edges_of_the_calendar_match_the_pattern_exactly_when_the_domain_accepts_them(y, m, d, time):
    text = f"{y:04}-{m:02}-{d:02}{time}"
    instant_at_the_edge = bool(time) and y in (1, 9999)  # refused by the pattern on purpose (UTC overflow)
    assert bool(PATTERN.match(text)) == (accepted_by_domain(text) and not instant_at_the_edge)


def test_leap_days_follow_the_gregorian_rule():
    assert [bool(PATTERN.match(f"{y}-02-29")) for y in (2024, 2023, 2000, 1900)] == [True, False, True, False]


@settings(max_examples=40, deadline=None)
@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
       st.integers(-23 * 60, 23 * 60))
def test_instants_with_any_offset_in_years_2_to_9998_are_allowed(moment, minutes):
    zone = timezone(timedelta(minutes=minutes))
    text = moment.replace(tzinfo=zone).isoformat()
    assert PATTERN.match(text) and accepted_by_domain(text)
    assert date.fromisoformat(text[:10]) == moment.date()


def test_an_offset_whose_plus_arrived_as_a_space_is_refused_with_the_reason():
    from api.clocks import _readable_clock

    for sent in ("2024-04-03T10:00:00 02:00", "2024-04-03T10:00 0200"):
        with pytest.raises(ValueError, match="must be sent as %2B"):
            _readable_clock(sent)
    with pytest.raises(ValueError) as plain:
        _readable_clock("2024-13-01")
    assert "%2B" not in str(plain.value)
