"""The append use case: lines in, whole batches stored or refused, duplicates skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, PersistenceError

from domain.base import DomainEvent
from domain.catalogue import OCCURRENCE_TYPES, OccurrenceRecorded
from domain.errors import ConcurrentWriteConflict, InputRejected, Interrupted, InvalidInput, KeyConflict, NameTaken
from domain.identity import actor_id, name_index_id, occurrence_id_for_key
from domain.names import name_folds
from domain.occurrences import Occurrence
from store.application import GeoEventsApplication
from store.batch import APPENDED, Batch
from store.collector import collect_if_grown, collector_between_batches
from store.commit_pipeline import CommitPipeline, OverlappedCommits
from store.directory import ActorDirectory
from store.faults import RETRIES, back_off, is_dropped, is_transient, views_behind, write_failure
from store.jsonl import Line
from store.live_references import LIVE, ReferenceRetracted
from store.lookups import first_events, whole_streams
from store.reading import stream_id


@dataclass
class InFlight:
    """The batch whose commit may still be running, and what to do once it has committed."""

    pipeline: CommitPipeline | None
    done: Callable[[], None] | None = None
    checked: Batch | None = None
    """In a dry run, the batches checked so far (nothing is stored, so each batch is checked on top of them)."""
    matched: dict[UUID, int] = field(default_factory=dict)
    """The corrections met so far by this append, per occurrence (`Batch.matched`), for the next batch."""

    @property
    def committing(self) -> bool:
        """Tell whether a commit is running on the pipeline's helper thread."""
        return self.pipeline is not None and self.pipeline.in_flight

    def settle(self) -> Callable[[], None] | None:
        """Wait for the commit (raising its error); return, once only, what to do now that it is done."""
        if self.pipeline is not None:
            self.pipeline.settle()
        done, self.done = self.done, None
        return done


class PendingEvents:
    """All new events of a batch handed to the library as one unit (one transaction).

    Passing events one by one makes the library run a runtime protocol check per event.
    """

    def __init__(self, events: list[DomainEvent]):
        self.id = UUID(int=0)
        self._events = events

    def collect_events(self) -> list[DomainEvent]:
        """Return the batch's events in input order (the eventsourcing collect protocol)."""
        return self._events


@dataclass
class Rejection:
    """One refused line: where, which field, why, and the raw text (for `--skip-invalid` reports)."""

    line: int
    field: str | None
    reason: str
    text: bytes = b""
    conflict: bool = False
    """True when the line repeats a stored key (idempotency or actor key) with different content."""

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", field '{self.field}'" if self.field else "")
        return f"{where}: {self.reason}"


@dataclass
class AppendResult:
    """What an append did: lines read, lines stored, duplicates skipped, lines rejected."""

    lines: int = 0
    appended: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    dry_run: bool = False


def rejection(line: Line, error: InvalidInput | KeyConflict) -> Rejection:
    """Locate an error on its input line."""
    if isinstance(error, KeyConflict):
        return Rejection(line.number, error.field, f"{error.field} '{error.key}' is {error.held} with different "
                         "content", line.text, conflict=True)
    return Rejection(line.number, error.field, error.reason, line.text,
                     conflict=isinstance(error, NameTaken) and error.field == "key")


def _candidate_streams(lines: list[Line]) -> list[UUID]:
    """Streams that lines would write: keyed or id-carrying occurrences, registered actors and the
    name-index streams of their names (for one batched check)."""
    streams: list[UUID] = []
    for line in lines:
        data = line.data or {}
        key = data.get("key")
        if data.get("type") == "ActorRegistered":
            streams.extend(_registration_streams(data))
        elif isinstance(key, str) and key and data.get("type") not in ("Corrected", "Retracted"):
            streams.append(occurrence_id_for_key(key))  # a correction's key names it among its target's
        elif isinstance(data.get("id"), str):
            try:
                streams.append(UUID(data["id"]))
            except ValueError:
                pass
    return streams


def _registration_streams(data: dict[str, Any]) -> list[UUID]:
    """The actor stream and the name-index streams an actor registration line would write."""
    key, aliases = data.get("key"), data.get("aliases")
    names = [key, data.get("name"), data.get("wikidata"), *(aliases if isinstance(aliases, list) else [])]
    streams = [actor_id(key)] if isinstance(key, str) else []
    return streams + [name_index_id(form) for name in names if isinstance(name, str) for form in name_folds(name)]


class AppendService:
    """Validates and stores JSON Lines input in atomic batches, then tells the read side."""

    def __init__(self, app: GeoEventsApplication, directory: ActorDirectory,
                 after_save: Iterable[Callable[[], None]] = ()):
        self.app = app
        self.directory = directory
        self.after_save = list(after_save)

    def append(self, lines: Iterable[Line], *, batch_size: int | None = None, dry_run: bool = False,
               skip_invalid: bool = False, collect_ids: bool = False, max_errors: int = 50) -> AppendResult:
        """Store lines batch by batch; each batch is stored whole, or refused whole with reasons.

        Where the recorder can (SQLite), a batch commits on a helper thread while the next one is built
        (`store.commit_pipeline`); a batch counts as stored, and the read side hears of it, only once its
        commit has returned, and `append` returns only after the last one has.
        """
        result = AppendResult(dry_run=dry_run)
        with collector_between_batches(), self._commits() as pipeline:
            in_flight = InFlight(pipeline)
            if pipeline is not None:
                pipeline.inline = batch_size is None  # one batch (an HTTP request) never starts the helper thread
            try:
                for number, chunk in enumerate(_chunks(lines, batch_size)):  # never reading ahead: input may be a pipe
                    if number:
                        collect_if_grown()
                    self._append_chunk(chunk, result, in_flight, dry_run=dry_run, skip_invalid=skip_invalid,
                                       collect_ids=collect_ids, max_errors=max_errors)
                self._settle(in_flight, result)
            except KeyboardInterrupt:
                try:
                    self._settle(in_flight, result)  # a batch already committing ends first, counted if it was stored
                except PersistenceError:
                    pass
                raise Interrupted(result.appended) from None
        return result

    def _commits(self) -> AbstractContextManager[CommitPipeline | None]:
        """This thread's commit pipeline where the recorder offers one, else nothing."""
        recorder = self.app.recorder
        return recorder.overlapping_commits() if isinstance(recorder, OverlappedCommits) else nullcontext()

    def _settle(self, in_flight: InFlight, result: AppendResult) -> None:
        """Wait for the batch in flight to commit, then count it and tell the read side."""
        try:
            done = in_flight.settle()
        except PersistenceError as error:
            raise write_failure(error, result.appended) from None
        if done is not None:
            done()

    def _append_chunk(self, chunk: list[Line], result: AppendResult, in_flight: InFlight, *, dry_run: bool,
                      skip_invalid: bool, collect_ids: bool, max_errors: int) -> None:
        failures = retractions = 0
        as_of: datetime | None = None  # build as of this time: the stamp a batch refused under the lock had
        while True:
            overlapped = in_flight.committing
            try:
                batch, outcome, looked_up = self._build(chunk, skip_invalid=skip_invalid, max_errors=max_errors,
                                                        matched=in_flight.matched, carried=in_flight.checked,
                                                        as_of=as_of)
            except PersistenceError as error:  # the look-ups only read: worth another try on a new connection
                self._settle(in_flight, result)
                failures += 1
                if not (is_transient(error) or is_dropped(error)) or failures == RETRIES:
                    raise write_failure(error, result.appended, writing=False) from None
                back_off(failures - 1)
                continue
            self._settle(in_flight, result)
            if overlapped and looked_up:  # refusals perhaps for want of what the batch in flight stored
                batch, outcome, _ = self._build(chunk, skip_invalid=skip_invalid, max_errors=max_errors,
                                                matched=in_flight.matched, as_of=as_of)
            if outcome.rejected and not skip_invalid:
                raise InputRejected(outcome.rejected,  # type: ignore[arg-type]
                                    stored_before=0 if dry_run else result.appended,
                                    unchecked=outcome.lines < len(chunk))
            if dry_run:
                in_flight.checked = batch
                break
            if not batch.events:
                break
            try:
                self.app.save(PendingEvents(batch.events), **{LIVE: batch.relied_on})
            except ReferenceRetracted as lost:  # checked again as of its stamp, the reference is refused or kept:
                as_of = lost.stamp              # each time another retraction, so no retry is used up
                retractions += 1
                if retractions <= len(chunk) + RETRIES:
                    continue
                raise self._conflict(result) from None
            except IntegrityError:  # a key, a name or a stream written meanwhile
                failures += 1
                if failures == RETRIES:
                    raise self._conflict(result) from None
                continue
            except PersistenceError as error:
                failures += 1
                if not is_transient(error) or failures == RETRIES:
                    raise write_failure(error, result.appended) from None
                back_off(failures - 1)
                continue
            break
        in_flight.matched = batch.matched
        in_flight.done = lambda: self._stored(batch, outcome, result, collect_ids=collect_ids, dry_run=dry_run)

    @staticmethod
    def _conflict(result: AppendResult) -> ConcurrentWriteConflict:
        """Say that other writers kept winning the race for this batch's streams, and what earlier batches stored."""
        earlier = f" ({result.appended} lines stored by earlier batches)" if result.appended else ""
        return ConcurrentWriteConflict("another writer kept recording the same keys, names or occurrences; nothing "
                                       f"from this batch was stored{earlier}; try again")

    def _stored(self, batch: Batch, outcome: AppendResult, result: AppendResult, *, collect_ids: bool,
                dry_run: bool) -> None:
        """Once a batch is committed (or was not written): remember its names, count it, run the hooks."""
        if batch.events and not dry_run:
            for folded, key in batch.names.items():
                self.directory.remember(folded, key)
        result.lines += outcome.lines
        result.appended += outcome.appended
        result.duplicates += outcome.duplicates
        result.rejected.extend(outcome.rejected)
        if collect_ids:
            result.ids.extend(str(e.originator_id) for e in batch.events if isinstance(e, OccurrenceRecorded))
        if batch.events and not dry_run:
            self.run_after_save(result.appended)

    def run_after_save(self, stored: int) -> None:
        """Run the read-side hooks now (after each stored batch, or once after appends that left them to
        another process), retrying while another writer holds the lock; `stored` is for the error."""
        for hook in self.after_save:
            self._after_save(hook, stored)

    @staticmethod
    def _after_save(hook: Callable[[], None], stored: int) -> None:
        """Run a read-side hook after a batch is stored, retrying while another writer holds the lock."""
        for attempt in range(RETRIES):
            try:
                return hook()
            except PersistenceError as error:
                if not is_transient(error) or attempt == RETRIES - 1:
                    raise views_behind(error, stored) from None
                back_off(attempt)

    def _build(self, chunk: list[Line], *, skip_invalid: bool, max_errors: int, matched: dict[UUID, int],
               carried: Batch | None = None, as_of: datetime | None = None) -> tuple[Batch, AppendResult, bool]:
        """Check every line of a chunk against the store and the chunk's own earlier lines (and, in a dry run,
        on top of the `carried` batches checked before it), after the corrections this append has `matched`, as of
        now or `as_of` if later; also tell whether these checks refused any line (lines that could not be read are
        refused regardless)."""
        streams = _candidate_streams(chunk)
        prefetched = first_events(self.app, streams) if streams else {}
        now = datetime.now(timezone.utc)
        batch = Batch(self.app, self.directory, max(now, as_of) if as_of else now, prefetched, set(streams))
        batch.matched = dict(matched)
        if carried is not None:
            batch.carry_on(carried)
        referenced = _referenced_streams(chunk)
        for stream, stored in (whole_streams(self.app, referenced) if referenced else {}).items():
            if isinstance(stored[0], OccurrenceRecorded) and stream not in batch.occurrences:
                batch.occurrences[stream] = Occurrence.replay(stored)  # type: ignore[arg-type]
        outcome, looked_up = AppendResult(), False
        for line in chunk:
            outcome.lines += 1
            if line.error is not None:
                outcome.rejected.append(rejection(line, line.error))
            else:
                try:
                    status = batch.add(line.data, len(line.text))  # type: ignore[arg-type]
                except (InvalidInput, KeyConflict) as error:
                    outcome.rejected.append(rejection(line, error))
                    looked_up = True
                else:
                    if status == APPENDED:
                        outcome.appended += 1
                    else:
                        outcome.duplicates += 1
            if not skip_invalid and len(outcome.rejected) >= max_errors:
                break
        return batch, outcome, looked_up


def _referenced_streams(lines: list[Line]) -> list[UUID]:
    """Occurrence streams that lines refer to (denied, attacked, corrected...), to load in one query."""
    streams: list[UUID] = []
    for line in lines:
        data = line.data or {}
        kind = data.get("type")
        names = ("target",) if kind in ("Corrected", "Retracted") else getattr(
            OCCURRENCE_TYPES.get(kind) if isinstance(kind, str) else None, "occurrence_fields", ())
        for name in names:
            ref = data.get(name)
            if isinstance(ref, str) and ref:
                streams.append(stream_id(ref))
    return streams


def _chunks(lines: Iterable[Line], size: int | None) -> Iterator[list[Line]]:
    """Split lines into batches of `size` (all in one batch when size is None)."""
    iterator = iter(lines)
    while True:
        chunk = list(islice(iterator, size)) if size else list(iterator)
        if not chunk:
            return
        yield chunk
        if not size:
            return
