"""Access tokens of the HTTP service: a small table next to the event log holding only hashes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from eventsourcing.postgres import PostgresApplicationRecorder

from domain.errors import InvalidInput, TokenNameTaken, TokenNotFound
from store.root import Store

SCOPES = ("read", "append")
TOKEN_PREFIX = "ge_"
CACHED_TOKENS = 1024
"""Most answers `check` keeps between two changes of the database (beyond that it starts afresh)."""


@dataclass(frozen=True)
class TokenInfo:
    """What the store knows about a token: its name, scopes and dates (never the token itself)."""

    name: str
    scopes: tuple[str, ...]
    created: str
    revoked: str | None = None


def token_hash(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is kept."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class TokenRegistry:
    """Creates, lists, revokes and checks bearer tokens in the store's own database.

    `check` remembers its answers only while the database stays unchanged (SQLite's data version,
    which any commit by any connection or process moves, `tokens revoke` included), so a revocation
    refuses the very next request; on PostgreSQL every check reads the table.
    """

    def __init__(self, store: Store):
        recorder = store.app.recorder
        self.datastore: Any = recorder.datastore  # type: ignore[attr-defined]
        self.changes = store.changes
        self._known: dict[str, TokenInfo | None] = {}
        self._known_at: int | None = None
        self.postgres = isinstance(recorder, PostgresApplicationRecorder)  # also the Merkle subclass
        events_table: str = recorder.events_table_name  # type: ignore[attr-defined]
        schema = events_table.rpartition(".")[0]
        self.table = f"{schema}.geoevents_tokens" if schema else "geoevents_tokens"
        self._execute(f"CREATE TABLE IF NOT EXISTS {self.table} (name TEXT PRIMARY KEY, "
                      "hash TEXT NOT NULL UNIQUE, scopes TEXT NOT NULL, created TEXT NOT NULL, "
                      "revoked TEXT)", (), commit=True, fetch=False)

    def _execute(self, sql: str, params: tuple[Any, ...], *, commit: bool, fetch: bool = True) -> list[Any]:
        """Run one statement in its own transaction and return its rows."""
        if self.postgres:
            sql = sql.replace("?", "%s")
        with self.datastore.transaction(commit=commit) as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall()) if fetch else []

    def create(self, name: str, scopes: list[str]) -> str:
        """Make a new token with these scopes and return it; only its hash is stored."""
        if not name.strip():
            raise InvalidInput("a token needs a name", field="name")
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown or not scopes:
            raise InvalidInput(f"scopes must be among {', '.join(SCOPES)}; got {', '.join(unknown) or 'none'}",
                               field="scope")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(timezone.utc).isoformat()
        ordered = " ".join(s for s in SCOPES if s in scopes)
        created = self._execute(
            f"INSERT INTO {self.table} (name, hash, scopes, created) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, scopes = excluded.scopes, "
            f"created = excluded.created, revoked = NULL WHERE {self.table}.revoked IS NOT NULL RETURNING name",
            (name, token_hash(token), ordered, now), commit=True)
        if not created:
            raise TokenNameTaken(f"a token named '{name}' is already active; revoke it first")
        return token

    def list(self) -> list[TokenInfo]:
        """Return every token the store knows, active and revoked, by name."""
        rows = self._execute(f"SELECT name, scopes, created, revoked FROM {self.table} ORDER BY name",
                                (), commit=False)
        return [TokenInfo(r["name"], tuple(r["scopes"].split()), r["created"], r["revoked"]) for r in rows]

    def revoke(self, name: str) -> None:
        """Stop a token from working, at once, for every server using this store."""
        now = datetime.now(timezone.utc).isoformat()
        revoked = self._execute(f"UPDATE {self.table} SET revoked = ? WHERE name = ? AND revoked IS NULL "
                                "RETURNING name", (now, name), commit=True)
        if not revoked:
            raise TokenNotFound(f"no active token named '{name}'")

    def check(self, token: str) -> TokenInfo | None:
        """Return the active token a presented secret belongs to, or None."""
        digest = token_hash(token)
        version = self.changes.current()
        if version is not None and version == self._known_at and digest in self._known:
            return self._known[digest]
        rows = self._execute(f"SELECT name, scopes, created FROM {self.table} WHERE hash = ? "
                                "AND revoked IS NULL", (digest,), commit=False)
        found = TokenInfo(rows[0]["name"], tuple(rows[0]["scopes"].split()), rows[0]["created"]) if rows else None
        if version is not None:  # read before the SELECT: a commit in between moves it, and the next check reads again
            if version != self._known_at or len(self._known) >= CACHED_TOKENS:
                self._known, self._known_at = {}, version
            self._known[digest] = found
        return found
