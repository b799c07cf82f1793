"""The three clocks' values: partial dates keep their precision, stored values order by their start."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from domain.clocks import bound, end_of, normalise_clock, precision, start_of, to_micros
from domain.errors import InvalidClock
from projections.timeclock import Clocks

UTC = timezone.utc


@pytest.mark.parametrize("text", ["2024", "2024-04", "2024-04-03"])
def test_a_partial_date_keeps_its_precision(text):
    assert normalise_clock(text) == text


def test_an_instant_with_z_is_stored_with_an_explicit_offset():
    assert normalise_clock("2024-04-03T10:00Z") == "2024-04-03T10:00:00+00:00"


@pytest.mark.parametrize("text", ["2024-04-03T10:00", "2024-04-03T10:00:00.5"])
def test_a_naive_datetime_is_refused_naming_the_offset(text):
    with pytest.raises(InvalidClock, match="naive datetime"):
        normalise_clock(text)


@pytest.mark.parametrize(("text", "says"), [
    ("2024-03-01+00:00", "a date takes no offset"), ("2024-03-01Z", "a date takes no offset"),
    ("2024-03-01T24:00:00+00:00", "24:00 is not taken"),
    ("2024-02-29T10:00:00.1234567+00:00", "at most six fractional digits"),
    ("2024-04-03 10:00:00+00:00", "is not a date"), ("2024-04-03T10:00+0200", "is not a date"),
    ("20240403T100000Z", "is not a date"), ("2024-W14+00:00", "is not a date"),
])
def test_one_grammar_for_every_clock_and_a_message_that_says_what_is_wrong(text, says):
    """The CLI, input lines and HTTP take the same clocks (ISO 8601 extended, `T`, an offset, microseconds at most)."""
    with pytest.raises(InvalidClock, match=says):
        normalise_clock(text)


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13", "0000", "2024-00-10", "2024-00", "2024-04-00"])
def test_an_impossible_date_is_refused(text):
    with pytest.raises(InvalidClock, match="impossible date"):
        normalise_clock(text)


@pytest.mark.parametrize("value", ["yesterday", "24-04-03", "", 2024, None])
def test_something_that_is_not_a_date_is_refused(value):
    with pytest.raises(InvalidClock):
        normalise_clock(value)


@pytest.mark.parametrize("text", ["٢٠٢٤-٠٤-٠٣", "２０２４", "2024-０4", "2024-04-03T１0:00+00:00", "۲۰۲۴"])
def test_digits_other_than_ascii_are_refused_rather_than_stored_as_typed(text):
    """`\\d` matched Arabic-Indic and full-width digits: the date was stored as typed, in no canonical form,
    and the CLI took what the HTTP service refused."""
    with pytest.raises(InvalidClock, match="ASCII digits"):
        normalise_clock(text)


def test_a_naive_python_datetime_is_refused_but_an_aware_one_is_kept():
    with pytest.raises(InvalidClock):
        normalise_clock(datetime(2024, 4, 3))
    assert normalise_clock(datetime(2024, 4, 3, tzinfo=UTC)) == "2024-04-03T00:00:00+00:00"


@pytest.mark.parametrize(("text", "expected"), [("2024", "year"), ("2024-04", "month"),
                                                 ("2024-04-03", "day"), ("2024-04-03T10:00:00+02:00", "instant")])
def test_precision_is_named(text, expected):
    assert precision(text) == expected


def test_a_stored_partial_value_stands_for_the_start_of_its_interval():
    assert start_of("2024-04") == datetime(2024, 4, 1, tzinfo=UTC)
    assert start_of("2024") == datetime(2024, 1, 1, tzinfo=UTC)


def test_a_query_bound_stands_for_the_end_of_its_interval_inclusive():
    assert end_of("2024-04-03") == datetime(2024, 4, 3, 23, 59, 59, 999999, tzinfo=UTC)
    assert end_of("2024-12") == datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert end_of("2024-02") == datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)


def test_everything_that_occurred_on_a_day_is_before_that_days_bound():
    assert start_of("2024-04-03T23:30:00+00:00") <= bound("2024-04-03")
    assert start_of("2024-04-04") > bound("2024-04-03")


def test_an_instant_with_an_offset_is_compared_in_utc():
    assert start_of("2024-04-04T01:00:00+02:00") < bound("2024-04-03")


def test_no_bound_means_now_as_the_caller_read_it():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert Clocks.parse(None, "2024", None, now=now) == Clocks(to_micros(now), to_micros(bound("2024")), to_micros(now))


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"])
def test_an_instant_that_leaves_the_calendar_in_utc_is_refused(text):
    with pytest.raises(InvalidClock, match="outside the years"):
        normalise_clock(text)


WHOLE_SECOND_OFFSETS = st.integers(min_value=-(24 * 3600 - 1), max_value=24 * 3600 - 1).map(
    lambda seconds: timezone(timedelta(seconds=seconds)))
"""Offsets as stores can hold them: Python reads an offset's fraction of a second and drops it, so none was stored."""


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=WHOLE_SECOND_OFFSETS))
def test_every_instant_python_writes_is_read_back_as_it_was_written(instant):
    """Stores hold instants as `isoformat()` wrote them (offsets with seconds included): each must still be read."""
    assert normalise_clock(instant.isoformat()) == instant.isoformat()
