"""The Occurrence aggregate: one recorded event, later corrected or retracted, never edited.

Class paths (`domain.occurrences:Corrected`) are a published schema: never rename or move them.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field, ValidationError

from domain.base import ENVELOPE_FIELDS, DomainEvent
from domain.catalogue import NAMED_TWICE, TOO_FEW_DISTINCT, OccurrenceRecorded
from domain.clocks import ClockValue, public_from, shown
from domain.errors import InvalidInput, validation_error
from domain.paths import (
    canonical_path, get_path, outermost_first, same_part_twice, set_path, with_changes, zero_led,
)

IMMUTABLE_FIELDS = frozenset({"key", "type", "id", "recorded"}) | ENVELOPE_FIELDS
"""Fields a correction may not change: identity and the store's own clock."""


class Corrected(DomainEvent):
    """Our record of an occurrence was wrong: these fields are replaced, for this reason."""

    target: str
    changes: dict[str, Any] = Field(min_length=1)
    reason: str = Field(min_length=1)
    reported: ClockValue | None = None
    key: str | None = Field(default=None, min_length=1, max_length=512)
    """The analyst's name for this correction, unique among the record's corrections. A keyed correction repeats
    only the one with its key, so the same change can be made again, in any later append, under a new key."""


class Retracted(DomainEvent):
    """Our record of an occurrence was false or a duplicate and no longer counts."""

    target: str
    reason: str = Field(min_length=1)
    reported: ClockValue | None = None


class Occurrence:
    """One occurrence's stream: its creation event, then corrections and perhaps a retraction."""

    def __init__(self, created: OccurrenceRecorded):
        self.id: UUID = created.originator_id
        self.version = created.originator_version
        self.created = created
        self.corrections: list[Corrected] = []
        self.retraction: Retracted | None = None
        self._pending: list[DomainEvent] = [created]

    @classmethod
    def replay(cls, events: list[DomainEvent]) -> "Occurrence":
        """Rebuild an occurrence from its stored events, oldest first."""
        occurrence = cls(events[0])  # type: ignore[arg-type]
        for event in events[1:]:
            occurrence._apply(event)
        occurrence._pending.clear()
        return occurrence

    def _apply(self, event: DomainEvent) -> None:
        """Fold one later event into this occurrence's state."""
        if isinstance(event, Corrected):
            self.corrections.append(event)
        elif isinstance(event, Retracted):
            self.retraction = event
        self.version = event.originator_version

    def erratum_reported(self, changes: dict[str, Any] | None = None) -> str:
        """When a correction or retraction of our own error (an erratum: a typo, a wrong date, a duplicate record)
        is public: whenever what it fixes was, so that it applies at every `known_at` where that is visible, as if
        the record had been right all along (a `recorded_at` before it still shows the record as stored).

        That is the latest of the record's own `reported` (when this store recorded it, without one) and the
        `reported` of each correction that changed a part the erratum changes (a typo in a revised toll is
        public from the revision, not before it); or the corrected `reported`, where the erratum moves it earlier.
        It depends only on what was stored before, so running the same erratum again repeats it."""
        paths = list(changes or {})
        public = self.created.reported or self.created.timestamp.isoformat()
        for correction in self.corrections:
            if any(_overlap(p, q) for p in paths for q in correction.changes):
                revised = correction.reported or correction.timestamp.isoformat()
                if self._start(revised) > self._start(public):
                    public = revised
        moved = (changes or {}).get("reported")
        return moved if isinstance(moved, str) and self._start(moved) < self._start(public) else public

    def _start(self, value: str) -> datetime:
        """The start of a clock value, for ordering; a value that is no clock sorts last (validation names it)."""
        try:
            return public_from(value, self.created.timestamp)
        except InvalidInput:
            return datetime.max.replace(tzinfo=self.created.timestamp.tzinfo)

    def current(self) -> OccurrenceRecorded:
        """Return the creation event with every correction applied, in order."""
        if not self.corrections:
            return self.created
        fields = self.created.model_dump(by_alias=True)
        for correction in self.corrections:
            fields = with_changes(fields, correction.changes)
        return type(self.created).model_validate(fields)

    def expanded(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Turn the dotted paths among a correction's changes (`claims.0.stance`) into whole fields, each a copy
        of the field as the record stands now with the part replaced; other changes are kept as given (a path
        that leads nowhere is refused naming it)."""
        if not any("." in name for name in changes):
            return changes
        current = self.current().model_dump(mode="json", by_alias=True)
        out: dict[str, Any] = {}
        for name, value in outermost_first(changes):
            if "." in name:
                top = name.split(".")[0]
                if top not in out:
                    out[top] = deepcopy(current.get(top))
                set_path(out, name, value)
            else:
                out[name] = deepcopy(value)  # a path below may change it: never the caller's own value
        return out

    def correct(self, changes: dict[str, Any], reason: str, now: datetime,
                reported: str | None = None, key: str | None = None) -> Corrected:
        """Replace fields, or parts of fields by dotted path, of the record; the result must still be a valid
        occurrence. A path is stored as a path, so it changes only its part of the record as it stands at any
        clocks, where earlier corrections of the same field may not apply."""
        if self.retraction is not None:
            raise InvalidInput("cannot correct a retracted occurrence", field="target")
        if not changes:
            raise InvalidInput("a correction must change at least one field", field="changes")
        if "reported" in changes and changes["reported"] is None:
            raise InvalidInput("`reported` cannot be taken away (the record would be public from when this store "
                               "recorded it, which no other store can know): give when it became public",
                               field="changes.reported")
        for path in changes:
            name = path.split(".")[0]
            if name in IMMUTABLE_FIELDS:
                raise InvalidInput(f"'{name}' cannot be corrected", field=f"changes.{path}")
            if name not in type(self.created).model_fields and not _is_alias(self.created, name):
                raise InvalidInput(
                    f"{type(self.created).__name__} has no field '{name}'", field=f"changes.{path}"
                )
        self._refuse_same_part_twice(changes, within="changes.")
        candidate = with_changes(self.current().model_dump(by_alias=True), changes)
        try:
            validated = type(self.created).model_validate(candidate)
        except ValidationError as e:
            raise validation_error(e).within("changes") from None
        public = public_from(reported, now)
        self._check_distinct(validated, changes, public)
        self._check_places(changes, public)
        self._check_same_items(changes, public)
        return self._trigger(Corrected, now, target=str(self.id), changes=_as_validated(validated, changes),
                             reason=reason, reported=reported, key=key)

    def _check_distinct(self, validated: OccurrenceRecorded, changes: dict[str, Any], public: datetime) -> None:
        """Refuse a correction that leaves a list it touches naming one actor twice, or fewer than two different
        actors (a contact's participants): with every correction applied, and the latter at every clock where this
        one applies, from its own
        public time and from each later one of an earlier correction (a correction made public before an earlier
        one of the other participant could leave the call between one person and himself there)."""
        touched = {path.split(".")[0] for path in changes}
        if (field := validated.too_few_distinct()) and field in touched:  # type: ignore[attr-defined]
            raise InvalidInput(TOO_FEW_DISTINCT, field=f"changes.{field}")
        if (field := validated.named_twice()) and field in touched:  # type: ignore[attr-defined]
            raise InvalidInput(NAMED_TWICE, field=f"changes.{field}")
        if not touched & set(type(self.created).distinct_fields):
            return
        later = {since for c in self.corrections if (since := public_from(c.reported, c.timestamp)) > public}
        for instant in sorted({public} | later):
            try:
                there = type(self.created).model_validate(with_changes(self.public_fields(instant), changes))
            except ValidationError:
                continue  # what is invalid there is the record's own earlier state, not this change's doing
            if (field := there.too_few_distinct()) and field in touched:  # type: ignore[attr-defined]
                raise InvalidInput(f"{TOO_FEW_DISTINCT} where it applies from {shown(instant)} (with the "
                                   "corrections public by then)", field=f"changes.{field}")

    def _check_places(self, changes: dict[str, Any], public: datetime) -> None:
        """Refuse a correction that gives a placed list (a statement's claims), or one of its items, whole with
        another item at a place the record has, or fewer items: other occurrences name those items by place (a
        denial by the claim's index), and would name another item, or none, wherever the correction applies. An
        identifying field the same correction sets by path (`claims.1.subject`) is corrected in place, as any path
        is. The list is compared as it stands at every clock where this correction applies: from its own public
        time, and from each later one of an earlier correction (which then applies beneath it)."""
        for listed, identity in type(self.created).placed_fields.items():
            whole = {name: value for name, value in changes.items()
                     if _replaces(name, listed) or _index_of(name, listed) >= 0}
            if not whole:
                continue
            later = {since for c in self.corrections if (since := public_from(c.reported, c.timestamp)) > public}
            for instant in sorted({public} | later):
                before = self.public_fields(instant)
                after = with_changes(before, whole).get(listed) or []
                for index, item in enumerate(before.get(listed) or []):
                    placed = _as_json(after[index]) if index < len(after) else None
                    kept = [name for name in identity if f"{listed}.{index}.{name}" not in changes]
                    if placed is None or any(placed.get(name) != item.get(name) for name in kept):
                        raise _moved_refusal(listed, index, identity, item, placed,
                                             f" where it applies from {shown(instant)}" if instant in later else "")

    def public_fields(self, public: datetime) -> dict[str, Any]:
        """The record's fields (JSON-like) with only the corrections public at that instant applied, in order."""
        fields = self.created.model_dump(mode="json", by_alias=True)
        for correction in self.corrections:
            if public_from(correction.reported, correction.timestamp) <= public:
                fields = with_changes(fields, correction.changes)
        return fields

    def item_public_from(self, listed: str, index: int) -> datetime | None:
        """The earliest instant at which the record, with the corrections public by then, has item `index` of
        the list `listed`; None when the record as created has it (or no correction ever gives it)."""
        if index < len(getattr(self.created, listed, None) or []) or not self.corrections:
            return None
        for since in sorted({public_from(c.reported, c.timestamp) for c in self.corrections}):
            if index < len(self.public_fields(since).get(listed) or []):
                return since
        return None

    def _check_same_items(self, changes: dict[str, Any], public: datetime) -> None:
        """Refuse a path through a list item (`claims.0.quote`) when an earlier correction that could put another
        item at that index (it replaced the list, a field holding it, or that item whole) became public only after
        this one: at clocks in between, where this one applies and that one does not, the index, read off the
        list as it stands with every correction applied, may name another item, or none. A path into a list that
        this same correction gives whole lands in that list."""
        paths = [path for path in changes if "." in path]
        if not paths or not self.corrections:
            return
        current = self.current().model_dump(mode="json", by_alias=True)
        for path in paths:
            for listed, index in _lists_crossed(current, path):
                if listed in type(self.created).placed_fields or \
                        any(_replaces(name, listed) for name in changes if name != path):
                    continue  # a placed list keeps its items at their places at every clock
                for earlier in self.corrections:
                    since = public_from(earlier.reported, earlier.timestamp)
                    if since > public and any(_moves_item(name, listed, index) for name in earlier.changes):
                        raise InvalidInput(
                            f"an earlier correction that replaced or moved the items of '{listed}' became public "
                            f"only on {shown(since)}: before then item {index} of '{listed}' may be another one, "
                            f"so this correction must be public from then on (give it a `reported` of "
                            f"{shown(since)} or later)", field=f"changes.{path}")

    def _refuse_same_part_twice(self, changes: dict[str, Any], within: str = "") -> None:
        """Refuse changes that name one part of the record twice, spelled two ways (`claims.0.stance` and
        `claims.00.stance`): one of the two values would be dropped without a word."""
        if not any(map(zero_led, changes)):
            return
        twice = same_part_twice(self.current().model_dump(mode="json", by_alias=True), list(changes))
        if twice is not None:
            later, earlier = twice
            raise InvalidInput(f"'{later}' names the same part as '{earlier}' (an index is a number, so 00 is 0); "
                               "give it once", field=f"{within}{later}")

    def canonical_changes(self, changes: dict[str, Any]) -> dict[str, Any]:
        """A correction's changes keyed by their paths as they name parts of the record (`claims.00.stance` as
        `claims.0.stance`), so one change is recognised whichever spelling it was stored or sent in; the changes
        themselves when every path is spelled so already, or when two of them name one part (such changes repeat
        only a correction given the same way, stored before that was refused)."""
        if not any(map(zero_led, changes)):
            return changes
        current = self.current().model_dump(mode="json", by_alias=True)
        spelled = {canonical_path(current, path): value for path, value in changes.items()}
        return spelled if len(spelled) == len(changes) else changes  # one part named twice: compared as given

    def as_stored(self, changes: dict[str, Any]) -> dict[str, Any] | None:
        """The changes as `correct` would store them against the record as it stands (so a repeated correction
        is recognised whatever spelling it uses), or None when they name an unknown field or make no valid record."""
        fields = type(self.created).model_fields
        if any((name := path.split(".")[0]) not in fields and not _is_alias(self.created, name) for path in changes):
            return None
        try:
            validated = type(self.created).model_validate(with_changes(self.current().model_dump(by_alias=True),
                                                                       changes))
        except ValidationError:
            return None
        return _as_validated(validated, changes)

    def retract(self, reason: str, now: datetime, reported: str | None = None) -> Retracted:
        """Withdraw the record; it stays in the log but no longer counts from now on."""
        if self.retraction is not None:
            raise InvalidInput("occurrence is already retracted", field="target")
        return self._trigger(Retracted, now, target=str(self.id), reason=reason, reported=reported)

    def _trigger(self, cls: type[DomainEvent], now: datetime, **fields: Any) -> Any:
        """Create the next event on this stream, apply it and keep it pending."""
        event = cls(originator_id=self.id, originator_version=self.version + 1, timestamp=now, **fields)
        self._apply(event)
        self._pending.append(event)
        return event

    def collect_events(self) -> list[DomainEvent]:
        """Hand over the events not yet saved (the eventsourcing collect protocol)."""
        pending, self._pending = self._pending, []
        return pending


def _as_validated(validated: DomainEvent, changes: dict[str, Any]) -> dict[str, Any]:
    """The changed fields as the validated record holds them (a clock trimmed, 5.0 killed as 5), so
    what is stored is what every reader of the record sees, under the keys the change used."""
    dumped = validated.model_dump(mode="json", by_alias=True)
    fields = type(validated).model_fields
    found = {}
    for path in changes:
        name, dot, rest = path.partition(".")
        found[path] = get_path(dumped, (name if name in dumped else (fields[name].alias or name)) + dot + rest)
    return found


def _moved_refusal(listed: str, index: int, identity: tuple[str, ...], item: dict[str, Any],
                   placed: dict[str, Any] | None, where: str) -> InvalidInput:
    """The refusal of a correction that would put another item at a place of a placed list, or none."""
    named = ", ".join(f"{name} {item.get(name)!r}" for name in identity)
    return InvalidInput(
        f"item {index} of '{listed}' ({named}) would be {_described(placed, identity)}{where}: other records name "
        f"these items by their place (a denial names a claim by its index), so a correction may not reorder, replace "
        f"or remove them. Correct an item's fields by path ('{listed}.{index}.{identity[-1]}'), add items after the "
        f"last, or retract the record and record it again (and correct the `denies` of its denials)",
        field=f"changes.{listed}.{index}")


def _lists_crossed(record: dict[str, Any], path: str) -> list[tuple[str, int]]:
    """The lists a dotted path passes through by index in `record`, each as (its path, the index): `claims`
    and 0 for `claims.0.quote`."""
    crossed, node, walked = [], record, []
    for part in path.split("."):
        if isinstance(node, list) and part.isascii() and part.isdigit() and int(part) < len(node):
            crossed.append((".".join(walked), int(part)))
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
        walked.append(part)
    return crossed


def _replaces(name: str, listed: str) -> bool:
    """Tell whether a change by this name replaces the list whole, or a field holding it."""
    return name == listed or listed.startswith(name + ".")


def _moves_item(name: str, listed: str, index: int) -> bool:
    """Tell whether a change by this name can put another item at the list's index: it replaces the list, a
    field holding it, or that item whole (`claims`, `claims.1` for index 1)."""
    return _replaces(name, listed) or _index_of(name, listed) == index


def _index_of(name: str, listed: str) -> int:
    """The item index a change by this name gives whole (`claims.1` → 1), or -1 when it gives no item whole."""
    item = name.removeprefix(listed + ".")
    return int(item) if item != name and item.isascii() and item.isdigit() else -1


def _as_json(item: Any) -> dict[str, Any]:
    """An item as JSON fields, whether given as a model or as a mapping (anything else as no fields)."""
    if hasattr(item, "model_dump"):
        return item.model_dump(mode="json", by_alias=True)
    return item if isinstance(item, dict) else {}


def _described(item: dict[str, Any] | None, identity: tuple[str, ...]) -> str:
    """How a refusal shows the item a correction would put at a place: by its identifying fields, or as gone."""
    if item is None:
        return "gone"
    return "another one (" + ", ".join(f"{name} {item.get(name)!r}" for name in identity) + ")"


def _is_alias(event: DomainEvent, name: str) -> bool:
    """Tell whether a name is the JSON alias of one of the event's fields."""
    return any(f.alias == name for f in type(event).model_fields.values())


def _overlap(one: str, other: str) -> bool:
    """Tell whether two dotted paths name overlapping parts of a record (`claims` and `claims.1.stance` do)."""
    return _replaces(one, other) or _replaces(other, one)
