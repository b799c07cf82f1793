"""`geoevents record TYPE`: one occurrence from flags, built from the table in cli/record_spec.py."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any

import typer

from cli.context import StoreOption, fail, format_option
from cli.flags import assignments as split_assignments, field_value, set_option
from domain.paths import get_path, outermost_first, same_part_twice, set_path
from cli.record_spec import COMMON, KINDS, Flag, Kind, field_flags
from cli.writing import write_and_report
from cli.groups import OneValueGroup
from domain.catalogue import OCCURRENCE_TYPES
from domain.errors import InvalidInput
from domain.names import with_article
from store.append import AppendResult
from store.reading import stream_id
from store.root import Store

app = typer.Typer(cls=OneValueGroup, help="Record one occurrence from flags (see `geoevents record TYPE --help`).",
                  no_args_is_help=True)

SET_HELP = ("FIELD=VALUE for any other field of the JSON Lines format; VALUE is JSON when valid, else "
            "text; FIELD may be a dotted path such as sources.0.title. Repeat.")
KEYWORD = inspect.Parameter.KEYWORD_ONLY


def whole_number(text: str) -> int:
    """Read a number flag as `append` reads a JSON number: digits, perhaps signed (Python's int() would also take
    `1_000` or ` 12 `, which a JSON line may not hold)."""
    if not re.fullmatch(r"-?[0-9]+", text):
        raise typer.BadParameter(f"'{text}' is not a whole number")
    return int(text)


def _parameter(flag: Flag) -> inspect.Parameter:
    """Turn one spec row into a typer option parameter."""
    kind: Any = int if flag.number else str
    if flag.many:
        kind = list[kind]
    if not flag.required:
        kind = kind | None
    option = typer.Option(f"--{flag.name}", help=flag.help, show_default=False, metavar=flag.metavar,
                          parser=whole_number if flag.number else None)
    default = inspect.Parameter.empty if flag.required else None
    return inspect.Parameter(flag.param, KEYWORD, default=default, annotation=Annotated[kind, option])


def build(kind: Kind, values: dict[str, Any], assignments: list[str]) -> dict[str, Any]:
    """Build the JSON Lines object the flags describe (the same shape `append` reads)."""
    obj: dict[str, Any] = {"type": kind.type}
    for flag in (*COMMON, *kind.flags):
        value = values.get(flag.param)
        if value is None or value == []:
            continue
        read = flag.read or (lambda v: v)
        obj[flag.field] = [read(v) for v in value] if flag.many else read(value)
    set_by_flags = {flag.field: f"--{flag.name}" for flag in (*COMMON, *kind.flags) if flag.field in obj}
    given = dict(split_assignments(assignments, set_by_flags))
    _refuse_same_part_twice(obj, given)  # into what the flags gave
    for path, raw in outermost_first(given):  # a whole field before the paths into it, as a correction applies
        if path == "type":
            raise InvalidInput(f"the command sets the type ({kind.type})", field="--set type")
        flag = set_by_flags.get(path.split(".")[0])
        if flag and _holds(obj, path):
            raise InvalidInput(f"'{path}' is already given by {flag}; give it once", field=f"--set {path}")
        set_path(obj, path, field_value(OCCURRENCE_TYPES[kind.type], path, raw))
    _refuse_same_part_twice(obj, given)  # into what --set gave whole
    return obj


def _refuse_same_part_twice(obj: dict[str, Any], given: dict[str, str]) -> None:
    """Refuse two --set paths that name one part of the object (`sources.0.title`, `sources.00.title`): one of
    their values would be lost."""
    if twice := same_part_twice(obj, list(given)):
        raise InvalidInput(f"'{twice[0]}' names the same part as '{twice[1]}'; give it once", field=f"--set {twice[0]}")


def _holds(obj: dict[str, Any], path: str) -> bool:
    """Tell whether a path names a value the object already holds (an item or a field a flag gave)."""
    try:
        return get_path(obj, path) is not None
    except (KeyError, IndexError, TypeError, ValueError):
        return False


def _identify(obj: dict[str, Any]) -> Callable[[Store, AppendResult], str]:
    """Name the occurrence written: the new id, or the id its key or given id stands for."""
    def ident(_store: Store, result: AppendResult) -> str:
        """Return the id of the occurrence just written or found."""
        return result.ids[0] if result.ids else str(stream_id(str(obj.get("id") or obj.get("key"))))
    return ident


def command(verb: str, kind: Kind) -> Callable[..., None]:
    """Make the `record VERB` command function, with one typed option per spec row."""
    def record(**values: Any) -> None:
        """Build the object from the flags and append it (the docstring is replaced below)."""
        try:
            obj = build(kind, values, values.pop("assignments") or [])
        except InvalidInput as e:
            raise fail(str(e)) from None
        write_and_report(values["store"], obj, values["output"], _identify(obj), field_flags(kind))

    params = [_parameter(flag) for flag in (*COMMON, *kind.flags)]
    params.append(inspect.Parameter("assignments", KEYWORD, default=None, annotation=Annotated[
        list[str] | None, typer.Option("--set", help=SET_HELP, show_default=False, metavar="FIELD=VALUE",
                                             parser=set_option)]))
    params.append(inspect.Parameter("store", KEYWORD, default=None, annotation=StoreOption))
    params.append(inspect.Parameter("output", KEYWORD, default="table", annotation=format_option("table", "json")))
    record.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    record.__name__ = verb
    doc = (OCCURRENCE_TYPES[kind.type].__doc__ or "").strip()
    record.__doc__ = f"Record {with_article(kind.type)}: {doc[0].lower()}{doc[1:]} Prints its id, or 'duplicate'."
    return record


for _verb, _kind in KINDS.items():
    app.command(_verb, epilog=f"Example: {_kind.example}")(command(_verb, _kind))
