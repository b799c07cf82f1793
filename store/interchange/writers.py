"""Export writers: JSON Lines (native, lossless), PLOVER JSON Lines and CSV, one record at a time."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import orjson

from domain.actors import ActorRegistered
from domain.catalogue import OccurrenceRecorded
from domain.clocks import start_of
from domain.codes import export_codes
from domain.occurrences import Corrected
from store.application import GeoEventsApplication
from store.interchange import gdelt, icews, plover
from store.interchange.export import Exported, Selection, actor_names, as_selected, in_log_order, selected
from store.jsonl import dumps_line, portable_line
from store.listing import touched_topics

CSV_COLUMNS = ("id", "type", "key", "occurred", "reported", "recorded", "source", "target", "cameo", "plover",
               "plover_mode", "place", "killed", "injured", "topics", "summary", "dataset", "record_id")


UPSTREAM_CAMEO = {module.DATASET: module.FIELD_COLUMNS["cameo"] for module in (icews, gdelt, plover)}
"""The column of each imported dataset's row that holds the record's CAMEO code."""


def _codes(occurrence: OccurrenceRecorded) -> tuple[str | None, str | None, str | None]:
    """The codes an occurrence exports as, keeping the CAMEO code of the row it was imported from."""
    provenance = occurrence.provenance
    column = UPSTREAM_CAMEO.get(provenance.dataset) if provenance else None
    upstream = (provenance.row.get(column) or "").strip() if provenance and column else ""
    return export_codes(type(occurrence).__name__, occurrence.payload(), upstream if upstream.isdigit() else None)


def _where(fields: dict[str, Any]) -> str | None:
    """Where an occurrence took place, as a coded row has it: an attack's place, a contact's location."""
    return fields.get("place") or fields.get("location")


@dataclass
class Written:
    """What an export wrote: how many occurrences, and how many of each type it had to leave out (a format
    that has no place for them)."""

    occurrences: int = 0
    left_out: Counter[str] = field(default_factory=Counter)


def write_jsonl(app: GeoEventsApplication, selection: Selection, out: BinaryIO) -> Written:
    """Write the native lines in log order (`in_log_order`), so that appending them reproduces the events, each
    public from when it was here (`portable_line`)."""
    written = Written()
    for event, created in in_log_order(app, selection):
        if isinstance(event, Corrected) and (event := as_selected(app, event, selection)) is None:
            continue
        out.write(dumps_line(portable_line(event)))
        written.occurrences += created
    return written


def _current(app: GeoEventsApplication, selection: Selection) -> Iterator[Exported]:
    """The selected occurrences that are not retracted, as corrected."""
    for item in selected(app, selection):
        if not item.retracted:
            yield item


def _plover_actor(key: str, registry: dict[str, ActorRegistered]) -> dict[str, Any]:
    actor = registry.get(key)
    out: dict[str, Any] = {"actorText": actor.name if actor else key, "code": key}
    if actor and actor.wikidata:
        out["wikidata"] = actor.wikidata
    return out


def effective_reported(item: Exported) -> str:
    """When an occurrence became public: its `reported`, else when this store recorded it (as queries show it)."""
    return item.current.reported or item.created.timestamp.isoformat()


def plover_record(item: Exported, registry: dict[str, ActorRegistered]) -> dict[str, Any]:
    """One occurrence as a PLOVER record: `date` is the day its `occurred` starts on (PLOVER dates are days), and
    a `geoevents` extension names its type, id and `occurred` at its own precision."""
    occ = item.current
    fields = occ.payload()
    cameo, event, mode = _codes(occ)
    sources, targets = occ.coded_sides()
    record: dict[str, Any] = {
        "id": occ.key or str(occ.originator_id), "date": start_of(occ.occurred).date().isoformat(),
        "event": event, "mode": mode,
        "context": touched_topics(occ),
        "source": [_plover_actor(s, registry) for s in sources],
        "target": [_plover_actor(t, registry) for t in targets],
        "text": occ.summary or fields.get("text") or fields.get("title"),
        "publication": occ.sources[0].publisher if occ.sources else None,
        "url": occ.sources[0].url if occ.sources else None,
        "publicationDate": effective_reported(item), "cameo": cameo,
        "dead": fields.get("killed"), "injured": fields.get("injured"), "size": fields.get("count"),
        "location": {"name": _where(fields)} if _where(fields) else None,
        "geoevents": {"type": type(occ).__name__, "id": str(occ.originator_id), "occurred": occ.occurred},
    }
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def write_plover(app: GeoEventsApplication, selection: Selection, out: BinaryIO) -> Written:
    """Write the selected occurrences as PLOVER JSON Lines, leaving out (and counting) those of a type PLOVER has
    no event category for (a statement, a toll, a warning: PLOVER requires `event`)."""
    registry = actor_names(app)
    written = Written()
    for item in _current(app, selection):
        record = plover_record(item, registry)
        if "event" not in record:
            written.left_out[type(item.current).__name__] += 1
            continue
        out.write(orjson.dumps(record) + b"\n")
        written.occurrences += 1
    return written


QUOTED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""How a cell starts that a spreadsheet would run as a formula (OWASP's CSV injection list), or that starts with
the `'` this export puts before such a cell (so that one `'` taken off any cell that starts with one gives it
back)."""


def _cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: one starting like a formula, or with `'`, gets a leading `'`."""
    return "'" + value if isinstance(value, str) and value.startswith(QUOTED_STARTS) else value


def _joined(items: list[str]) -> str:
    """Several values in one cell, separated by `;`, with `\\` and `;` inside a value escaped by a `\\`."""
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def csv_row(item: Exported) -> dict[str, Any]:
    """One occurrence as a flat CSV row (actor keys; targets and topics joined by `;`, formulas neutralised)."""
    occ = item.current
    fields = occ.payload()
    cameo, plover, mode = _codes(occ)
    sources, targets = occ.coded_sides()
    provenance = occ.provenance
    row = {
        "id": str(occ.originator_id), "type": type(occ).__name__, "key": occ.key, "occurred": occ.occurred,
        "reported": effective_reported(item), "recorded": item.created.timestamp.isoformat(), "source": _joined(sources),
        "target": _joined(targets), "cameo": cameo, "plover": plover, "plover_mode": mode,
        "place": _where(fields), "killed": fields.get("killed"), "injured": fields.get("injured"),
        "topics": _joined(touched_topics(occ)), "summary": occ.summary or fields.get("text"),
        "dataset": provenance.dataset if provenance else None,
        "record_id": provenance.record_id if provenance else None,
    }
    return {name: _cell(value) for name, value in row.items()}


def write_csv(app: GeoEventsApplication, selection: Selection, out: BinaryIO) -> Written:
    """Write the selected occurrences as CSV with a header."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    written = Written()
    for item in _current(app, selection):
        writer.writerow(csv_row(item))
        written.occurrences += 1
    text.detach()
    return written


WRITERS: dict[str, Callable[[GeoEventsApplication, Selection, BinaryIO], Written]] = {
    "jsonl": write_jsonl, "plover": write_plover, "csv": write_csv,
}
"""Every export format by the name `geoevents export --format` takes."""
