"""`geoevents actors ...`: register actors, add aliases, offices and memberships, list and show them."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cli.context import (TABLE_ROWS, FormatOption, StoreOption, existing, fail, opened, out, print_json, print_table,
                         table_cut)
from cli.render import print_actor
from cli.writing import write_and_report
from cli.groups import OneValueGroup
from domain.vocabulary import ACTOR_KINDS, RANKS
from projections.actors import members_ever
from projections.describe import describe_actor, find_actor
from projections.timeclock import clock_named
from store.listing import all_actors

app = typer.Typer(cls=OneValueGroup, help="Manage the actor registry: persons, states, organisations, groups.",
                  no_args_is_help=True)

ActorArg = Annotated[str, typer.Argument(help="The actor: key, Wikidata id, name or alias.", show_default=False)]
DateOpt = Annotated[str | None, typer.Option(help="A date: 2024, 2024-04, 2024-04-03 or an ISO datetime.",
                                             show_default=False)]


def _key_of(ref: str):
    """Name the actor a command wrote by its key (resolved after the write)."""
    return lambda store, _result: store.directory.lookup(ref) or ref


@app.command(epilog="Example: geoevents actors add dmitry-peskov 'Dmitry Peskov' --kind person --alias Peskov")
def add(
    key: Annotated[str, typer.Argument(help="Stable key: lower-case letters, digits, . _ -")],
    name: Annotated[str, typer.Argument(help="The actor's usual name.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(ACTOR_KINDS)}.")],
    alias: Annotated[list[str] | None, typer.Option(help="Another name or spelling; repeat.", show_default=False)] = None,
    wikidata: Annotated[str | None, typer.Option(help="Wikidata item id, e.g. Q142.", show_default=False)] = None,
    part_of: Annotated[str | None, typer.Option(help="For an organisation: the state it belongs to.", show_default=False)] = None,
    store: StoreOption = None,
    output: FormatOption = "table",
) -> None:
    """Register an actor under a key, with its kind and known aliases; prints the key."""
    obj = {"type": "ActorRegistered", "key": key, "name": name, "kind": kind, "aliases": alias or [],
           "wikidata": wikidata, "part_of": part_of}
    write_and_report(store, {k: v for k, v in obj.items() if v is not None}, output, lambda *_: key,
                     {"kind": "--kind", "aliases": "--alias", "wikidata": "--wikidata", "part_of": "--part-of"})


@app.command("alias", epilog="Example: geoevents actors alias Shoigu 'Sergueï Choïgu'")
def add_alias(actor: ActorArg, alias: Annotated[str, typer.Argument(help="The new name or spelling.")],
              store: StoreOption = None, output: FormatOption = "table") -> None:
    """Add another name or spelling by which an actor is known; prints the actor's key."""
    write_and_report(store, {"type": "AliasAdded", "actor": actor, "alias": alias}, output, _key_of(actor))


@app.command(epilog="Example: geoevents actors office Lavrov 'Minister of Foreign Affairs' --of Russia --rank minister "
                    "--portfolio foreign-affairs --from 2004-03-09")
def office(
    actor: ActorArg,
    title: Annotated[str, typer.Argument(help="The office, e.g. 'Minister of Defence'.")],
    of: Annotated[str, typer.Option("--of", help="The state or organisation the office belongs to.")],
    rank: Annotated[str | None, typer.Option(help=f"One of: {', '.join(RANKS)}.", show_default=False)] = None,
    portfolio: Annotated[str | None, typer.Option(help="E.g. defence, foreign-affairs.", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option("--from", help="When the term began.", show_default=False)] = None,
    until: DateOpt = None,
    left: Annotated[str | None, typer.Option(help="Record leaving the office on this date instead.",
                                             show_default=False)] = None,
    store: StoreOption = None,
    output: FormatOption = "table",
) -> None:
    """Record that a person took an office (--rank, --from), or left it (--left); prints the key."""
    if left is not None:
        refuse_with_left(("--rank", rank), ("--portfolio", portfolio), ("--from", from_), ("--until", until))
        obj: dict[str, Any] = {"type": "OfficeLeft", "actor": actor, "office": title, "of": of, "on": left}
    else:
        obj = {"type": "OfficeTaken", "actor": actor, "office": title, "of": of, "rank": rank,
               "portfolio": portfolio, "from": from_, "until": until}
    write_and_report(store, {k: v for k, v in obj.items() if v is not None}, output, _key_of(actor),
                     {"from": "--from", "on": "--left", "rank": "--rank", "until": "--until"})


@app.command(epilog="Example: geoevents actors member France western-allies --from 2022-02-24")
def member(
    actor: ActorArg,
    group: Annotated[str, typer.Argument(help="The group (an actor of kind group).")],
    from_: Annotated[str | None, typer.Option("--from", help="When the membership began.", show_default=False)] = None,
    left: Annotated[str | None, typer.Option(help="Record leaving the group on this date instead.",
                                             show_default=False)] = None,
    store: StoreOption = None,
    output: FormatOption = "table",
) -> None:
    """Record that an actor joined a group (--from), or left it (--left); prints the key."""
    if left is not None:
        refuse_with_left(("--from", from_))
        obj = {"type": "MembershipEnded", "actor": actor, "group": group, "on": left}
    else:
        obj = {"type": "MembershipStarted", "actor": actor, "group": group, "from": from_}
    write_and_report(store, {k: v for k, v in obj.items() if v is not None}, output, _key_of(actor),
                     {"from": "--from", "on": "--left"})


def refuse_with_left(*given: tuple[str, str | None]) -> None:
    """Refuse flags that describe a term begun alongside --left, which records only its end: they would be
    dropped without a word (and the term ended might not be the one they describe)."""
    if named := [flag for flag, value in given if value is not None]:
        raise fail(f"--left records only the end of a term; {', '.join(named)} cannot go with it", code=2)


@app.command("show", epilog="Example: geoevents actors show Choïgou --at 2024-04-03")
def show(actor: ActorArg, at: DateOpt = None, store: StoreOption = None, output: FormatOption = "table") -> None:
    """Show an actor: name, kind, aliases, offices, memberships, a group's members (those --at a date)."""
    with opened(existing(store)) as s:
        found = find_actor(s, actor)
        with clock_named("at"):
            data = describe_actor(found, at, members_ever(s, found.key) if found.kind == "group" else None)
    if output == "json":
        print_json(data)
        return
    print_actor(data)


@app.command("list", epilog="Example: geoevents actors list --kind state --format json")
def list_actors(kind: Annotated[str | None, typer.Option(help=f"Only this kind: {', '.join(ACTOR_KINDS)}.",
                                                         show_default=False)] = None,
                store: StoreOption = None, output: FormatOption = "table") -> None:
    """List registered actors, optionally of one kind."""
    if kind is not None and kind not in ACTOR_KINDS:
        raise fail(f"field 'kind': unknown kind '{kind}'; expected one of: {', '.join(ACTOR_KINDS)}")
    with opened(existing(store)) as s:
        found = [describe_actor(a) for a in all_actors(s.app) if kind is None or a.kind == kind]
    if output == "json":
        print_json(found)
        return
    table = Table("key", "name", "kind", "aliases")
    for a in found[:TABLE_ROWS]:
        table.add_row(*map(Text, (a["key"], a["name"], a["kind"], ", ".join(a["aliases"]))))
    print_table(table)
    table_cut(min(len(found), TABLE_ROWS), len(found) > TABLE_ROWS, len(found))


@app.command("refold", epilog="Example: geoevents actors refold")
def refold_names(store: StoreOption = None, output: FormatOption = "table") -> None:
    """Let plain spellings find names registered before ł, ø, đ... were transliterated (Walesa for Wałęsa).

    Claims each such name under its new folded form where no other actor holds it; names whose new form
    another actor holds are listed (two actors whose names now fold alike) and left as they are. Safe to repeat."""
    from store.refold import refold

    with opened(store) as s:
        done = refold(s)
    if output == "json":
        print_json({"claimed": done.claimed,
                    "taken": [{"name": n, "actor": a, "held_by": h} for n, a, h in done.taken]})
        return
    out.print(f"{len(done.claimed)} name(s) claimed under their transliterated form", highlight=False)
    for name, actor, holder in done.taken:
        out.print(f"[yellow]left as it is[/] {escape(name)} ({actor}): its transliterated form is "
                  f"{escape(holder)}'s", highlight=False, markup=True)
