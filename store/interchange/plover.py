"""PLOVER records (JSON Lines, one record per line, PLOVER field names) → records.

Fields read: `id` (required; key `plover:<id>`, except in our own export: `Importer._as_own`), `date`
(occurred), `event` and `mode` (a string, or a list as the PLOVER manual writes them: its first value),
`context` (string or list: topics, and the domain of an AGREE), `source`/`actor` and `target`/`recipient`
(a name, an object or a list of objects with `actorText`/`name`, `code`, `sector`, `wikidata`: every
entry, as the parties of a contact or an agreement, the perpetrators of an attack), `eventText`/`event_text`/
`text`, `publication` (publisher), `publicationDate` or `dateAdded` (reported), `url`, `dead`, `injured`,
`size` (the count of an arrest), `location`/`event_loc`/`eventLoc` (a name or an object with `name`), `cameo`
when a record carries one, and our own export's `geoevents` extension (type, store id, `occurred`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO
from uuid import UUID

import orjson

from domain.clocks import normalise_clock, start_of
from domain.codes import CODED, Mapping, from_plover
from domain.errors import InvalidInput
from store.interchange.records import MISSING, Party, Record, RowError, not_a_count, number, side_columns, slug
from store.interchange.tabular import TableStats
from store.jsonl import read_lines

DATASET = "plover"
BOM = b"\xef\xbb\xbf"
PLACE_FIELDS = ("location", "event_loc", "eventLoc")
FIELD_COLUMNS = {"key": "id", "occurred": "date", "reported": "publicationDate/dateAdded",
                 **side_columns("source/actor", "target/recipient"),
                 **dict.fromkeys(("text", "summary", "title"), "eventText/event_text/text"),
                 **dict.fromkeys(("topic", "topics"), "context"), "place": "/".join(PLACE_FIELDS), "count": "size",
                 "killed": "dead", "injured": "injured", "sources.0.publisher": "publication", "sources": "url",
                 "cameo": "cameo", "plover": "event", "method": "mode"}
"""The column each field of the native object comes from, so that a rejection names the column."""


def _text(data: dict[str, Any], *names: str) -> str | None:
    """The first text among several field names that holds a value (not blank, not an NA marker such as `NA`,
    which R's JSON writers put for a missing string); a list, as the PLOVER manual gives `event`, `mode` and
    `event_text`, counts by its first such value."""
    for name in names:
        raw = data.get(name)
        for item in raw if isinstance(raw, list) else [raw]:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip() not in MISSING:
                return str(item).strip()
    return None


def _cell(raw: Any) -> str | None:
    """A field's value as text to check (a count): None when absent, null, blank or an NA marker; JSON for anything
    that is not text or a number (`true`, `[3]`), which then is no count."""
    if raw is None or isinstance(raw, str) and raw.strip() in MISSING:
        return None
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return str(raw).strip()
    return orjson.dumps(raw).decode()


def _parties(raw: Any) -> list[Party]:
    """Every actor of a PLOVER actor field (a string, an object or a list of them), in its order."""
    listed = raw if isinstance(raw, list) else [raw]
    return [party for party in map(_party, listed) if party is not None]


def _party(raw: Any) -> Party | None:
    """One actor of a PLOVER actor field: a name, or an object naming it."""
    if isinstance(raw, str):
        return Party(raw.strip()) if raw.strip() not in MISSING else None
    if not isinstance(raw, dict):
        return None
    name = _text(raw, "actorText", "name", "text", "code")
    if name is None:
        return None
    sector = raw.get("sector") or raw.get("sectors") or ()
    listed = sector if isinstance(sector, list) else [sector] if sector else []
    sectors = tuple(str(s) for s in listed if isinstance(s, (str, int, float)) and not isinstance(s, bool))
    return Party(name, country=_text(raw, "country"), sectors=sectors,
                 wikidata=_text(raw, "wikidata", "wiki", "qid"), code=_text(raw, "code"))


def _contexts(raw: Any) -> list[str]:
    """PLOVER context(s) as topic labels (a string may list several, separated by ; or ,)."""
    items = raw if isinstance(raw, list) else str(raw or "").replace(";", ",").split(",")
    return [s for s in dict.fromkeys(slug(str(i)) for i in items if str(i).strip() not in MISSING) if s]


def _skip_byte_order_mark(stream: BinaryIO) -> None:
    """Read past a UTF-8 byte-order mark at the start of a stream, where it can be looked at without losing it."""
    if hasattr(stream, "peek"):
        if stream.peek(3)[:3] == BOM:
            stream.read(3)
    elif stream.seekable():
        start = stream.tell()
        if stream.read(3) != BOM:
            stream.seek(start)


def _own(extension: Any) -> tuple[UUID | None, str | None]:
    """The store id and catalogue type our own export names in its `geoevents` extension (None, None for anything
    else: another tool's record, or an extension whose id is no UUID)."""
    if not isinstance(extension, dict) or not isinstance(extension.get("id"), str):
        return None, None
    try:
        own = UUID(extension["id"])
    except ValueError:
        return None, None
    kind = extension.get("type")
    return own, kind if isinstance(kind, str) else None


def _occurred(date: str, extension: Any) -> str:
    """The record's `occurred`: the `geoevents` extension's (a partial date, or an instant, that a PLOVER day
    cannot hold), when it starts on the record's `date`; else the `date` itself."""
    occurred = extension.get("occurred") if isinstance(extension, dict) else None
    if not isinstance(occurred, str):
        return date
    try:
        return occurred if start_of(normalise_clock(occurred)).date().isoformat() == date else date
    except InvalidInput:
        return date


def to_record(line: int, data: dict[str, Any]) -> Record | RowError:
    """Map one PLOVER record onto the catalogue (actors still by name)."""
    record_id, date = _text(data, "id"), _text(data, "date")
    if record_id is None or date is None:
        return RowError(line, "a PLOVER record needs an id and a date", data, "id" if record_id is None else "date")
    contexts = _contexts(data.get("context"))
    event, extension = _text(data, "event"), data.get("geoevents")
    own, own_type = _own(extension)
    mapping = from_plover(event, _text(data, "mode"), contexts[0] if contexts else None,
                          _text(data, "cameo")) if event else Mapping(CODED, cameo=_text(data, "cameo"))
    if own_type == CODED:  # our own export of a CodedEvent stays one, whatever its codes map to
        mapping = replace(mapping, type=CODED, mode=None, domain=None)
    text = _text(data, "eventText", "event_text", "text")
    place = _place(data)
    sources = _parties(data.get("source", data.get("actor")))
    targets = _parties(data.get("target", data.get("recipient")))
    row = {k: v if isinstance(v, str) or v is None else orjson.dumps(v).decode() for k, v in data.items()}
    counts = {name: _cell(data.get(name)) for name in ("size", "dead", "injured")}
    if refused := not_a_count(line, row, counts):
        return refused
    return Record(
        line=line, dataset=DATASET, record_id=record_id, key=f"{DATASET}:{record_id}", row=row,
        mapping=mapping, occurred=_occurred(date, extension),
        reported=_text(data, "publicationDate", "dateAdded"),
        source=sources[0] if sources else None, target=targets[0] if targets else None,
        more_sources=tuple(sources[1:]), more_targets=tuple(targets[1:]), text=text, place=place,
        topic=contexts[0] if contexts else (slug(text) if text else None), title=text,
        count=number(counts["size"]), killed=number(counts["dead"]),
        injured=number(counts["injured"]), publisher=_text(data, "publication"),
        url=_text(data, "url"), topics=contexts, own=own, own_type=own_type,
    )


def _place(data: dict[str, Any]) -> str | None:
    """Where the event took place: `location`, or the manual's `event_loc` (`eventLoc` in earlier versions), each a
    name or an object (or a list of objects) with `name` or `placeName`."""
    for name in PLACE_FIELDS:
        raw = data.get(name)
        for item in raw if isinstance(raw, list) else [raw]:
            place = _text(item, "name", "placeName") if isinstance(item, dict) else _text({name: item}, name)
            if place is not None:
                return place
    return None


def read(stream: BinaryIO, stats: TableStats) -> Iterator[Record | RowError]:
    """Stream the records of a PLOVER JSON Lines file, one line at a time (after a byte-order mark, which some
    tools write first)."""
    _skip_byte_order_mark(stream)
    first = True
    for line in read_lines(stream):
        if first and line.data is None and b"\t" in line.text and not line.text.lstrip().startswith(b"{"):
            raise InvalidInput("not a PLOVER JSON Lines file: its first line is tab-separated text (a POLECAT "
                               "release file, or another tool's table), which --format plover does not read",
                               line=line.number)
        first = False
        if line.error is not None or line.data is None:
            yield RowError(line.number, line.error.reason if line.error else "not a JSON object",
                           line.text.decode("utf-8", "replace"))
        else:
            yield to_record(line.number, line.data)
