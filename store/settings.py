"""Settings read from the environment (GEOEVENTS_*), shared by the CLI, the HTTP service and tests."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from store.backends import is_postgres_url


class Settings(BaseSettings):
    """Where the store lives and how the services around it behave."""

    model_config = SettingsConfigDict(env_prefix="GEOEVENTS_", extra="ignore")

    store: str = "./geoevents.db"
    """An SQLite file path, or a postgresql:// URL."""

    postgres_schema: str = "public"
    """The PostgreSQL schema that holds one store's tables."""

    lock_timeout_seconds: int = 30
    """How long a writer waits for another writer's lock before reporting it."""

    sqlite_cache_kib: int | None = Field(default=None, gt=0)
    """Page cache of each SQLite connection in KiB (None: 64 MiB, `store.sqlite_factory.CACHE_KIB`)."""
    merkle_log: bool = True
    """Maintain the verifiable Merkle log as events are recorded (switch off only to measure its cost)."""

    signing_key: SecretStr | None = None
    """Ed25519 key that signs checkpoints: base64 of the 32-byte raw private key, or PEM (PKCS#8)."""

    def for_child_process(self) -> dict[str, object]:
        """The settings a helper process (views follower, rebuild worker) opens the same store with; sent
        over a pipe, not the command line or the environment, since a URL may hold a password."""
        return self.model_dump(include={"store", "postgres_schema", "lock_timeout_seconds", "merkle_log"})

    @property
    def is_postgres(self) -> bool:
        """Tell whether the store is a PostgreSQL URL rather than an SQLite file."""
        return is_postgres_url(self.store)
