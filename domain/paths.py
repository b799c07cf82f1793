"""Dotted paths into JSON-like data (`claims.0.stance`): how a change names a part of a field."""

from __future__ import annotations

from typing import Any

from domain.errors import InvalidInput


def set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path (`claims.0.stance`) inside nested JSON objects and lists, in place."""
    parts = path.split(".")
    node: Any = obj
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
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
