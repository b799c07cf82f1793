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
    for name, value in changes.items():
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
