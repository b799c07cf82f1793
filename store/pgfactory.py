"""The PostgreSQL infrastructure factory of geoevents: the library's, with the store's schema first on the search path.

The library qualifies its own statements with POSTGRES_SCHEMA; our own SQL (views, tracking,
look-ups) names tables without a schema, so every pooled connection starts with
`search_path` set to the store's schema and resolves them there.
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment, EnvType

from store.pgtext import nul_safe_adapters


class SchemaPostgresFactory(PostgresFactory):
    """eventsourcing's PostgresFactory: names resolve in POSTGRES_SCHEMA, text is NUL-safe (store/pgtext.py)."""

    def __init__(self, env: Environment | EnvType | None):
        super().__init__(env)
        schema = self.datastore.schema
        kwargs = self.datastore.pool.kwargs
        kwargs["options"] = f"-c search_path={schema}"  # type: ignore[index]
        kwargs["context"] = nul_safe_adapters()  # type: ignore[index]
