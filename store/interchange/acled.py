"""ACLED event records (CSV with ACLED's header) → records.

Identity: `event_id_cnty` is ACLED's stable id, so the key is `acled:<event_id_cnty>`; a later ACLED
revision of the same event has different content and is rejected as a key conflict (record it as a
correction). `occurred` is event_date (ISO, `01 June 2018` or the codebook's `01-06-2018`), `reported` the `timestamp`
(UTC); `source` may list several publishers, separated by `;`.
Event and sub-event types map through their PLOVER equivalents (domain/codes.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import BinaryIO

from domain.codes import from_acled
from store.interchange.records import Party, Record, RowError, not_a_count, number, side_columns, value
from store.interchange.tabular import TableStats, read_table

DATASET = "acled"
BATTLES = "Battles"
"""The event type whose two actors ACLED gives without direction (either may have attacked): both are
perpetrators of the attack it maps to."""
INTERACTION_KINDS = {"1": "organisation", "2": "armed-group", "3": "armed-group", "4": "armed-group",
                     "5": "organisation", "6": "organisation", "7": "organisation", "8": "organisation"}
"""ACLED actor type codes (inter1/inter2): state forces, rebels, militias, rioters, protesters, ..."""
FIELD_COLUMNS = {"key": "event_id_cnty", "occurred": "event_date", "reported": "timestamp",
                 **side_columns("actor1", "actor2"), **dict.fromkeys(("text", "summary", "title"), "notes"),
                 "place": "location/admin2/admin1/country", "killed": "fatalities", "sources": "source"}
"""The column each field of the native object comes from, so that a rejection names the column."""


DATE_FORMS = ("%d %B %Y", "%d %b %Y", "%d-%m-%Y", "%d-%B-%Y", "%d-%b-%Y")
"""The forms of `event_date` besides ISO: `01 June 2018` (ACLED's export), `01 Jun 2018`, and the codebook's
dd-mm-yyyy (`01-06-2018`, `01-June-2018`); a form with slashes is refused, as `3/4/2024` reads both ways."""


def _date(text: str | None) -> str | None:
    """An ACLED date as ISO (2018-06-01), from any of its forms; anything else as given, for the clock's own check
    to refuse naming the column."""
    if text is None:
        return None
    for form in DATE_FORMS:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return text


def _kind(inter: str | None) -> str | None:
    if inter is None:
        return None
    lowered = inter.lower()
    if any(word in lowered for word in ("rebel", "militia")):
        return "armed-group"
    return INTERACTION_KINDS.get(inter, "organisation")


def party(row: dict[str, str], n: str) -> Party | None:
    """An actor of an ACLED row (actor1 or actor2) with the kind its interaction code implies.

    ACLED's `country` is where the event happened, not the actor's country, so it is not used here.
    """
    name = value(row, f"actor{n}")
    if name is None:
        return None
    return Party(name, kind=_kind(value(row, f"inter{n}")))


def to_record(line: int, row: dict[str, str]) -> Record | RowError:
    """Map one ACLED row onto the catalogue (actors still by name)."""
    event_id, date = value(row, "event_id_cnty"), _date(value(row, "event_date"))
    if event_id is None or date is None:
        return RowError(line, "an ACLED row needs an event_id_cnty and an event_date", row,
                        "event_id_cnty" if event_id is None else "event_date")
    if refused := not_a_count(line, row, {name: value(row, name) for name in ("timestamp", "fatalities")}):
        return refused
    stamp = number(value(row, "timestamp"))
    reported = _published(stamp)
    if stamp is not None and reported is None:
        return RowError(line, f"timestamp {stamp} is past any date", row, "timestamp")
    places = [p for p in (value(row, c) for c in ("location", "admin2", "admin1", "country")) if p]
    notes = value(row, "notes")
    source, target = party(row, "1"), party(row, "2")
    publishers = [p.strip() for p in (value(row, "source") or "").split(";") if p.strip()]
    return Record(
        line=line, dataset=DATASET, record_id=event_id, key=f"{DATASET}:{event_id}", row=row,
        mapping=from_acled(value(row, "event_type") or "", value(row, "sub_event_type") or ""),
        occurred=date,
        reported=reported,
        source=source, target=target, text=notes,
        place=", ".join(dict.fromkeys(places)) or None, title=notes,
        killed=number(value(row, "fatalities")), publisher=publishers[0] if publishers else None,
        more_publishers=tuple(publishers[1:]),
        more_sources=(target,) if target and value(row, "event_type") == BATTLES else (),
    )


def _published(stamp: int | None) -> str | None:
    """ACLED's `timestamp` (seconds since 1970, when the row was last changed) as an instant, or None when it is
    absent or beyond what a date can hold."""
    if stamp is None:
        return None
    try:
        return datetime.fromtimestamp(stamp, timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def read(stream: BinaryIO, stats: TableStats) -> Iterator[Record | RowError]:
    """Stream the records of an ACLED CSV file, one row at a time."""
    for row in read_table(stream, ",", stats=stats, needed=("event_id_cnty", "event_date", "event_type", "actor1")):
        yield RowError(row.line, row.error, row.original) if row.error else to_record(row.line, row.cells)
