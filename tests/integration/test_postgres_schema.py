"""On PostgreSQL a store is one schema: its tables live there and unqualified SQL resolves there."""

from __future__ import annotations

import pytest

from store.root import open_store
from store.settings import Settings
from tests import pg


@pytest.mark.postgres
def test_two_stores_in_two_schemas_of_one_database_do_not_see_each_other():
    with pg.fresh_schema() as a, pg.fresh_schema() as b:
        with open_store(Settings(store=pg.url_with_schema(a))) as first, \
                open_store(Settings(store=pg.url_with_schema(b))) as second:
            first.append_objects([{"type": "ActorRegistered", "key": "fra", "name": "France", "kind": "state"}])
            assert first.directory.lookup("France") == "fra"
            assert second.directory.lookup("France") is None
            with first.app.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute("SELECT current_schema() AS s, count(*) AS n FROM geoevents_events")
                row = cursor.fetchone()
    assert row["s"] == a and row["n"] == 3  # the registration and the claims of "fra" and "france"
