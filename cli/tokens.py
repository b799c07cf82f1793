"""`geoevents tokens`: create, list and revoke the bearer tokens of the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from api.tokens import SCOPES, TokenRegistry
from cli.context import FormatOption, StoreOption, opened, out, print_json, print_table
from cli.groups import OneValueGroup

app = typer.Typer(cls=OneValueGroup, help="Bearer tokens for the HTTP service (only their hashes are stored).",
                  no_args_is_help=True)


@app.command(epilog="Example: geoevents tokens create reporting-service --scope read")
def create(
    name: Annotated[str, typer.Argument(help="A name for the client that will use the token.")],
    scope: Annotated[list[str], typer.Option(help=f"Scope to grant ({', '.join(SCOPES)}); repeat for several.")],
    store: StoreOption = None,
) -> None:
    """Create a token and print it once; the store keeps only its SHA-256 hash."""
    with opened(store) as s:
        token = TokenRegistry(s).create(name, scope)
    print(token)


@app.command("list", epilog="Example: geoevents tokens list --format json")
def list_tokens(store: StoreOption = None, output: FormatOption = "table") -> None:
    """List tokens by name with their scopes, creation and revocation dates (never the tokens)."""
    with opened(store) as s:
        tokens = TokenRegistry(s).list()
    if output == "json":
        print_json([{"name": t.name, "scopes": list(t.scopes), "created": t.created, "revoked": t.revoked}
                    for t in tokens])
        return
    table = Table("name", "scopes", "created", "revoked")
    for t in tokens:
        table.add_row(*map(Text, (t.name, " ".join(t.scopes), t.created, t.revoked or "")))
    print_table(table)


@app.command(epilog="Example: geoevents tokens revoke reporting-service")
def revoke(
    name: Annotated[str, typer.Argument(help="Name of the token to revoke.")],
    store: StoreOption = None,
) -> None:
    """Revoke a token at once, for every server using this store."""
    with opened(store) as s:
        TokenRegistry(s).revoke(name)
    out.print(f"revoked {name}")
