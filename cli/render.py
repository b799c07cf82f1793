"""Printing actors for people (Rich text); `projections.describe` makes the JSON-ready data."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from cli.context import out


def print_actor(data: dict[str, Any]) -> None:
    """Print an actor described by `describe_actor` as a few lines of text."""
    facts = [data["key"], data["kind"], data["wikidata"], f"part of {data['part_of']}" if data["part_of"] else None]
    out.print(f"[bold]{escape(data['name'])}[/] ({escape(', '.join(f for f in facts if f))})", markup=True)
    out.print("aliases: " + (", ".join(data["aliases"]) or "-"), highlight=False, markup=False)
    for o in data["offices"]:
        extra = ", ".join(x for x in (o["rank"], o["portfolio"]) if x)
        out.print(f"office: {o['office']} of {o['of']} ({extra}) from {o['from']}"
                  + (f" until {o['until']}" if o["until"] else ""), highlight=False, markup=False)
    for m in data.get("members", []):
        out.print(f"member: {m['actor']} from {m['from']}" + (f" until {m['until']}" if m["until"] else ""),
                  highlight=False, markup=False)
    for m in data["memberships"]:
        out.print(f"member of {m['group']} from {m['from']}" + (f" until {m['until']}" if m["until"] else ""),
                  highlight=False, markup=False)
