"""Choosing a backend from the store location: SQLite paths, postgresql:// URLs and schemas."""

from __future__ import annotations

import pytest

from domain.errors import StoreUnavailable
from store.application import application_env
from store.backends import parse_postgres_url, redacted
from store.root import open_store
from store.settings import Settings


def test_a_plain_path_selects_sqlite():
    env = application_env("data/events.db", lock_timeout=7)
    assert env["PERSISTENCE_MODULE"] == "store.sqlite_factory:TunedSQLiteFactory"
    assert (env["SQLITE_DBNAME"], env["SQLITE_LOCK_TIMEOUT"]) == ("data/events.db", "7")


def test_a_postgresql_url_selects_postgres_with_every_part_of_the_url():
    env = application_env("postgresql://ana:s%40cret@db.example:6543/events?schema=team_a")
    assert env["PERSISTENCE_MODULE"] == "store.pgfactory:SchemaPostgresFactory"
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_HOST"]) == ("ana", "s@cret", "db.example")
    assert (env["POSTGRES_PORT"], env["POSTGRES_DBNAME"], env["POSTGRES_SCHEMA"]) == ("6543", "events", "team_a")


def test_db_functions_are_never_enabled_because_they_drop_tracking_records():
    assert "POSTGRES_ENABLE_DB_FUNCTIONS" not in application_env("postgresql://u@h/db")


def test_the_url_schema_wins_over_the_configured_schema_and_the_default_is_public():
    assert parse_postgres_url("postgres://u@h/db?schema=from_url", "configured").schema == "from_url"
    assert parse_postgres_url("postgres://u@h/db", "configured").schema == "configured"
    assert parse_postgres_url("postgres://u@h/db").schema == "public"


def test_the_sqlite_file_of_a_store_setting_is_found_in_a_path_or_a_file_uri():
    from pathlib import Path

    from store.backends import sqlite_file

    assert sqlite_file("/tmp/a.db") == Path("/tmp/a.db")
    assert sqlite_file("file:/tmp/a.db?mode=ro") == Path("/tmp/a.db")
    assert sqlite_file("file:///tmp/a%20b.db") == Path("/tmp/a b.db")
    assert sqlite_file("postgresql://u@h/db") is None and sqlite_file(":memory:") is None


def test_extra_settings_extend_the_environment_for_custom_recorders():
    env = application_env("postgresql://u@h/db", APPLICATION_RECORDER_TOPIC="pkg.mod:Recorder")
    assert env["APPLICATION_RECORDER_TOPIC"] == "pkg.mod:Recorder"


@pytest.mark.parametrize("url, complaint", [
    ("postgresql://u@h/db?schema=Robert');DROP", "invalid PostgreSQL schema name"),
    ("postgresql://u@h/db?schema=pg_temp", "not a system schema"),
    ("postgresql://u@h/db?schema=pg_catalog", "not a system schema"),
    ("postgresql://u@h/db?schema=information_schema", "not a system schema"),
    ("postgresql://u@h/db?sslmode=require", "unsupported store URL parameter"),
    ("postgresql://u@h/", "names no database"),
    ("postgresql://u@h:notaport/db", "invalid port"),
    ("postgresql://postgres@[::1:5432/test", "invalid store URL .*IPv6"),
    ("postgresql://u@h/db?schema=", "'schema' parameter must be given once, with a name"),
    ("postgresql://u@h/db?schema=a&schema=b", "'schema' parameter must be given once"),
    ("postgresql://u@h/db?sslmode=", "unsupported store URL parameter"),
])
def test_a_malformed_url_is_refused_with_the_reason(url, complaint):
    with pytest.raises(StoreUnavailable, match=complaint):
        parse_postgres_url(url)


def test_passwords_are_masked_in_messages():
    assert redacted("postgresql://ana:s3cret@h/db") == "postgresql://ana:***@h/db"
    assert redacted("postgresql://:s3cret@h:99999/db") == "postgresql://:***@h:99999/db"
    assert redacted("postgresql://ana:s3@cret@h/db?schema=a") == "postgresql://ana:***@h/db?schema=a"
    assert redacted("postgresql://ana@h/db") == "postgresql://ana@h/db"
    assert redacted("postgresql://u:s3cr?et@db.example/x") == "postgresql://u:***@db.example/x"
    assert redacted("postgresql://h/db?schema=a") == "postgresql://h/db?schema=a"


def test_a_url_scheme_in_capitals_still_names_postgresql():
    from store.backends import is_postgres_url

    assert is_postgres_url("POSTGRESQL://u@h/db") and is_postgres_url("Postgres://u@h/db")
    assert parse_postgres_url("POSTGRESQL://u@h/db?schema=a").schema == "a"
    assert not is_postgres_url("/data/postgres.db")


def test_an_unreachable_server_is_reported_as_store_unavailable():
    with pytest.raises(StoreUnavailable, match="cannot connect to PostgreSQL at 127.0.0.1:1/"):
        open_store(Settings(store="postgresql://postgres@127.0.0.1:1/test"))
