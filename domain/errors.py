"""The named errors of geoevents; the edges turn them into exit codes and HTTP statuses."""

from __future__ import annotations

from pydantic import ValidationError


class GeoEventsError(Exception):
    """Base class of every error geoevents raises on purpose."""


def located(reason: str, *, line: int | None = None, field: str | None = None) -> str:
    """Say a reason where it applies: `line 2, field 'participants.1': unknown actor ...`."""
    where = ([f"line {line}"] if line is not None else []) + ([f"field '{field}'"] if field else [])
    return f"{', '.join(where)}: {reason}" if where else reason


class InvalidInput(GeoEventsError):
    """An input line or value breaks the contract; names the line and the field."""

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None):
        self.line = line
        self.field = field
        self.reason = message
        super().__init__(located(message, line=line, field=field))

    def relocated(self, *, line: int | None, field: str | None) -> "InvalidInput":
        """Return the same error at another line and field."""
        return type(self)(self.reason, line=line, field=field)

    def within(self, parent: str) -> "InvalidInput":
        """Return the same error with its field inside `parent` (`participants.1` → `changes.participants.1`)."""
        return self.relocated(line=self.line, field=f"{parent}.{self.field}" if self.field else parent)

    def to_dict(self) -> dict[str, object]:
        """Return the error as a JSON-ready mapping (line, field, reason)."""
        return {"line": self.line, "field": self.field, "reason": self.reason}


class InvalidClock(InvalidInput):
    """A date or time value is not a valid (partial, timezone-aware) clock value."""


class ActorNotFound(InvalidInput):
    """An actor reference matches no key, Wikidata id, name or alias; suggests near names."""

    def __init__(self, ref: str, suggestions: list[str] | tuple[str, ...] = (), *,
                 line: int | None = None, field: str | None = None):
        self.ref = ref
        self.suggestions = list(suggestions)
        hint = f" (did you mean: {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"unknown actor '{ref}'{hint}", line=line, field=field)

    def relocated(self, *, line: int | None, field: str | None) -> "ActorNotFound":
        """Return the same error (with its suggestions) at another line and field."""
        return ActorNotFound(self.ref, self.suggestions, line=line, field=field)


class OccurrenceNotFound(InvalidInput):
    """A reference names an occurrence id or key that the store does not hold."""


class NameTaken(InvalidInput):
    """An actor key, alias or Wikidata id is already claimed by another actor."""


class KeyConflict(GeoEventsError):
    """An idempotency key is already stored with different content."""

    def __init__(self, key: str, *, line: int | None = None, field: str = "key", in_input: bool = False):
        self.key = key
        self.line = line
        self.field = field
        """The field that carried it: `key`, or `id` for a line that gives only an id."""
        self.held = "given earlier in this input" if in_input else "already stored"
        """Where the other content is: in the store, or on an earlier line of the same input."""
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{field} '{key}' is {self.held} with different content")


class StoreUnavailable(GeoEventsError):
    """The store cannot be opened or written (missing, read-only, full disk, bad URL)."""


class ServerUnreachable(StoreUnavailable):
    """No database server answered at the store's address (refused, timed out, starting up): later may succeed."""


class Interrupted(GeoEventsError):
    """A write stopped by its user (Ctrl-C, SIGTERM): the batches committed stay, each whole; `stored` says how many
    input lines those known to be committed held (the batch being written may have been committed too)."""

    def __init__(self, stored: int):
        super().__init__(f"interrupted: {stored} lines were stored by the batches known to be committed (each "
                         "whole); the batch being written at that moment may or may not have been stored; appending "
                         "the same input again adds only what is missing for lines with a key or an id (a line "
                         "without either would be stored again)")
        self.stored = stored


class ImportInterrupted(Interrupted):
    """An import stopped by its user: the batches committed stay, each whole; says what their rows came to."""

    def __init__(self, rows: int, imported: int, duplicates: int, rejected: int):
        GeoEventsError.__init__(self, f"interrupted: the batches known to be committed (each whole) held {rows} rows: "
                                f"imported {imported}, duplicates {duplicates}, rejected {rejected}; the batch being "
                                "written at that moment may or may not have been stored; importing the same file again "
                                "adds only what is missing")
        self.stored = imported


class InputRejected(GeoEventsError):
    """A batch of input was refused whole; carries every located reason and what was stored before."""

    def __init__(self, rejections: list["InvalidInput | KeyConflict"], stored_before: int = 0,
                 unchecked: bool = False):
        self.rejections = rejections
        self.stored_before = stored_before
        self.unchecked = unchecked
        """True when checking stopped at this many rejections, before the batch's last line."""
        first = rejections[0] if rejections else None
        more = f" (and {len(rejections) - 1} more)" if len(rejections) > 1 else ""
        super().__init__(f"input rejected, nothing stored from this batch: {first}{more}{self.stopped}")

    @property
    def stopped(self) -> str:
        """Where checking stopped, when it stopped before the end of the batch (else nothing)."""
        return (f"; checking stopped after {len(self.rejections)} rejected lines, so later lines were not checked"
                if self.unchecked else "")


class ConcurrentWriteConflict(GeoEventsError):
    """Another writer kept winning the race for the same streams; the batch was not stored."""


class TokenNameTaken(GeoEventsError):
    """An access token with this name is already active; revoke it first or choose another name."""


class TokenNotFound(GeoEventsError):
    """No active access token has this name."""


class IntegrityViolation(GeoEventsError):
    """The stored log no longer matches its Merkle log, a checkpoint or a proof; names what differs."""

    def __init__(self, message: str, *, notification_id: int | None = None):
        self.notification_id = notification_id
        super().__init__(message)


def validation_error(e: ValidationError) -> InvalidInput:
    """Turn pydantic's first complaint into our error naming the field."""
    err = e.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or None
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown field"
    elif err["type"] == "missing":
        message = "required field is missing"
    return InvalidInput(message, field=field)
