"""Turns validated input lines into new domain events for one atomic batch.

Every check runs before anything changes, so a rejected line leaves the batch as it was; the
batch keeps its own overlay of actors, names and occurrences recorded earlier in the same batch.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import orjson
from pydantic import ValidationError

from domain.actors import (
    ACTOR_EVENT_TYPES, Actor, ActorRegistered, AliasAdded, MembershipEnded, MembershipStarted,
    NameClaimed, OfficeLeft, OfficeTaken,
)
from domain.base import ENVELOPE_FIELDS, DomainEvent
from domain.catalogue import (
    NAMED_TWICE, OCCURRENCE_TYPES, TOO_FEW_DISTINCT, AttackOccurred, ClaimDenied, OccurrenceRecorded, StatementMade,
)
from domain.clocks import normalise_clock, public_from, shown
from domain.errors import InvalidInput, KeyConflict, NameTaken, OccurrenceNotFound, validation_error
from domain.identity import SHORTEST_UUID, actor_id, name_index_id, occurrence_id_for_key
from domain.names import fold_name, name_folds, with_article
from domain.occurrences import Corrected, Occurrence, Retracted
from domain.paths import parts, with_changes
from store.application import GeoEventsApplication
from store.directory import ActorDirectory
from store.live_references import ReliedOn
from store.jsonl import MAX_LINE_BYTES, dumps_line, portable_line
from store.reading import stream_id

CORRECTION_TYPES: dict[str, type[DomainEvent]] = {"Corrected": Corrected, "Retracted": Retracted}
ALL_TYPES = sorted([*OCCURRENCE_TYPES, *ACTOR_EVENT_TYPES, *CORRECTION_TYPES])
IGNORED_ON_INPUT = ("type", "recorded")
GROWTH = 128
"""How many times longer a line's export can be than the line: a reference of four bytes (`"a",`) is written as a key
of at most 512 characters."""
ENVELOPE_BYTES = 4096
"""What an export adds to a line besides its references, at most: `type`, `id`, `recorded`, the `reported` it had from
its stamp, fields at their defaults."""
APPENDED, DUPLICATE = "appended", "duplicate"


def _is_uuid(text: str) -> bool:
    """Tell whether a reference would be read as an occurrence id rather than a key."""
    if len(text) < SHORTEST_UUID:
        return False
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def _whole(claim: Any) -> Any:
    """A claim index as validation will take it (1.0 as 1); anything else as given."""
    return int(claim) if isinstance(claim, float) and claim.is_integer() else claim


def _is_clock(value: Any) -> bool:
    """Tell whether a raw `reported` value is a clock this check can read (else validation names it)."""
    if value is None:
        return True
    try:
        normalise_clock(value)
    except InvalidInput:
        return False
    return True


def _require_claim(target: Occurrence, claim: int, field: str) -> None:
    """Refuse a claim index that the denied record, as it now stands (corrections included), does not have."""
    current = target.current()
    if not isinstance(current, StatementMade):
        raise InvalidInput(f"only a statement's claims are numbered: the denied record is "
                           f"{with_article(type(current).__name__)}, so deny it whole (leave `claim` out)", field=field)
    if claim >= len(current.claims):
        raise InvalidInput(f"claim {claim} does not exist in the denied occurrence (its claims are numbered 0 to "
                           f"{len(current.claims) - 1})", field=field)


def same_content(stored: DomainEvent, given: DomainEvent) -> bool:
    """Tell whether a given event repeats a stored one: the same fields, ignoring stream position and recorded
    time. A given event without `reported` leaves it open, and one that gives the instant the stored event was
    recorded, having none, says what the store took it to be (an export writes that, `portable_line`)."""
    if type(stored) is not type(given):
        return False
    kept, new = stored.payload(), given.payload()
    kept_reported, new_reported = kept.pop("reported", None), new.pop("reported", None)
    if kept != new:
        return False
    if new_reported is None or kept_reported == new_reported:
        return True
    return kept_reported is None and public_from(new_reported, given.timestamp) == stored.timestamp


def _check_office(holder: Actor, of: Actor) -> None:
    """Refuse an office held by anyone but a person, or of a person (DESIGN: "of which state or organisation"): a
    state holding a minister's office would make the contacts it took part in count for the state it is held of."""
    if holder.kind != "person":
        raise InvalidInput(f"only a person holds an office; '{holder.key}' is {with_article(holder.kind)}", field="actor")
    if of.kind == "person":
        raise InvalidInput(f"an office is of a state, an organisation or a group; '{of.key}' is a person", field="of")


def _check_part_of(registered: ActorRegistered, whole: Actor) -> None:
    """Refuse `part_of` but on an organisation (or armed group), and naming anything but a state or organisation
    (DESIGN: an organisation, optionally the state it belongs to, e.g. Russia's Ministry of Defence)."""
    if registered.kind not in ("organisation", "armed-group"):
        raise InvalidInput(f"only an organisation is part of another actor (a ministry of its state); this is "
                           f"{with_article(registered.kind)}", field="part_of")
    if whole.kind not in ("state", "organisation"):
        raise InvalidInput(f"an organisation is part of a state or of another organisation; '{whole.key}' is "
                           f"{with_article(whole.kind)}", field="part_of")


def _refuse_blank_text(fields: dict[str, Any], within: str = "") -> None:
    """Refuse text that holds only spaces (a place, a title, a reason), a key or topic with spaces around it, and a
    key not in composed Unicode form: `' spaced '` and `'spaced'` would be two keys, and a topic no look-up finds."""
    for name, value in fields.items():
        if value.__class__ is str and (value.isspace() or name == "key" and _unlike_itself(value)):
            raise InvalidInput("holds only spaces: give the text, or leave the field out" if value.isspace() else
                               "a key may not begin or end with a space, and its accented letters must be composed "
                               "(Unicode NFC): 'a' and ' a ', or 'ï' written as one character and as two, would be "
                               "two keys", field=within + name)
    topics = fields.get("topics")
    if topics.__class__ is list:
        for index, topic in enumerate(topics):  # type: ignore[union-attr]
            if topic.__class__ is str and topic != topic.strip():
                raise InvalidInput("a topic may not begin or end with a space (no look-up would find it)",
                                   field=f"{within}topics.{index}")


def _unlike_itself(key: str) -> bool:
    """Tell whether a key has spaces around it, or is not in the composed Unicode form (NFC) that text copied from
    most sources is in: either way the same key, written otherwise, would be another one."""
    return key != key.strip() or not key.isascii() and not unicodedata.is_normalized("NFC", key)


def _spelled(occurrence: Occurrence, event: Corrected) -> Corrected:
    """A correction with its paths spelled as they name parts of the record (`Occurrence.canonical_changes`), so a
    change sent again as `claims.0.stance` repeats the one stored as `claims.00.stance`."""
    changes = occurrence.canonical_changes(event.changes)
    return event if changes is event.changes else event.model_copy(update={"changes": changes})


def _repeated(occurrence: Occurrence, stored: Corrected, given: Corrected) -> bool:
    """Tell whether a given correction (`given`, spelled by `_spelled`) repeats a stored one: as stored, or with
    the stored changes as `correct` stores them now (a store written before corrections were stored validated
    holds `145.0` and `…10:00:00.000000+00:00`, which its own export gives back as `145` and `…10:00:00+00:00`).
    The second look validates the record, so it is taken only where the reason and the paths already agree."""
    spelled = _spelled(occurrence, stored)
    if same_content(spelled, given):
        return True
    if spelled.reason != given.reason or spelled.changes.keys() != given.changes.keys():
        return False
    normalised = occurrence.as_stored(stored.changes)
    if normalised is None or normalised == stored.changes:
        return False
    return same_content(_spelled(occurrence, stored.model_copy(update={"changes": normalised})), given)


class Batch:
    """The new events of one batch, in input order, with the state they were checked against."""

    def __init__(self, app: GeoEventsApplication, directory: ActorDirectory, now: datetime,
                 prefetched: dict[UUID, Any] | None = None, checked: set[UUID] | None = None):
        self.app = app
        self.directory = directory
        self.now = now
        self.events: list[DomainEvent] = []
        self.names: dict[str, str] = {}
        self.actors: dict[str, Actor] = {}
        self.occurrences: dict[UUID, Occurrence] = {}
        self.registrations: dict[str, ActorRegistered] = {}
        self.stored_first = prefetched or {}
        self.checked = checked or set()
        self.resolved: dict[str, str] = {}
        """Actor references already resolved in this batch (claimed names never move)."""
        self.carried: list[DomainEvent] = []
        """In a dry run, the events of the batches checked before this one (`carry_on`), none of them stored."""
        self.created: set[UUID] = set()
        """The occurrences this batch records (their `recorded` is the batch's stamp)."""
        self._relying: list[tuple[UUID, datetime | None]] = []
        """What the line being added relies on (`relied_on`, once the line is accepted)."""
        self._line_bytes = 0
        """The size of the line being added, as read (`_refuse_unexportable`)."""
        self.relied_on: dict[UUID, ReliedOn] = {}
        """The occurrences this batch's records refer to, with when those records are public; saving the batch refuses
        it if one is retracted by then, as stamped (`store.live_references`)."""
        self.matched: dict[UUID, int] = {}
        """Per occurrence, how many of its corrections this append has met so far, as repeats or as new: a
        correction without a key repeats one only after those, so a file appended again adds nothing while a
        change made again later in the same input (144, then 150, then 144) is a correction of its own. The
        occurrence's own line met again as a duplicate starts the count afresh: the input gives its history
        again (a file appended twice in one input, or exports that overlap)."""

    def carry_on(self, earlier: "Batch") -> None:
        """Check this batch on top of an earlier one that was not stored (a dry run's): what it recorded counts as
        recorded, and what this batch looked up in the store stays as looked up."""
        self.names = {**earlier.names, **self.names}
        self.actors = {**earlier.actors, **self.actors}
        self.occurrences = {**earlier.occurrences, **self.occurrences}
        self.registrations = {**earlier.registrations, **self.registrations}
        self.stored_first = {**earlier.stored_first, **self.stored_first}
        self.checked = earlier.checked | self.checked
        self.resolved = {**earlier.resolved, **self.resolved}
        self.created = earlier.created | self.created
        self.carried = [*earlier.carried, *earlier.events]

    # -- references -------------------------------------------------------------------------
    def actor_key(self, ref: str, field: str) -> str:
        """Resolve an actor reference against this batch, then the store; fail with suggestions."""
        key = self.resolved.get(ref)
        if key is None:
            key = self.names.get(fold_name(ref)) or self.directory.lookup(ref)
            if key is None:
                raise self.directory.not_found(ref, field=field)
            self.resolved[ref] = key
        return key

    def occurrence(self, ref: str, field: str) -> Occurrence:
        """Find an occurrence by id or key in this batch or the store."""
        stream = stream_id(ref)
        if stream in self.occurrences:
            return self.occurrences[stream]
        found = self.app.load_occurrence(stream)
        if found is None:
            raise OccurrenceNotFound(f"no occurrence with id or key '{ref}'", field=field)
        self.occurrences[stream] = found
        return found

    def resolve_references(self, cls: type[DomainEvent], data: dict[str, Any]) -> dict[str, Any]:
        """Replace actor and occurrence references in raw fields by keys and ids."""
        out = dict(data)
        for name in cls.actor_fields:
            value = out.get(name)
            if isinstance(value, str):
                out[name] = self.actor_key(value, name)
            elif isinstance(value, list):
                out[name] = [self._resolve_item(item, name, i) for i, item in enumerate(value)]
        if cls is StatementMade and isinstance(out.get("claims"), list):
            out["claims"] = [
                {**c, "subject": self.actor_key(c["subject"], f"claims.{i}.subject")}
                if isinstance(c, dict) and isinstance(c.get("subject"), str) else c
                for i, c in enumerate(out["claims"])
            ]
        for name in cls.occurrence_fields:
            value = out.get(name)
            if isinstance(value, str):
                target = self.occurrence(value, name)
                self._check_target(cls, name, target, out)
                out[name] = str(target.id)
        return out

    def _check_not_retracted(self, refs: dict[str, Any], reported: str | None, recorded: datetime,
                             prefix: str = "", stamped: bool = False) -> None:
        """Refuse references, public from `reported` (else `recorded`) on, to occurrences whose retraction is
        public by then: the record would deny, count or accuse over something the store says did not happen (a
        reference public before the retraction stands, as it did until then). `stamped`: the record is this batch's
        own, so without `reported` it is public from the batch's stamp, which the write lock checks again."""
        public = public_from(reported, recorded)
        for name, ref in refs.items():
            if not isinstance(ref, str):
                continue
            target = self.occurrence(ref, prefix + name)
            # checked again under the write lock, with the stamp for a record public from it (`store.live_references`)
            self._relying.append((target.id, None if reported is None and stamped else public))
            retraction = target.retraction
            if retraction is None:
                continue
            since = public_from(retraction.reported, retraction.timestamp)
            if since <= public:
                raise InvalidInput(f"refers to an occurrence retracted from {shown(since)} ({retraction.reason}); "
                                   "only a record public before then may refer to it (give its `reported`)",
                                   field=prefix + name)

    def _check_references_stay_live(self, occurrence: Occurrence, correction: Corrected) -> None:
        """Refuse a correction that points a reference at an occurrence retracted by the time the corrected record
        is public, or that moves the record's `reported` to when what it refers to is retracted: a correction
        fixes the record as it always was, so the record's own public time is the one that counts."""
        names = type(occurrence.created).occurrence_fields
        changes = correction.changes
        if not names or not (set(names) | {"reported"}) & changes.keys():
            return
        current = occurrence.current()
        reported = changes.get("reported", current.reported)
        for name in names:  # one at a time: several unchanged references would all be named `changes.reported`
            where = f"changes.{name}" if name in changes else "changes.reported"
            if changes.get(name) == str(occurrence.id):
                raise InvalidInput("a record cannot refer to itself", field=where)
            self._check_not_retracted({where: changes.get(name, getattr(current, name))}, reported,
                                      occurrence.created.timestamp, stamped=occurrence.id in self.created)

    def _resolve_item(self, item: Any, name: str, index: int) -> Any:
        if isinstance(item, str):
            return self.resolved.get(item) or self.actor_key(item, f"{name}.{index}")
        if isinstance(item, dict) and isinstance(item.get("actor"), str):
            return {**item, "actor": self.actor_key(item["actor"], f"{name}.{index}.actor")}
        return item

    @staticmethod
    def _check_target(cls: type[DomainEvent], name: str, target: Occurrence, data: dict[str, Any]) -> None:
        """Refuse references to the wrong kind of occurrence or to a claim that the record, as it now stands
        (corrections included), does not have; a claim that is not a whole number is left to validation."""
        created = target.created
        if name == "attack" and not isinstance(created, AttackOccurred):
            raise InvalidInput(f"refers to {with_article(type(created).__name__)}, not an AttackOccurred", field=name)
        claim = _whole(data.get("claim"))
        if name == "denies" and type(claim) is int:
            _require_claim(target, claim, "claim")

    def _refuse_unexportable(self, event: DomainEvent) -> None:
        """Refuse a line whose event would be exported as a line longer than `append` reads (references are written
        as keys, and `id` and `recorded` are added): its export could not be appended again. Only a line long enough
        to grow past the limit is rendered (a reference of four bytes can become a key of at most `GROWTH` times
        that, plus the envelope)."""
        if self._line_bytes * GROWTH + ENVELOPE_BYTES <= MAX_LINE_BYTES:
            return
        line = portable_line(event)
        size = len(dumps_line(line)) + ENVELOPE_BYTES
        if size > MAX_LINE_BYTES:
            largest = max(line, key=lambda name: len(orjson.dumps(line[name])))
            raise InvalidInput(f"this line would be exported as about {size:,} bytes (references written as keys, "
                               f"with its id and recorded time), over the {MAX_LINE_BYTES:,} a line may have, so the "
                               "export could not be appended again; split it, or shorten this field", field=largest)

    # -- lines ------------------------------------------------------------------------------
    def add(self, data: dict[str, Any], size: int = 0) -> str:
        """Check one input object (`size` bytes as read) and add its events; return APPENDED or DUPLICATE (a refused
        line leaves nothing behind, the occurrences it would rely on included)."""
        self._relying = []
        self._line_bytes = size
        status = self._add(data)
        for target, public in self._relying:
            self.relied_on.setdefault(target, ReliedOn()).add(public)
        return status

    def _add(self, data: dict[str, Any]) -> str:
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in ALL_TYPES:
            raise InvalidInput(f"unknown type {kind!r}; expected one of: {', '.join(ALL_TYPES)}",
                               field="type")
        fields = dict(data)
        for name in IGNORED_ON_INPUT:
            fields.pop(name, None)
        if kind in OCCURRENCE_TYPES:
            return self._occurrence(OCCURRENCE_TYPES[kind], fields)
        if kind in CORRECTION_TYPES:
            return self._correction(CORRECTION_TYPES[kind], fields)
        return self._actor_event(ACTOR_EVENT_TYPES[kind], fields)

    def _validate(self, cls: type[DomainEvent], fields: dict[str, Any], stream: UUID, version: int) -> Any:
        """Validate a line's fields as an event of `cls` on a stream, stamped now; the envelope is the store's,
        so a line that sets any of it is refused (it would be silently replaced)."""
        if set_by_line := ENVELOPE_FIELDS & fields.keys():
            raise InvalidInput("unknown field (the store sets it)", field=min(set_by_line))
        try:
            return cls.model_validate({**fields, "originator_id": stream, "originator_version": version,
                                       "timestamp": self.now})
        except ValidationError as e:
            raise validation_error(e) from None

    def _occurrence(self, cls: type[OccurrenceRecorded], fields: dict[str, Any]) -> str:
        stream, deterministic = self._stream_for(fields)
        event = self._validate(cls, self.resolve_references(cls, fields), stream, 1)
        previous = self._previous_first(stream) if deterministic else None
        if previous is not None:
            if same_content(previous, event):
                self.matched[stream] = 0  # its corrections may follow again (`matched`)
                return DUPLICATE  # as stored, even if stored before a rule it breaks
            in_input = stream in self.created  # recorded earlier in this input, not stored
            raise KeyConflict(event.key, field="key", in_input=in_input) if event.key else \
                KeyConflict(str(stream), field="id", in_input=in_input)
        _refuse_blank_text(fields)  # the rules below hold for what is new: input stored before them is a duplicate
        self._refuse_unexportable(event)
        if field := event.too_few_distinct():
            raise InvalidInput(TOO_FEW_DISTINCT, field=field)
        if field := event.named_twice():
            raise InvalidInput(NAMED_TWICE, field=field)
        if cls.occurrence_fields:
            self._check_not_retracted({name: getattr(event, name) for name in cls.occurrence_fields},
                                      event.reported, self.now, stamped=True)
        if isinstance(event, ClaimDenied):
            self._check_claim_public(event.denies, event.claim, public_from(event.reported, self.now), "claim")
        self.occurrences[stream] = Occurrence(event)
        self.created.add(stream)
        self.events.append(event)
        return APPENDED

    def _previous_first(self, stream: UUID) -> DomainEvent | None:
        """Return the creation event already stored (or batched) on a stream, if any."""
        if stream in self.occurrences:
            return self.occurrences[stream].created
        return self._stored_first(stream)

    def _stored_first(self, stream: UUID) -> DomainEvent | None:
        """Return the first stored event of a stream: prefetched for the batch, else looked up."""
        if stream in self.checked:
            return self.stored_first.get(stream)
        return self.app.first_event(stream)

    def _claimed_by(self, folded: str, name: str) -> str | None:
        """Return the actor key that claims a folded name, in this batch or the store (under any of the name's
        folded forms, `name_folds`), or None."""
        owner = self.names.get(folded)
        if owner is None:
            for form in name_folds(name):
                claim = self._stored_first(name_index_id(form))
                if claim is not None:
                    return claim.actor  # type: ignore[attr-defined]
        return owner

    @staticmethod
    def _stream_for(fields: dict[str, Any]) -> tuple[UUID, bool]:
        """Choose the stream id: from the key, else a given id (lossless re-import), else new.

        Returns the id and whether it is deterministic (so it may already be stored).
        """
        given = fields.pop("id", None)
        key = fields.get("key")
        if isinstance(key, str) and _is_uuid(key):
            raise InvalidInput("a key may not be a UUID: a reference that is a UUID names an occurrence by its id, "
                               "so this key could never be referred to", field="key")
        stream = occurrence_id_for_key(key) if isinstance(key, str) and key else None
        if given is not None:
            try:
                given_id = UUID(str(given))
            except ValueError:
                raise InvalidInput(f"'{given}' is not a UUID", field="id") from None
            if stream is not None and given_id != stream:
                raise InvalidInput("id does not belong to this key", field="id")
            if stream is None and given_id.version != 4:  # name-based ids are actors', names' and keys' streams
                raise InvalidInput("an id without a key must be a random (version 4) UUID, as this store gives "
                                   "occurrences without a key", field="id")
            stream = given_id
        return (stream, True) if stream else (uuid4(), False)

    def _correction(self, cls: type[DomainEvent], fields: dict[str, Any]) -> str:
        target_ref = fields.get("target")
        if not isinstance(target_ref, str):
            raise InvalidInput("required field is missing" if target_ref is None else
                               f"must be an occurrence id or key (text), not {target_ref!r}", field="target")
        occurrence = self.occurrence(target_ref, "target")
        fields = {**fields, "target": str(occurrence.id)}
        if cls is Corrected and isinstance(fields.get("changes"), dict):
            try:
                given = fields["changes"]
                changes = occurrence.expanded(given)  # whole fields, against the record as this batch finds it
                resolved = self.resolve_references(type(occurrence.created), changes)
                fields["changes"] = parts(resolved, list(given))  # stored by the paths given
            except InvalidInput as e:
                raise e.within("changes") from None
            self._check_denial(occurrence, fields["changes"], fields.get("reported"))
        event = self._validate(cls, fields, occurrence.id, occurrence.version + 1)
        if isinstance(event, Corrected):
            stored = occurrence.as_stored(event.changes)
            if stored is not None:
                event = event.model_copy(update={"changes": stored})
        if self._repeats(occurrence, event):
            return DUPLICATE
        _refuse_blank_text(fields)
        self._refuse_unexportable(event)
        if isinstance(changes := fields.get("changes"), dict):
            _refuse_blank_text(changes, "changes.")
        if isinstance(event, Corrected):
            self._check_references_stay_live(occurrence, event)
            made = occurrence.correct(event.changes, event.reason, self.now, event.reported, event.key)
        else:
            made = occurrence.retract(event.reason, self.now, event.reported)
        occurrence.collect_events()
        self.events.append(made)
        self.matched[occurrence.id] = len(occurrence.corrections)
        return APPENDED

    def _repeats(self, occurrence: Occurrence, event: DomainEvent) -> bool:
        """Tell whether a correction or retraction is one the occurrence already has: a retraction or a keyed
        correction by content (a key with other content is a conflict), a correction without a key by content
        among the corrections after those this append has met (`matched`)."""
        if isinstance(event, Retracted):
            return occurrence.retraction is not None and same_content(occurrence.retraction, event)
        corrections = occurrence.corrections
        given = _spelled(occurrence, event)
        if event.key is not None:  # type: ignore[attr-defined]
            place = next((i for i, c in enumerate(corrections) if c.key == event.key), None)  # type: ignore
            if place is not None and not _repeated(occurrence, corrections[place], given):
                raise KeyConflict(event.key, field="key",  # type: ignore[attr-defined]
                                  in_input=any(made is corrections[place] for made in [*self.carried, *self.events]))
        else:
            start = self.matched.get(occurrence.id, 0)
            place = next((i for i in range(start, len(corrections))
                          if _repeated(occurrence, corrections[i], given)), None)
        if place is None:
            return False
        self.matched[occurrence.id] = max(self.matched.get(occurrence.id, 0), place + 1)
        return True

    def _check_denial(self, occurrence: Occurrence, changes: dict[str, Any], reported: Any) -> None:
        """Refuse a correction of a denial that would leave it denying a claim its target does not have: now, or
        at any clock where the corrected denial is visible (from the correction's `reported` on, taking the
        denial's other corrections as they become public, and its own `reported`)."""
        if not isinstance(occurrence.created, ClaimDenied) or not ({"denies", "claim", "reported"} & changes.keys()):
            return
        current = occurrence.current()
        denies = changes.get("denies", current.denies)  # type: ignore[attr-defined]
        claim = changes.get("claim", current.claim)  # type: ignore[attr-defined]
        if not isinstance(denies, str):
            return
        try:
            self._check_target(ClaimDenied, "denies", self.occurrence(denies, "changes.denies"), {"claim": claim})
            if not (_is_clock(reported) and _is_clock(changes.get("reported"))):
                return  # validation names the clock
            start = public_from(reported, self.now)
            later = {since for c in occurrence.corrections if (since := public_from(c.reported, c.timestamp)) > start}
            instants = sorted({start} | later)
            for instant, until in zip(instants, [*instants[1:], None]):
                fields = with_changes(occurrence.public_fields(instant), changes)
                visible = max(instant, public_from(fields.get("reported"), occurrence.created.timestamp))
                named = _whole(fields.get("claim"))
                if isinstance(fields.get("denies"), str) and type(named) is int and (until is None or visible < until):
                    self._check_claim_public(fields["denies"], named, visible,
                                             "claim" if "claim" in changes else "denies" if "denies" in changes
                                             else "reported")
        except InvalidInput as e:
            raise e.within("changes") from None

    def _check_claim_public(self, denied: str, claim: int | None, public: datetime, field: str) -> None:
        """Refuse a denial, public from `public` on, of a claim that a correction of the statement public only
        later added: at clocks in between, the denial would name no claim."""
        if claim is None:
            return
        target = self.occurrence(denied, "denies")
        _require_claim(target, claim, field)
        since = target.item_public_from("claims", claim)
        if since is not None and since > public:
            raise InvalidInput(f"claim {claim} of the denied statement was added by a correction public only from "
                               f"{shown(since)}: before then the denial would name no claim (give it a `reported` of "
                               f"{shown(since)} or later)", field=field)

    def _actor_event(self, cls: type[DomainEvent], fields: dict[str, Any]) -> str:
        if cls is ActorRegistered:
            return self._register(fields)
        fields = self.resolve_references(cls, fields)
        key = fields.get("actor")
        actor = self._actor(key) if isinstance(key, str) else None
        event = self._validate(cls, fields, actor.id if actor else uuid4(), actor.next_version() if actor else 1)
        if actor is None:
            raise InvalidInput("required field is missing", field="actor")
        if isinstance(event, MembershipStarted) and (group := self._actor(event.group)).kind != "group":
            raise InvalidInput(f"'{group.key}' is {with_article(group.kind)}, not a group: only an actor of kind group has "
                               "members", field="group")
        if self._already_holds(actor, event):
            return DUPLICATE
        _refuse_blank_text(fields)
        self._refuse_unexportable(event)
        if isinstance(event, OfficeTaken):
            _check_office(actor, self._actor(event.of))
        if isinstance(event, MembershipStarted) and event.group == actor.key:
            raise InvalidInput("a group cannot be a member of itself", field="group")
        claims = self._claims(actor.key, [(event.alias, "alias")]) if isinstance(event, AliasAdded) else []
        actor.check(event)
        actor.apply(event)
        self.events.append(event)
        self._commit_claims(claims)
        return APPENDED

    def _actor(self, key: str) -> Actor:
        if key not in self.actors:
            loaded = self.app.load_actor(actor_id(key))
            if loaded is None:
                raise InvalidInput(f"actor '{key}' is not registered", field="actor")
            self.actors[key] = loaded
        return self.actors[key]

    @staticmethod
    def _already_holds(actor: Actor, event: DomainEvent) -> bool:
        """Tell whether an actor event repeats what the actor's history already says."""
        if isinstance(event, AliasAdded):
            return fold_name(event.alias) in {fold_name(a) for a in [actor.name, actor.key, *actor.aliases]}
        if isinstance(event, OfficeTaken):
            for t in actor.offices:
                if t.is_of(event.office, event.of) and t.since == event.from_:
                    content = (("rank", t.rank, event.rank), ("portfolio", t.portfolio, event.portfolio),
                               ("until", t.until, event.until))
                    for name, held, given in content:
                        if held != given and not (name == "until" and given is None):  # an end may come later
                            raise InvalidInput(f"'{actor.key}' already holds '{t.what}' of '{t.of}' from {t.since} "
                                               f"with {name} {held!r}, not {given!r}; the same term with other "
                                               "content is a conflict, not a duplicate", field=name)
                    return True
            return False
        if isinstance(event, OfficeLeft):
            return any(t.is_of(event.office, event.of) and t.until == event.on for t in actor.offices)
        if isinstance(event, MembershipStarted):
            return any(t.what == event.group and t.since == event.from_ for t in actor.memberships)
        if isinstance(event, MembershipEnded):
            return any(t.what == event.group and t.until == event.on for t in actor.memberships)
        return False

    def _register(self, fields: dict[str, Any]) -> str:
        key = fields.get("key")
        stream = actor_id(key) if isinstance(key, str) else uuid4()
        fields = self.resolve_references(ActorRegistered, fields)
        event: ActorRegistered = self._validate(ActorRegistered, fields, stream, 1)
        first = self.registrations.get(event.key) or self._stored_first(stream)
        if first is not None:
            if same_content(first, event):
                return DUPLICATE
            held = "registered earlier in this input" if event.key in self.registrations else "already registered"
            raise NameTaken(f"actor key '{event.key}' is {held} with other content", field="key")
        _refuse_blank_text(fields)
        self._refuse_unexportable(event)
        if event.part_of is not None:
            _check_part_of(event, self._actor(event.part_of))
        names = [(event.key, "key"), (event.name, "name"),
                 *((alias, f"aliases.{i}") for i, alias in enumerate(event.aliases)),
                 *([(event.wikidata, "wikidata")] if event.wikidata else [])]
        claims = self._claims(event.key, names)
        self.actors[event.key] = Actor(event)
        self.registrations[event.key] = event
        self.events.append(event)
        self._commit_claims(claims)
        return APPENDED

    def _claims(self, key: str, names: list[tuple[str, str]]) -> list[NameClaimed]:
        """Check that names, each with the field it came from, are free (or already this actor's) and build their
        index records."""
        claims: dict[str, NameClaimed] = {}
        for name, field in names:
            folded = fold_name(name)
            if not folded:
                raise InvalidInput(f"name '{name}' has no letters or digits", field=field)
            owner = self._claimed_by(folded, name)
            if owner is not None and owner != key:
                raise NameTaken(f"'{name}' already refers to actor '{owner}'", field=field)
            if owner is None and folded not in claims:
                claims[folded] = NameClaimed(originator_id=name_index_id(folded), originator_version=1,
                                             timestamp=self.now, name=name, actor=key)
        return list(claims.values())

    def _commit_claims(self, claims: list[NameClaimed]) -> None:
        for claim in claims:
            self.names[fold_name(claim.name)] = claim.actor
            self.events.append(claim)
