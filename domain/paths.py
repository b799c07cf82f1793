"""Dotted paths into JSON-like data (`claims.0.stance`): how a change names a part of a field."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from domain.errors import InvalidInput


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path (`claims.0.stance`) inside nested JSON objects and lists, in place."""
    parts = path.split(".")
    node: Any = obj
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list):
            if not (part.isascii() and part.isdigit()) or int(part) >= len(node):
                raise InvalidInput(f"no item {part} in '{'.'.join(parts[:depth])}'", field=path)
            if last:
                node[int(part)] = value
            else:
                node = node[int(part)]
        elif isinstance(node, dict):
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
        else:
            raise InvalidInput(f"'{'.'.join(parts[:depth])}' holds no fields", field=path)


def get_path(obj: dict[str, Any], path: str) -> Any:
    """Read a dotted path inside nested JSON objects and lists (KeyError or IndexError when it leads nowhere)."""
    node: Any = obj
    for part in path.split("."):
        if isinstance(node, list) and not (part.isascii() and part.isdigit()):
            raise KeyError(part)
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def zero_led(path: str) -> bool:
    """Tell whether a dotted path has a part that starts with a zero and goes on (`claims.00.stance`): the only
    way two spellings of a path can name one part."""
    return any(len(part) > 1 and part.startswith("0") for part in path.split("."))


def canonical_path(whole: dict[str, Any], path: str) -> str:
    """A dotted path as it names a part of `whole`, its list indexes spelled without leading zeros (`claims.00.stance`
    and `claims.0.stance` name one part; a key `00` of an object stays as it is)."""
    if not zero_led(path):
        return path
    node: Any = whole
    spelled = []
    for part in path.split("."):
        if isinstance(node, list) and part.isascii() and part.isdigit():
            index = int(part)
            spelled.append(str(index))
            node = node[index] if index < len(node) else None
        else:
            spelled.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(spelled)


def same_part_twice(whole: dict[str, Any], paths: list[str]) -> tuple[str, str] | None:
    """The first path that names a part of `whole` an earlier one names spelled otherwise, with that earlier one
    (None when each names its own part)."""
    seen: dict[str, str] = {}
    for path in paths:
        canonical = canonical_path(whole, path)
        if canonical in seen:
            return path, seen[canonical]
        seen[canonical] = path
    return None


def outermost_first(changes: dict[str, Any]) -> list[tuple[str, Any]]:
    """A correction's changes in the order they apply: a field given whole before any path into it (`sources`
    before `sources.0.title`, `claims.0` before `claims.0.stance`), so a path lands in the field the same change
    gives, whichever order the input listed them in; otherwise as given."""
    return sorted(changes.items(), key=lambda item: item[0].count("."))


def parts(whole: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """The values at the given dotted paths (or plain names) of `whole`, keyed by path."""
    return {path: get_path(whole, path) for path in paths}


def with_changes(fields: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A record's fields with a correction's changes applied, without touching `fields`: a whole field is replaced,
    a dotted path replaces that part of the field as the record holds it. A path that leads nowhere in this
    record (the part it corrects came with a correction that does not apply here) changes nothing."""
    if not any("." in name for name in changes):
        return {**fields, **changes}
    out = dict(fields)
    copied: set[str] = set()
    for name, value in outermost_first(changes):
        top = name.split(".")[0]
        if top == name:
            out[name] = deepcopy(value)  # a path below may change it: never the correction's own value
            copied.add(name)
            continue
        if top not in copied:
            out[top] = deepcopy(out.get(top))
            copied.add(top)
        try:
            set_path(out, name, value)
        except InvalidInput:
            continue  # the part it corrects is not in the record as it stands here
    return out
