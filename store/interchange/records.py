"""Coded rows in neutral form, and how one becomes a JSON object of the native append contract."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
import re
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.codes import CODED, Mapping, missing
from domain.names import fold_name

MISSING = frozenset({"", "NA", "N/A", "NaN", "nan", "NULL", "null", "None"})
_SLUG = re.compile(r"[^a-z0-9]+")


def value(row: dict[str, Any], name: str) -> str | None:
    """Return a cell's stripped text, or None when it is empty or an NA marker."""
    raw = row.get(name)
    if not raw:
        return None
    text = raw.strip() if raw.__class__ is str else str(raw).strip()
    return None if text in MISSING else text


def present(row: dict[str, str]) -> dict[str, str]:
    """The cells of a row that hold a value (NA markers and empty cells left out); cells are stripped."""
    return {k: v for k, v in row.items() if v and v not in MISSING}


def slug(text: str, limit: int = 80) -> str:
    """Turn free text into a lower-case ASCII label (`Accuse of crime` → `accuse-of-crime`)."""
    return _SLUG.sub("-", fold_name(text).encode("ascii", "ignore").decode()).strip("-")[:limit].strip("-")


@dataclass(frozen=True)
class Party:
    """An actor as a coded row names it: name, country, sectors, and upstream ids when given."""

    name: str
    country: str | None = None
    sectors: tuple[str, ...] = ()
    wikidata: str | None = None
    code: str | None = None
    kind: str | None = None
    plain: str | None = None
    """The row's own name where `name` qualifies it by country as a coded role (GDELT's `Police (Ukraine)`): a
    person registered under it (`Vladimir Putin`, coded as Russia's government) is that actor."""


@dataclass
class Record:
    """One upstream row mapped onto the catalogue, with actors still named as the row names them."""

    line: int
    dataset: str
    record_id: str
    key: str | None
    """The idempotency key; None only for our own export's record of an occurrence without one (`own` is its id)."""
    row: dict[str, Any]
    mapping: Mapping
    occurred: str | None
    reported: str | None = None
    source: Party | None = None
    target: Party | None = None
    text: str | None = None
    place: str | None = None
    topic: str | None = None
    title: str | None = None
    count: int | None = None
    killed: int | None = None
    injured: int | None = None
    publisher: str | None = None
    url: str | None = None
    topics: list[str] = field(default_factory=list)
    own: UUID | None = None
    """The store id our own PLOVER export named in its `geoevents` extension: this record is that occurrence."""
    own_type: str | None = None
    """The catalogue type that extension names."""
    more_sources: tuple[Party, ...] = ()
    """Sources after the first, where a format lists several (PLOVER: every party of a reciprocal event)."""
    more_targets: tuple[Party, ...] = ()
    """Targets after the first."""
    more_publishers: tuple[str, ...] = ()
    """Publishers after the first, where a row names several (ACLED's `source`, separated by `;`)."""

    def sides(self) -> tuple[list[Party | None], list[Party | None]]:
        """Every party the row names: its sources, then its targets (the first of each may be None)."""
        return [self.source, *self.more_sources], [self.target, *self.more_targets]


@dataclass(frozen=True)
class RowError:
    """A row that could not be read at all (wrong field count, bad encoding, no id)."""

    line: int
    reason: str
    row: dict[str, Any] | str | None = None
    """The row as read: its fields, or the line's own text when it could not be read as fields."""
    field: str | None = None


def upstream_field(field: str | None, columns: dict[str, str]) -> str | None:
    """The format's own name for a field of the native object (`occurred` → `Event Date`): the column of its
    longest dotted prefix in `columns` (`participants.1` before `participants`), else the field unchanged."""
    if not field:
        return field
    parts = field.split(".")
    for end in range(len(parts), 0, -1):
        column = columns.get(".".join(parts[:end]))
        if column:
            return column
    return field


def side_columns(source: str, target: str) -> dict[str, str]:
    """The native fields that carry a row's source or target actor, mapped to the format's actor columns."""
    return {**dict.fromkeys(("source", "participants.0", "accuser", "authority", "parties.0", "offerer",
                             "perpetrators"), source),
            **dict.fromkeys(("target", "participants.1", "accused", "parties.1", "recipients"), target)}


def to_object(record: Record, sources: list[str | None], targets: list[str | None]) -> dict[str, Any]:
    """Build the native JSON object for a record whose actors resolved to the keys `sources` and `targets` (those
    of `Record.sides`).

    The mapped type is used when the row supplies every fact it requires; otherwise the row is
    stored as a CodedEvent with its codes kept (never with invented facts). A row whose two sides are one actor
    (a state's police against its citizens, both resolved to the state) has no other side for a richer type, and
    is a CodedEvent keeping both. Sources and targets after the first are parties of a contact or an agreement,
    perpetrators of an attack, recipients of an offer; an accusation and a CodedEvent keep the first of each.
    """
    mapping = record.mapping
    source, other = sources[0], _other(sources, targets, reciprocal=mapping.type in RECIPROCAL)
    facts = {"source": source, "target": other, "topic": record.topic, "title": record.title,
             "count": record.count, "place": record.place, "domain": mapping.domain}
    kind = mapping.type if not missing(mapping, facts) else CODED
    obj: dict[str, Any] = {"type": kind, **({"key": record.key} if record.key else {"id": str(record.own)}),
                           "occurred": record.occurred}
    if record.reported:
        obj["reported"] = record.reported
    obj["sources"] = [{k: v for k, v in (("publisher", record.publisher or _host(record.url)),
                                          ("url", record.url)) if v}] if record.publisher or record.url else []
    if record.more_publishers:
        obj["sources"] += [{"publisher": name} for name in record.more_publishers]
    obj["topics"] = record.topics  # given even when empty: cheaper than the model's mutable default
    if record.text and kind != CODED:
        obj["summary"] = record.text
    obj.update(_fields(kind, record, sources, targets, other))
    obj["provenance"] = {"dataset": record.dataset, "record_id": record.record_id, "row": record.row}
    return obj


RECIPROCAL = frozenset(("ContactMade", "AgreementSigned"))
"""Types whose parties are all on one footing, so PLOVER may list every one of them as a source."""


def _other(sources: list[str | None], targets: list[str | None], reciprocal: bool) -> str | None:
    """The first party other than the first source: a target, else, for a reciprocal event (PLOVER lists every
    party of one as a source), another source; an accusation or an offer takes its other party from the targets
    only, never from a second source (that would invent who was accused)."""
    first = sources[0]
    for side in (targets, sources) if reciprocal else (targets,):
        for key in side:
            if key and key != first:
                return key
    return None


def _present(keys: list[str | None]) -> list[str]:
    """The actor keys a side resolved to, each once, in the row's order (a missing first party left out)."""
    return list(dict.fromkeys(filter(None, keys)))


def _fields(kind: str, record: Record, sources: list[str | None], targets: list[str | None],
            other: str | None) -> dict[str, Any]:
    """The type-specific fields of the native object, from the actor keys of each side (`other`: `_other`'s)."""
    m = record.mapping
    source = sources[0]
    if kind == "ContactMade":
        return {"participants": _present(sources + targets), "mode": m.mode,
                **({"location": record.place} if record.place else {})}
    if kind == "AccusationMade":
        return {"accuser": source, "accused": other, "topic": record.topic}
    if kind == "ArrestsMade":
        return {"authority": source, "count": record.count}
    if kind == "AgreementSigned":
        return {"parties": _present(sources + targets), "title": record.title}
    if kind == "CooperationOffered":
        return {"offerer": source, "recipients": [k for k in _present(targets) if k != source], "domain": m.domain}
    if kind == "AttackOccurred":
        out: dict[str, Any] = {"place": record.place}
        if perpetrators := _present(sources):
            out["perpetrators"] = [{"actor": key, "status": "alleged"} for key in perpetrators]
        for name in ("killed", "injured"):
            if getattr(record, name) is not None:
                out[name] = getattr(record, name)
        if m.plover_mode:
            out["method"] = m.plover_mode
        return out
    coded = {"source": source, "target": targets[0], "cameo": m.cameo, "plover": m.plover, "text": record.text}
    return {k: v for k, v in coded.items() if v is not None}


def _host(url: str | None) -> str | None:
    """The host of a URL, used as the publisher when a format gives only a link."""
    if not url:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.") or None


def not_a_count(line: int, row: dict[str, Any], cells: dict[str, str | None]) -> RowError | None:
    """The refusal of a row whose cell holds a value that is not a count (a whole number, 0 or more), naming the
    first such cell: left out, the row would lose it silently; None when every cell is a count or empty."""
    for name, text in cells.items():
        if text is not None and number(text) is None:
            return RowError(line, f"{name} '{text}' is not a count (a whole number, 0 or more)", row, name)
    return None


def number(text: str | None) -> int | None:
    """Parse a non-negative whole number from a cell, or None when absent or not a count."""
    if text is None:
        return None
    try:
        whole = int(text)  # exactly, however large (a float holds 2**53 at most)
    except ValueError:
        pass
    else:
        return whole if whole >= 0 else None
    try:
        parsed = Decimal(text.strip())  # exactly: "9007199254740993.0" is that number, which a float is not
    except InvalidOperation:
        return None
    if not parsed.is_finite() or parsed < 0 or parsed.adjusted() > 18 or parsed != parsed.to_integral_value():
        return None  # past 10^19 no count is stored (64 bits), and `1e999999999` would take all memory to write out
    return int(parsed)
