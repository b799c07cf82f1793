"""Appending one object built from flags through the same path as `geoevents append`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cli.context import fail, opened, out, print_json, where_set
from domain.errors import InputRejected
from store.append import AppendResult
from store.root import Store


def append_one(store: Store, obj: dict[str, Any], flags: dict[str, str] | None = None) -> AppendResult:
    """Append one JSON object atomically, or exit 1 naming the field; the store is untouched then."""
    try:
        return store.append_objects([obj], collect_ids=True)
    except InputRejected as e:
        first = e.rejections[0]
        field, reason = getattr(first, "field", None), getattr(first, "reason", str(first))
        raise fail(f"{where_set(field, reason, flags)}; nothing was stored") from None


def write_and_report(store_option: str | None, obj: dict[str, Any], output: str,
                     ident: Callable[[Store, AppendResult], str],
                     flags: dict[str, str] | None = None) -> None:
    """Append one object and print what it names (or 'duplicate'); `ident` finds that name."""
    with opened(store_option) as store:
        result = append_one(store, obj, flags)
        name = ident(store, result)
    report(result, name, output)


def report(result: AppendResult, name: str, output: str) -> None:
    """Print what one write named (or 'duplicate'), as text or JSON."""
    status = "appended" if result.appended else "duplicate"
    if output == "json":
        print_json({"status": status, "id": name})
    else:
        out.print(name if result.appended else "duplicate", highlight=False)
