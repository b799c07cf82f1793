"""`geoevents correct` and `geoevents retract`: new events on an occurrence's stream, never edits."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cli.context import FormatOption, StoreOption, err, fail, opened
from cli.flags import assignments as split_assignments, field_value, set_option
from cli.writing import append_one, report
from domain.errors import OccurrenceNotFound
from domain.occurrences import Occurrence
from store.reading import find_occurrence, stream_id

TargetArg = Annotated[str, typer.Argument(help="The occurrence: its id or its idempotency key.", show_default=False)]
ReasonOpt = Annotated[str, typer.Option(help="Why the record changes (kept in the log).", show_default=False)]
ReportedOpt = Annotated[str | None, typer.Option(help="When the correction became public (default: now).",
                                                 show_default=False)]
ErratumOpt = Annotated[bool, typer.Option(
    "--erratum", help="Our own error (a typo, a wrong date, a duplicate record): it applies at every --known-at "
    "where what it fixes is public, as if the record had been right all along (--recorded-at before it still "
    "shows the record as stored): it takes the `reported` of the record, or of the later revision of the same "
    "value. Not with --reported.")]


def public_when(occurrence: Occurrence, reported: str | None, erratum: bool,
                changes: dict[str, Any] | None = None) -> str | None:
    """The `reported` of a correction or retraction: the one given, for an erratum when what it fixes became
    public (`Occurrence.erratum_reported`), else None (public from when it is recorded)."""
    if erratum and reported is not None:
        raise fail("give --erratum (public whenever the record is) or --reported (public from then), not both",
                   code=2)
    return occurrence.erratum_reported(changes) if erratum else reported


def _target(store: Any, target: str) -> Occurrence:
    """The occurrence a correction or retraction names, or the error every refused write gives."""
    try:
        return find_occurrence(store.app, target)
    except OccurrenceNotFound as e:
        raise fail(f"field 'target' (ID-or-KEY): {e.reason}; nothing was stored") from None


def changes_for(occurrence: Occurrence, assignments: list[str]) -> dict[str, Any]:
    """Turn `field=value` assignments into a correction's changes; a dotted path (`claims.0.stance`) stays one,
    checked against the occurrence as the append finds it and stored as a path (`domain.paths.with_changes`),
    so that two corrections of different parts of one field racing each other both apply."""
    cls = type(occurrence.created)
    changes: dict[str, Any] = {}
    for path, raw in split_assignments(assignments):
        changes[path] = field_value(cls, path, raw)
    return changes


def correct(
    target: TargetArg,
    set_: Annotated[list[str], typer.Option("--set", help="FIELD=VALUE to replace (VALUE is JSON when valid, "
                                            "else text; FIELD may be a dotted path such as claims.0.stance). "
                                            "Repeat.", show_default=False, parser=set_option)],
    reason: ReasonOpt,
    reported: ReportedOpt = None,
    erratum: ErratumOpt = False,
    key: Annotated[str | None, typer.Option(
        help="Your name for this correction, unique among the record's corrections: running the command again "
             "adds nothing, and the same change made again later needs a new key (without one, it repeats the "
             "earlier correction and adds nothing).", show_default=False)] = None,
    store: StoreOption = None,
    output: FormatOption = "table",
) -> None:
    """Correct our record of an occurrence: replace fields, for a reason; prints the occurrence id."""
    with opened(store) as s:
        occurrence = _target(s, target)
        obj: dict[str, Any] = {"type": "Corrected", "target": target,
                               "changes": changes_for(occurrence, set_), "reason": reason}
        reported = public_when(occurrence, reported, erratum, obj["changes"])
        if reported is not None:  # '' too: validation names it
            obj["reported"] = reported
        if key is not None:
            obj["key"] = key
        result = append_one(s, obj, {"changes": "--set", "reason": "--reason", "reported": "--reported",
                                     "key": "--key"})
    if not result.appended and key is None:
        err.print("The record already has this correction (the same changes, reason and reported), so nothing was "
                  "added; to make the same change again, give it a --key of its own.", highlight=False)
    report(result, str(occurrence.id), output)


def retract(target: TargetArg, reason: ReasonOpt, reported: ReportedOpt = None, erratum: ErratumOpt = False,
            store: StoreOption = None, output: FormatOption = "table") -> None:
    """Retract a false or duplicate record: it stays in the log but no longer counts; prints its id."""
    obj: dict[str, Any] = {"type": "Retracted", "target": target, "reason": reason}
    with opened(store) as s:
        reported = public_when(_target(s, target), reported, erratum) if erratum else reported
        if reported is not None:  # '' too: validation names it
            obj["reported"] = reported
        result = append_one(s, obj, {"target": "ID-or-KEY", "reason": "--reason", "reported": "--reported"})
    report(result, str(stream_id(target)), output)
