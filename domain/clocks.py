"""Clock values: partial dates (`2024`, `2024-04`, `2024-04-03`) and timezone-aware instants.

Rule for comparing partial values (documented in the README): a stored partial value stands for
its whole interval and is ordered and filtered by the *start* of that interval; an upper bound given
to a query (`--at`, `--known-at`, `--recorded-at`, `--until`, `--to`) stands for the *end* of its
interval, inclusive, so `--at 2024-04-03` includes everything that occurred on 3 April (UTC) and
`--at 2024-04` everything in April; a lower bound (`--since`, `--from`) stands for the *start* of
its interval, so `--since 2022-02-24` includes the 24th.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Annotated

from pydantic import BeforeValidator

from domain.errors import InvalidClock

UTC = timezone.utc
_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
"""A partial date in ASCII digits (`\\d` would also take Arabic-Indic or full-width digits, kept as typed)."""
_MICROSECOND = timedelta(microseconds=1)


def _partial_parts(text: str) -> tuple[int, int | None, int | None] | None:
    """Split a partial date into (year, month, day), or None when it is not one."""
    m = _PARTIAL.match(text)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return year, month, day


def normalise_clock(text: object) -> str:
    """Validate a clock value and return its canonical text, keeping its precision."""
    if isinstance(text, datetime):
        if text.tzinfo is None:
            raise InvalidClock("naive datetime: a time zone offset is required (e.g. +00:00)")
        return _in_range(text, text.isoformat())
    if isinstance(text, date):
        return text.isoformat()
    if not isinstance(text, str):
        raise InvalidClock(f"expected a date or datetime string, got {type(text).__name__}")
    if not text.strip():
        raise InvalidClock(f"{text!r} is empty: give a date (YYYY, YYYY-MM, YYYY-MM-DD) or an ISO datetime with offset")
    text = text.strip()
    if not text.isascii():
        raise InvalidClock(f"'{text}' is not a date: write it in ASCII digits (YYYY, YYYY-MM, YYYY-MM-DD) or as an "
                           "ISO datetime with offset")
    parts = _partial_parts(text)
    if parts is not None:
        year, month, day = parts
        if year < 1:
            raise InvalidClock(f"impossible date '{text}': year must be between 0001 and 9999")
        try:
            date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as e:
            raise InvalidClock(f"impossible date '{text}': {e}") from None
        return text
    return _instant(text)


INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T(?P<hour>\d{2}):\d{2}(?::\d{2}(?P<fraction>\.\d+)?)?"
                     r"(?P<offset>Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?")
"""An instant as every clock takes it (input lines, options, HTTP): ISO 8601 extended, `T`, seconds optional, up to
six fractional digits, and an offset (with seconds too, as Python writes a local mean time such as +00:09:21, which
stores written before this grammar may hold)."""
DATE_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})")


def _instant(text: str) -> str:
    """Validate an instant and return its canonical text, saying what is wrong with one that is not."""
    shape = INSTANT.fullmatch(text)
    if shape is None:
        if DATE_WITH_OFFSET.fullmatch(text):
            raise InvalidClock(f"'{text}': a date takes no offset; write the date alone ({text[:10]}) or an instant "
                               f"such as {text[:10]}T00:00:00+00:00")
        raise InvalidClock(f"'{text}' is not a date (YYYY, YYYY-MM, YYYY-MM-DD) or an ISO datetime with offset "
                           "(YYYY-MM-DDTHH:MM[:SS[.ffffff]] then Z or +HH:MM)")
    if shape["offset"] is None:
        raise InvalidClock(f"naive datetime '{text}': a time zone offset is required (e.g. +00:00)")
    if shape["fraction"] is not None and len(shape["fraction"]) > 7:
        raise InvalidClock(f"'{text}': at most six fractional digits (microseconds), which is what a clock keeps")
    if shape["hour"] == "24":
        raise InvalidClock(f"'{text}': 24:00 is not taken; write 00:00 of the next day")
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError as e:
        raise InvalidClock(f"impossible datetime '{text}': {e}") from None
    return _in_range(parsed, parsed.isoformat())


def _in_range(instant: datetime, text: str) -> str:
    """Refuse an instant whose UTC time falls outside datetime's years (e.g. 0001-01-01T00:00+14:00)."""
    try:
        instant.astimezone(UTC)
    except OverflowError:
        raise InvalidClock(f"'{text}' falls outside the years 0001 to 9999 in UTC") from None
    return text


def precision(text: str) -> str:
    """Name the precision of a clock value: year, month, day or instant."""
    parts = _partial_parts(text)
    if parts is None:
        return "instant"
    return "day" if parts[2] else "month" if parts[1] else "year"


def start_of(text: str) -> datetime:
    """Return the first instant (UTC) of the interval a clock value stands for."""
    parts = _partial_parts(text)
    if parts is None:
        return datetime.fromisoformat(text).astimezone(UTC)
    year, month, day = parts
    return datetime(year, month or 1, day or 1, tzinfo=UTC)


def end_of(text: str) -> datetime:
    """Return the last instant (UTC, inclusive) of the interval a clock value stands for."""
    parts = _partial_parts(text)
    if parts is None:
        return datetime.fromisoformat(text).astimezone(UTC)
    year, month, day = parts
    first = datetime(year, month or 1, day or 1, tzinfo=UTC)
    try:
        if day:
            nxt = first + timedelta(days=1)
        elif month:
            nxt = first.replace(year=year + (month == 12), month=month % 12 + 1)
        else:
            nxt = first.replace(year=year + 1)
    except (OverflowError, ValueError):
        return datetime.max.replace(tzinfo=UTC)
    return nxt - _MICROSECOND


def public_from(reported: str | None, recorded: datetime) -> datetime:
    """The instant from which a record is public: the start of its `reported`, else when it was recorded."""
    return start_of(normalise_clock(reported)) if reported else recorded


def shown(instant: datetime) -> str:
    """An instant as a message shows it: as a date when it is midnight UTC (where a `reported` date starts), else
    in full."""
    return instant.date().isoformat() if instant.time() == time(0) and instant.utcoffset() == timedelta(0) \
        else instant.isoformat()


def to_micros(instant: datetime) -> int:
    """Return an aware instant as integer microseconds since the Unix epoch (for indexed columns)."""
    delta = instant - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> datetime:
    """Return the UTC instant for integer microseconds since the Unix epoch."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


def bound(text: str) -> datetime:
    """Turn a query bound into the inclusive UTC instant it stands for: the end of its interval (a bound not given
    means now, which the caller reads: the domain reads no clock)."""
    return end_of(normalise_clock(text))


@lru_cache(maxsize=65536)
def _normalised_text(text: str) -> str:
    """normalise_clock for text, cached: bulk imports repeat the same few dates (errors are not cached)."""
    return normalise_clock(text)


def _validate(value: object) -> str:
    try:
        return _normalised_text(value) if isinstance(value, str) else normalise_clock(value)
    except InvalidClock as e:
        raise ValueError(e.reason) from None


ClockValue = Annotated[str, BeforeValidator(_validate)]
"""A validated clock value (partial date or aware ISO datetime) kept as canonical text."""
