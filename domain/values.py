"""Value objects nested in occurrences: sources, claims, perpetrators and suspects."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from domain.base import Value
from domain.clocks import ClockValue
from domain.vocabulary import Stance

NonEmpty = Field(min_length=1)


EXACT_FLOATS = 2**53
"""Whole numbers written with a decimal point are exact only below this (JSON readers hold them as doubles)."""


LARGEST_COUNT = 2**63 - 1
"""The largest count a store keeps (a 64-bit signed integer)."""


def _plain_number(value: object) -> object:
    """Refuse a string or a boolean where a number belongs (lax validation would read "5" or true as one), and a
    number written with a decimal point too large to be exact (9007199254740993.0 is read as ...992)."""
    if isinstance(value, (str, bool)):
        raise ValueError(f"must be a whole number, not {type(value).__name__} {value!r}")
    if isinstance(value, float) and value > LARGEST_COUNT:  # JSON readers hold a whole number past 64 bits as a
        raise ValueError(f"must be at most {LARGEST_COUNT} (2^63-1)")  # float too, whatever way it was written
    if isinstance(value, float) and value >= EXACT_FLOATS:  # (a negative one is refused as below 0)
        raise ValueError("a number of 2^53 or more written with a decimal point or an exponent cannot be read "
                         "exactly; write it as a whole number, without '.0' or an exponent")
    return value


Count = Annotated[int, BeforeValidator(_plain_number), Field(ge=0, le=LARGEST_COUNT)]
"""A number of people, minutes or an index: a whole number (41.0 is taken as 41; "41", 41.5, true and a decimal
number of 2^53 or more are refused), never negative, and small enough to store (64-bit)."""


class Source(Value):
    """Where a report comes from: the publisher and, when known, title, url, date and quote."""

    publisher: str = NonEmpty
    title: str | None = None
    url: str | None = None
    published: ClockValue | None = None
    quote: str | None = None


class Claim(Value):
    """One stance a statement expresses about a subject actor on a topic, with its quote."""

    subject: str = NonEmpty
    topic: str = NonEmpty
    stance: Stance
    quote: str | None = None


class Perpetrator(Value):
    """An actor said to be behind an attack, and how firmly: alleged, claimed or confirmed."""

    actor: str = NonEmpty
    status: Literal["alleged", "claimed", "confirmed"] = "alleged"

    @model_validator(mode="before")
    @classmethod
    def _from_reference(cls, data: object) -> object:
        """Accept a bare actor reference as an alleged perpetrator."""
        return {"actor": data} if isinstance(data, str) else data


class Suspect(Value):
    """A person arrested: a name and, when reported, a nationality."""

    name: str = NonEmpty
    nationality: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: object) -> object:
        """Accept a bare name."""
        return {"name": data} if isinstance(data, str) else data


class Provenance(Value):
    """Where an imported occurrence came from: upstream dataset, its record id and original row."""

    dataset: str = NonEmpty
    record_id: str = NonEmpty
    row: dict[str, str | None] = Field(default_factory=dict)
