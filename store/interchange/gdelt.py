"""GDELT event records (tab-separated, no header: 2.0's 61 columns, or 1.0's 58, 57 before April 2013) → records.

Identity: `GLOBALEVENTID` is unique across GDELT, so the key is `gdelt:<GLOBALEVENTID>`. `occurred`
is SQLDATE, `reported` is DATEADDED (UTC). Actors are named by Actor1Name/Actor2Name; a generic
role coded with a country and a type (`POLICE`, USA, COP) is named `Police (United States)`, the
ICEWS convention, so that one country's police is not merged with another's; an actor coded by its
country alone (`MOSCOW`, RUS: GDELT's geographic match names a capital or city) is that country's state.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import BinaryIO

from domain.codes import CODED, Mapping, from_cameo
from domain.countries import country_coded, country_named
from domain.errors import InvalidInput
from store.interchange.records import Party, Record, RowError, side_columns, value
from store.interchange.tabular import TableStats, read_table

DATASET = "gdelt"
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
]
GDELT_1_COLUMNS = [c for c in COLUMNS if not c.endswith("ADM2Code")]
"""GDELT 1.0's daily files (from April 2013): 2.0's columns without the three ADM2 codes, DATEADDED a day."""
GDELT_1_HISTORICAL = GDELT_1_COLUMNS[:-1]
"""GDELT 1.0's historical files (1979 to March 2013): without SOURCEURL too."""
LAYOUTS = {len(layout): layout for layout in (COLUMNS, GDELT_1_COLUMNS, GDELT_1_HISTORICAL)}
"""The columns of a GDELT events file by how many it has (a file has no header to tell)."""
FIELD_COLUMNS = {"key": "GLOBALEVENTID", "occurred": "SQLDATE", "reported": "DATEADDED",
                 **side_columns("Actor1Name", "Actor2Name"), "place": "ActionGeo_FullName", "sources": "SOURCEURL",
                 "cameo": "EventCode"}
"""The column each field of the native object comes from, so that a rejection names the column."""


def _day(text: str | None) -> str | None:
    """YYYYMMDD → YYYY-MM-DD."""
    if not text or len(text) != 8 or not text.isdigit():
        return text
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _instant(text: str | None) -> str | None:
    """YYYYMMDDHHMMSS (UTC) → an ISO datetime with offset."""
    if not text or len(text) != 14 or not text.isdigit():
        return _day(text)
    return f"{_day(text[:8])}T{text[8:10]}:{text[10:12]}:{text[12:]}+00:00"


def party(row: dict[str, str], side: str) -> Party | None:
    """An actor of a GDELT row, qualified by its country when it is a coded role (`Police (Ukraine)`), with its own
    name kept for a person registered under it."""
    name, code = value(row, f"{side}Name"), value(row, f"{side}CountryCode")
    country = country_coded(code) if code else None
    types = tuple(t for t in (value(row, f"{side}Type{i}Code") for i in (1, 2, 3)) if t)
    if name is None or country and _the_country_itself(row, side, code):
        return Party(country.name, country=country.name) if country else None
    plain = name.title() if name.isupper() else name
    if country and types and country_named(name) is None and not value(row, f"{side}KnownGroupCode"):
        return Party(f"{plain} ({country.name})", country=country.name, sectors=types, plain=plain)
    return Party(plain, country=country.name if country else None, sectors=types)


def _the_country_itself(row: dict[str, str], side: str, code: str | None) -> bool:
    """Tell whether an actor is a country as GDELT's geographic match codes it: its actor code is the country code
    alone, with no type, group, ethnic or religious code, and its name the country's or a city's (`MOSCOW`, coded
    RUS: the state, not an organisation named Moscow)."""
    return value(row, f"{side}Code") == code and not any(
        value(row, f"{side}{c}") for c in _ACTOR if c not in ("Code", "Name", "CountryCode"))


def to_record(line: int, row: dict[str, str]) -> Record | RowError:
    """Map one GDELT event row onto the catalogue (actors still by name)."""
    event_id, date = value(row, "GLOBALEVENTID"), _day(value(row, "SQLDATE"))
    if event_id is None or date is None:
        return RowError(line, "a GDELT row needs a GLOBALEVENTID and a SQLDATE", row,
                        "GLOBALEVENTID" if event_id is None else "SQLDATE")
    code = value(row, "EventCode")
    return Record(
        line=line, dataset=DATASET, record_id=event_id, key=f"{DATASET}:{event_id}", row=row,
        mapping=from_cameo(code) if code else Mapping(CODED), occurred=date,
        reported=_instant(value(row, "DATEADDED")), source=party(row, "Actor1"),
        target=party(row, "Actor2"), place=value(row, "ActionGeo_FullName"), **_source(value(row, "SOURCEURL")),
    )


def _source(cell: str | None) -> dict[str, str | None]:
    """SOURCEURL as the record's source: a link (http, https), or the name of a source GDELT could only cite
    (`BBC Monitoring`) as its publisher."""
    if cell is not None and not cell.lower().startswith(("http://", "https://")):
        return {"publisher": cell}
    return {"url": cell}


def read(stream: BinaryIO, stats: TableStats) -> Iterator[Record | RowError]:
    """Stream the records of a GDELT events file, 2.0 or 1.0, whose layout its first row's width tells (a header
    line, if any, is skipped); a file whose first row is narrower than any GDELT file's is refused whole, as a file
    of another format (a file has no header to check); a row a cell too wide is that row's own problem."""
    head = stream.readline()
    columns = LAYOUTS.get(head.rstrip(b"\r\n").count(b"\t") + 1, COLUMNS)
    first = True
    for row in read_table(chain([head], stream), "\t", header=columns, stats=stats):
        if first and row.error is not None and len(row.cells) < len(GDELT_1_HISTORICAL):
            raise InvalidInput(f"not a GDELT events file (tab-separated, {len(COLUMNS)} columns in GDELT 2.0, "
                               f"{len(GDELT_1_COLUMNS)} or {len(GDELT_1_HISTORICAL)} in 1.0): its first row has "
                               f"{len(row.cells)}", line=row.line)
        first = False
        yield RowError(row.line, row.error, row.original) if row.error else to_record(row.line, row.cells)
