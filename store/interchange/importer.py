"""The import use case: coded rows in, through the one append path, in batches of constant size.

Each batch: resolve the rows' actors (planning registrations), store the planned registrations,
then store the rows' native objects with `skip_invalid`, so one bad row is rejected with its reason
and never aborts the import. Every row read ends up imported, duplicate or rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

import orjson

from domain.codes import CODED
from domain.errors import ImportInterrupted, Interrupted, InvalidInput
from domain.identity import occurrence_id_for_key
from store.append import AppendService, Rejection
from store.collector import collect_if_grown, collector_between_batches
from store.interchange.actors import ActorResolver
from store.interchange.records import Party, Record, RowError, to_object, upstream_field
from store.jsonl import Line

DEFAULT_BATCH = 5000


REGISTRATION_ROUNDS = 3
"""How many times a batch's unknown actors are resolved and registered when other writers register them too."""
Sides = tuple[list[str | None], list[str | None]]
"""The actor keys of a record's sources and of its targets (`Record.sides`), None where a party is unknown."""
NO_SIDES: Sides = ([None], [None])
"""The sides of a row that could not be read."""
SIDES = ("source", "target")
"""The field a rejection names for a party of each side."""


@dataclass
class ImportSummary:
    """What an import did: rows read, imported, duplicates, rejected (with reasons), actors added."""

    rows: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    rejected_count: int = 0
    actors_registered: int = 0
    headers_skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counts as JSON-ready data."""
        return {"rows": self.rows, "imported": self.imported, "duplicates": self.duplicates,
                "rejected": self.rejected_count, "actors_registered": self.actors_registered,
                "headers_skipped": self.headers_skipped}


class Importer:
    """Feeds mapped records to the append service, registering or rejecting unknown actors."""

    def __init__(self, appender: AppendService, resolver: ActorResolver, batch_size: int = DEFAULT_BATCH,
                 on_reject: Callable[[Rejection], None] | None = None, columns: dict[str, str] | None = None):
        self.appender = appender
        self.resolver = resolver
        self.batch_size = batch_size
        self.on_reject = on_reject
        """Where rejections go as they happen (keeps memory constant); default: the summary's list."""
        self.columns = columns or {}
        """The format's column for each native field, so that a rejection names what the file calls it."""

    def run(self, records: Iterable[Record | RowError],
            progress: Callable[[int], None] | None = None) -> ImportSummary:
        """Import every record, batch by batch; call `progress` with the rows done after each batch."""
        summary = ImportSummary()
        iterator = iter(records)
        try:
            with collector_between_batches():
                while chunk := list(islice(iterator, self.batch_size)):
                    self._batch(chunk, summary)
                    collect_if_grown()
                    if progress:
                        progress(len(chunk))
        except (Interrupted, KeyboardInterrupt):  # Ctrl-C, or SIGTERM where the command turns it into one
            raise ImportInterrupted(summary.rows, summary.imported, summary.duplicates,
                                    summary.rejected_count) from None
        return summary

    def _batch(self, chunk: list[Record | RowError], summary: ImportSummary) -> None:
        if any(isinstance(r, Record) and r.own for r in chunk):
            mine = [self._as_own(r) if isinstance(r, Record) and r.own else r for r in chunk]
            chunk = [r for r in mine if r is not None]
            held = len(mine) - len(chunk)
            summary.rows += held
            summary.duplicates += held
        resolved = self._resolved(chunk, summary)
        lines = [self._line(item, keys) for item, keys in zip(chunk, resolved)]
        result = self.appender.append(lines, skip_invalid=True)
        if result.rejected:
            held = self._held_already(chunk, result.rejected)
            result.rejected = [r for r in result.rejected if r not in held]
            result.duplicates += len(held)
            rows = {item.line: item.row for item in chunk}
            for rejection in result.rejected:
                rejection.text = rejection.text or _text(rows.get(rejection.line))
                rejection.field = upstream_field(rejection.field, self.columns)
        summary.rows += result.lines
        summary.imported += result.appended
        summary.duplicates += result.duplicates
        summary.rejected_count += len(result.rejected)
        for rejection in result.rejected:
            (self.on_reject or summary.rejected.append)(rejection)

    def _held_already(self, chunk: list[Record | RowError], rejected: list[Rejection]) -> list[Rejection]:
        """The key conflicts that are rows this store already holds: an occurrence under the row's key imported
        from the same upstream row (dataset, record id and cells), which an earlier version mapped otherwise (a
        code it read as another type); the row is then a duplicate, as re-importing a file adds nothing."""
        records = {item.line: item for item in chunk if isinstance(item, Record)}
        held = []
        for rejection in rejected:
            record = records.get(rejection.line)
            if not (rejection.conflict and rejection.field == "key" and record is not None and record.key):
                continue
            stored = self.appender.app.load_occurrence(occurrence_id_for_key(record.key))
            provenance = stored.created.provenance if stored is not None else None
            if provenance is not None and (provenance.dataset, provenance.record_id, provenance.row) == \
                    (record.dataset, record.record_id, record.row):
                held.append(rejection)
        return held

    def _as_own(self, record: Record) -> Record | None:
        """A record of our own PLOVER export (`Record.own`): None when this store holds that occurrence (with the
        record's `id` as its key, or as its id when it has none, the `occurred` the record gives, and its type or a
        CodedEvent that PLOVER made of it), so it counts as a duplicate whatever else PLOVER kept of it; else the
        record under the occurrence's own key or id, so that exporting it from here and importing it back, or into
        the first store, adds nothing either, and another occurrence held under that key is a key conflict,
        reported. A record an earlier import stored under `plover:<id>` keeps that key."""
        app = self.appender.app
        stored = app.load_occurrence(record.own)  # type: ignore[arg-type]
        if stored is not None and (stored.created.key or str(record.own)) == record.record_id:
            current = stored.current()
            if current.occurred == record.occurred and record.own_type in (type(current).__name__, CODED):
                return None  # a CodedEvent there may be this store's record that PLOVER could not carry whole
        elif record.key and app.first_event(occurrence_id_for_key(record.key)) is not None:
            return record
        return replace(record, key=None if record.record_id == str(record.own) else record.record_id)

    def _keys(self, record: Record) -> Sides:
        """The actor keys of every party of the record, side by side (None for an unknown or absent one)."""
        resolve = self.resolver.resolve
        if not (record.more_sources or record.more_targets):  # most formats name one party a side
            return [resolve(record.source)], [resolve(record.target)]
        sources, targets = record.sides()
        return [resolve(p) for p in sources], [resolve(p) for p in targets]

    def _resolved(self, chunk: list[Record | RowError], summary: ImportSummary) -> list[Sides]:
        """Resolve the batch's parties to actor keys, registering the unknown ones first. A registration another
        writer's came before (its key or a name of it stored meanwhile) is planned again against what the store
        now holds, as if that writer had come first; one refused in every round stays refused."""
        for attempt in range(REGISTRATION_ROUNDS):
            resolved = [self._keys(r) if isinstance(r, Record) else NO_SIDES for r in chunk]
            if not self._register(summary, last=attempt == REGISTRATION_ROUNDS - 1):
                return resolved
        raise AssertionError("unreachable")  # pragma: no cover (the last round never asks for another)

    def _register(self, summary: ImportSummary, last: bool = True) -> bool:
        """Store the registrations planned for this batch before its rows refer to them; tell whether one lost a
        race with another writer and the batch must be resolved again (never in the `last` round)."""
        planned = self.resolver.take_planned()
        if not planned:
            return False
        lines = [Line(i, obj, None, b"") for i, obj in enumerate(planned)]
        result = self.appender.append(lines, skip_invalid=True)
        summary.actors_registered += result.appended
        raced = result.rejected if not last else []  # planned on what the store held: another writer came first
        for rejection in result.rejected:
            if rejection in raced:
                self.resolver.forget(planned[rejection.line])
            else:
                self.resolver.refused(planned[rejection.line], rejection.reason)
        return bool(raced)

    def _line(self, item: Record | RowError, keys: Sides) -> Line:
        """The append-service line for one row: its native object, or the reason it is rejected."""
        if isinstance(item, RowError):
            return Line(item.line, None, InvalidInput(item.reason, line=item.line, field=item.field),
                        _text(item.row))
        if item.more_sources or item.more_targets:
            named = [(side, party, key) for side, parties, side_keys in zip(SIDES, item.sides(), keys)
                     for party, key in zip(parties, side_keys)]
        else:  # most formats name one party a side
            named = [("source", item.source, keys[0][0]), ("target", item.target, keys[1][0])]
        for side, party, key in named:
            if party is not None and (problem := self._actor_problem(party, key)):
                return Line(item.line, None, InvalidInput(problem, line=item.line, field=side), _text(item.row))
        return Line(item.line, to_object(item, *keys), None, b"")

    def _actor_problem(self, party: Party | None, key: str | None) -> str | None:
        """Why a named party cannot be used: unknown (without --register-actors) or refused registration."""
        if party is None:
            return None
        if key is None:
            return f"unknown actor '{party.name}' (register it first, or import with --register-actors)"
        if key in self.resolver.failed:
            return f"actor '{party.name}' could not be registered: {self.resolver.failed[key]}"
        return None


def _text(row: dict[str, Any] | str | None) -> bytes:
    """The original row for the rejects report: its fields as JSON, or the line's own text."""
    return row.encode() if isinstance(row, str) else orjson.dumps(row or {})
