"""The three clock parameters of every read route (`at`, `known_at`, `recorded_at`), described exactly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from pydantic import AfterValidator

from domain.clocks import normalise_clock
from domain.errors import InvalidClock

_YEAR = r"(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_INSTANT_YEAR = r"(?:000[2-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
              r"|(?:0[13578]|1[02])-31)")
_TIME = r"T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?)"
CLOCK_PATTERN = (rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29"
                 rf"|(?:{_INSTANT_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29){_TIME})$")
"""A clock value: `YYYY`, `YYYY-MM`, a real calendar day `YYYY-MM-DD`, or an ISO instant with offset
(years 0002-9998, so that no offset carries it out of the calendar in UTC)."""

_RULE = " (YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime with offset; a date means its end, inclusive; default now)"


def clock_query(what: str, alias: str | None = None) -> object:
    """Describe one clock parameter for the OpenAPI document, its pattern included (`QueryClock` checks it)."""
    return Query(description=what + _RULE, alias=alias, json_schema_extra={"pattern": CLOCK_PATTERN})


_MATCHES = re.compile(CLOCK_PATTERN).fullmatch  # `$` alone would let a final line break through


def _readable_clock(value: str | None) -> str | None:
    """Check a clock parameter against the pattern, saying in words what is wrong (as the command line does) rather
    than showing the pattern."""
    if value is None or _MATCHES(value):
        return value
    sent_plus = " (a '+' in a URL's query must be sent as %2B: sent bare, it arrives as a space)" \
        if re.search(r"[0-9] [0-9]{2}(?::?[0-9]{2})?$", value) else ""
    try:
        normalise_clock(value)
    except InvalidClock as e:
        raise ValueError(e.reason + sent_plus) from None
    raise ValueError(f"'{value}' is not a clock this service reads: YYYY, YYYY-MM, YYYY-MM-DD, or an ISO datetime with "
                     f"an offset such as 2024-04-03T10:00:00+02:00 (seconds to six decimals, years 0002 to 9998)"
                     f"{sent_plus}")


QueryClock = Annotated[str | None, AfterValidator(_readable_clock)]
"""A clock query parameter's type: text the pattern allows, else a 422 saying why."""


@dataclass(frozen=True)
class ClockParams:
    """Where a query cuts the three clocks: the world at `at`, knowledge at `known_at`, the store at `recorded_at`."""

    at: str | None = None
    known_at: str | None = None
    recorded_at: str | None = None

    def as_kwargs(self) -> dict[str, str | None]:
        """Return the clocks as keyword arguments of the projection queries."""
        return {"at": self.at, "known_at": self.known_at, "recorded_at": self.recorded_at}


async def clock_params(
    at: Annotated[QueryClock, clock_query("The world as of this time (`occurred`).")] = None,
    known_at: Annotated[QueryClock, clock_query("What was public knowledge at this time (`reported`).")] = None,
    recorded_at: Annotated[QueryClock, clock_query("What this store held at this time (`recorded`).")] = None,
) -> ClockParams:
    """Read the `at`, `known_at` and `recorded_at` query parameters."""
    return ClockParams(at, known_at, recorded_at)


ClocksDep = Annotated[ClockParams, Depends(clock_params)]
