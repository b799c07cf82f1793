"""Turning command-line flag values into JSON Lines fields: `field=value`, sources, claims, paths."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

import orjson
import typer
from pydantic import BaseModel

from domain.errors import InvalidInput


def json_or_text(text: str) -> Any:
    """Parse a value as JSON when it is valid JSON, else keep it as text."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return text


def set_option(text: str) -> str:
    """Read one `--set` as typed: FIELD=VALUE, else a usage error (exit 2), as any malformed option value."""
    name, sep, _ = text.partition("=")
    if not sep or not name.strip():
        raise typer.BadParameter(f"expected FIELD=VALUE, got '{text}'")
    return text


def assignment(text: str, flag: str = "--set") -> tuple[str, str]:
    """Split `field=value` (the field may be a dotted path such as `sources.0.url`)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"expected FIELD=VALUE, got '{text}'", field=flag)
    return name.strip(), value


def assignments(texts: list[str], taken: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Split every `--set field=value`, refusing a field set twice, by `--set` or by the flag `taken` names for it
    (field to flag): the later value would silently win."""
    seen = dict(taken or {})
    split = []
    for text in texts:
        path, raw = assignment(text)
        if path in seen:
            raise InvalidInput(f"'{path}' is set twice (by {seen[path]} and by --set {text}); give it once",
                               field=f"--set {path}")
        seen[path] = f"--set {text}"
        split.append((path, raw))
    return split


def _annotation_at(model: type[BaseModel], path: str) -> Any:
    """The type of the field a dotted path leads to (`sources.0.title`: a source's title), None where it leads
    nowhere known."""
    annotation: Any = model
    for part in path.split("."):
        annotation = _bare(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part) or next(
                (f for f in annotation.model_fields.values() if f.alias == part), None)
            if info is None:
                return None
            annotation = info.annotation
        elif get_origin(annotation) is list and part.isascii() and part.isdigit():
            annotation = get_args(annotation)[0]
        else:
            return None
    return annotation


def _bare(annotation: Any) -> Any:
    """A type without its `Annotated` metadata, and without `None` when it is optional."""
    if get_origin(annotation) is Annotated:
        return _bare(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        return _bare(kinds[0]) if len(kinds) == 1 else annotation
    return annotation


def _wants_text(annotation: Any) -> bool:
    """Tell whether a field's type is text only (a string, a clock, maybe None)."""
    return _bare(annotation) is str


def field_value(model: type[BaseModel] | None, path: str, text: str) -> Any:
    """Parse a flag value for a field or a dotted path into one: JSON when valid, but a text field keeps `2024` as
    text."""
    value = json_or_text(text)
    if model is None or isinstance(value, str) or value is None:
        return value
    return text if _wants_text(_annotation_at(model, path)) else value


def source(text: str) -> dict[str, str]:
    """Parse `PUBLISHER[,URL]` into a source (the part after the last comma counts as URL if it has ://)."""
    publisher, sep, url = text.rpartition(",")
    if sep and "://" in url:
        return {"publisher": publisher.strip(), "url": url.strip()}
    return {"publisher": text.strip()}


def colon_fields(text: str, names: tuple[str, ...], required: int, flag: str, *, first_keeps: bool = False
                 ) -> dict[str, str]:
    """Split `A:B[:C]` into named fields; the last field keeps any further colons (quotes), or the first one when
    `first_keeps` (a name, before a field that never holds one)."""
    parts = text.rsplit(":", len(names) - 1) if first_keeps else text.split(":", len(names) - 1)
    if len(parts) < required or any(not p.strip() for p in parts[:required]):
        shape = ":".join(n.upper() for n in names[:required]) + "".join(f"[:{n.upper()}]" for n in names[required:])
        raise InvalidInput(f"expected {shape}, got '{text}'", field=flag)
    return {name: part.strip() for name, part in zip(names, parts, strict=False) if part.strip()}


def claim(text: str) -> dict[str, str]:
    """Parse `SUBJECT:TOPIC:STANCE[:QUOTE]` into a statement's claim."""
    return colon_fields(text, ("subject", "topic", "stance", "quote"), 3, "--claim")


def perpetrator(text: str) -> dict[str, str]:
    """Parse `ACTOR[:alleged|claimed|confirmed]` into a perpetrator."""
    return colon_fields(text, ("actor", "status"), 1, "--perpetrator")


def suspect(text: str) -> dict[str, str]:
    """Parse `NAME[:NATIONALITY]` into a suspect (a colon in the name stays in it: the split is at the last one)."""
    return colon_fields(text, ("name", "nationality"), 1, "--suspect", first_keeps=True)
