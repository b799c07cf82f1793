"""Settings read from the environment (GEOEVENTS_*), shared by the CLI, the HTTP service and tests."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the store lives and how the services around it behave."""

    model_config = SettingsConfigDict(env_prefix="GEOEVENTS_", extra="ignore")

    store: str = "./geoevents.db"
    """An SQLite file path, or a postgresql:// URL."""

    postgres_schema: str = "public"
    """The PostgreSQL schema that holds one store's tables."""

    lock_timeout_seconds: int = 30
    """How long a writer waits for another writer's lock before reporting it."""

    @property
    def is_postgres(self) -> bool:
        """Tell whether the store is a PostgreSQL URL rather than an SQLite file."""
        return self.store.startswith(("postgresql://", "postgres://"))
