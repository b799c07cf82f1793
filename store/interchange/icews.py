"""ICEWS coded event data (tab-separated, original header) → records.

Identity: `Event ID` is not unique across ICEWS files, `(Event ID, Event Date)` is, so the
idempotency key is `icews:<Event ID>:<Event Date>`. `occurred` is the Event Date; ICEWS rows carry no
publication date, so `reported` is left to default to `recorded`. The publisher becomes the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import BinaryIO

from domain.codes import CODED, Mapping, from_cameo
from store.interchange.records import Party, Record, RowError, present, side_columns, slug
from store.interchange.tabular import TableStats, read_table

DATASET = "icews"
COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude",
)
PLACE = ("City", "District", "Province", "Country")
FIELD_COLUMNS = {"key": "Event ID", "occurred": "Event Date", **side_columns("Source Name", "Target Name"),
                 **dict.fromkeys(("text", "summary", "title", "topic"), "Event Text"), "cameo": "CAMEO Code",
                 "place": "/".join(PLACE), "sources": "Publisher"}
"""The column each field of the native object comes from, so that a rejection names the column."""


@lru_cache(maxsize=16384)
def sectors(text: str | None) -> tuple[str, ...]:
    """Split a sector list (comma-separated, unordered, maybe quoted) into a sorted set."""
    if not text:
        return ()
    return tuple(sorted({s.strip().strip('"') for s in text.split(",") if s.strip().strip('"')}))


def party(row: dict[str, str], side: str) -> Party | None:
    """The source or target actor of a cleaned row (see `present`), or None when the name is missing."""
    name = row.get(side + " Name")
    if name is None:
        return None
    return _party(name, row.get(side + " Country"), row.get(side + " Sectors"))


@lru_cache(maxsize=65536)
def _party(name: str, country: str | None, sector_list: str | None) -> Party:
    """One shared (frozen) Party per distinct name, country and sectors: actors repeat across rows."""
    return Party(name, country=country, sectors=sectors(sector_list))


def place(row: dict[str, str]) -> str | None:
    """The place named by the location columns, most precise first, without repeats."""
    parts: list[str] = []
    for column in PLACE:
        text = row.get(column)
        if text and text not in parts:
            parts.append(text)
    return ", ".join(parts) or None


def to_record(line: int, raw: dict[str, str]) -> Record | RowError:
    """Map one ICEWS row onto the catalogue (actors still by name); the raw row is kept as provenance."""
    row = present(raw)
    event_id, date = row.get("Event ID"), row.get("Event Date")
    if event_id is None or date is None:
        return RowError(line, "an ICEWS row needs an Event ID and an Event Date", raw,
                        "Event ID" if event_id is None else "Event Date")
    code, text = row.get("CAMEO Code"), row.get("Event Text")
    return Record(
        line=line, dataset=DATASET, record_id=event_id, key=f"{DATASET}:{event_id}:{date}", row=raw,
        mapping=from_cameo(code) if code else Mapping(CODED), occurred=date,
        source=party(row, "Source"), target=party(row, "Target"), text=text, place=place(row),
        topic=slug(text) if text else None, title=text, publisher=row.get("Publisher"),
    )


def read(stream: BinaryIO, stats: TableStats) -> Iterator[Record | RowError]:
    """Stream the records of an ICEWS file, one row at a time."""
    for row in read_table(stream, "\t", stats=stats,
                          needed=("Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name")):
        yield RowError(row.line, row.error, row.original) if row.error else to_record(row.line, row.cells)
