"""Access tokens in the store's own database: only hashes kept, scopes checked, revocation final."""

from __future__ import annotations

import pytest

from api.tokens import TokenRegistry, token_hash
from domain.errors import InvalidInput, TokenNameTaken, TokenNotFound
from store.root import open_store


def test_the_store_keeps_the_hash_of_a_token_and_never_the_token(store):
    token = TokenRegistry(store).create("dashboard", ["read"])
    with store.app.recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute("SELECT * FROM geoevents_tokens")
        rows = [tuple(row) if not isinstance(row, dict) else tuple(row.values()) for row in cursor.fetchall()]
    assert len(token) > 40 and token not in repr(rows) and token_hash(token) in repr(rows)


def test_a_token_carries_its_scopes_until_revoked(store):
    tokens = TokenRegistry(store)
    token = tokens.create("ingest", ["append", "read"])
    found = tokens.check(token)
    tokens.revoke("ingest")
    assert found is not None and found.scopes == ("read", "append")
    assert tokens.check(token) is None and tokens.list()[0].revoked is not None


def test_names_are_unique_among_active_tokens_and_free_again_after_revocation(store):
    tokens = TokenRegistry(store)
    tokens.create("svc", ["read"])
    with pytest.raises(TokenNameTaken):
        tokens.create("svc", ["read"])
    tokens.revoke("svc")
    assert tokens.check(tokens.create("svc", ["append"])).scopes == ("append",)


def test_unknown_scopes_and_unknown_names_are_refused(store):
    tokens = TokenRegistry(store)
    with pytest.raises(InvalidInput):
        tokens.create("x", ["admin"])
    with pytest.raises(TokenNotFound):
        tokens.revoke("nobody")


def test_a_remembered_token_is_refused_at_once_when_another_handle_revokes_it(store, settings, backend, monkeypatch):
    tokens = TokenRegistry(store)
    token = tokens.create("dashboard", ["read"])
    assert tokens.check(token) is not None
    reads = []
    monkeypatch.setattr(tokens, "_execute", lambda *a, **k: reads.append(a) or TokenRegistry._execute(tokens, *a, **k))
    assert tokens.check(token) is not None
    assert len(reads) == (1 if backend == "postgres" else 0)  # SQLite: answered from memory, the database unchanged
    with open_store(settings) as other:  # another connection, as `geoevents tokens revoke` in another process
        TokenRegistry(other).revoke("dashboard")
    assert tokens.check(token) is None
