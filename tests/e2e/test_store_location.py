"""The CLI finds its store from GEOEVENTS_STORE (and GEOEVENTS_POSTGRES_SCHEMA) on either backend."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from store.reading import events
from store.root import open_store
from store.settings import Settings
from tests import pg
from tests.conftest import SEED

CLI = [sys.executable, "-c", "from cli.main import main; main()"]


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the geoevents CLI with extra environment variables."""
    return subprocess.run([*CLI, *args], env={**os.environ, **env}, capture_output=True, timeout=120)


def test_the_store_named_by_geoevents_store_receives_the_appended_events(settings):
    first = cli("append", str(SEED), "--format", "json", GEOEVENTS_STORE=settings.store)
    again = cli("append", str(SEED), "--format", "json", GEOEVENTS_STORE=settings.store)
    assert first.returncode == 0 and b'"appended": 56' in first.stdout, first.stderr
    assert again.returncode == 0 and b'"duplicates": 56' in again.stdout, again.stderr
    with open_store(settings) as store:
        assert sum(1 for _ in events(store.app)) > 56


@pytest.mark.postgres
def test_geoevents_postgres_schema_places_a_url_without_schema_in_that_schema():
    with pg.fresh_schema() as schema:
        done = cli("append", str(SEED), GEOEVENTS_STORE=pg.base_url(), GEOEVENTS_POSTGRES_SCHEMA=schema)
        assert done.returncode == 0, done.stderr
        with open_store(Settings(store=pg.url_with_schema(schema))) as store:
            assert store.directory.lookup("Choïgu") == "sergei-shoigu"


@pytest.mark.postgres
def test_the_schema_of_the_url_wins_over_geoevents_postgres_schema_for_every_read_and_write():
    """The library reads its own keys named after the application (`GEOEVENTS_POSTGRES_SCHEMA`) from the process
    environment before the schema the URL gave; reads and writes then went to the other schema."""
    with pg.fresh_schema() as named, pg.fresh_schema() as other:
        done = cli("append", str(SEED), "--store", pg.url_with_schema(named), GEOEVENTS_POSTGRES_SCHEMA=other)
        assert done.returncode == 0, done.stderr
        status = cli("projections", "status", "--store", pg.url_with_schema(other), GEOEVENTS_POSTGRES_SCHEMA=named)
        assert status.returncode == 0 and b"views at 0 of 0" in status.stdout, status.stdout
        with open_store(Settings(store=pg.url_with_schema(named))) as store:
            assert sum(1 for _ in events(store.app)) > 0


@pytest.mark.postgres
def test_a_read_only_server_answers_reads_of_a_set_up_store_and_refuses_to_set_one_up_clearly():
    """A hot standby or a read-only role: opening a set-up store runs no DDL; a new one is a clean error."""
    read_only = {"PGOPTIONS": "-c default_transaction_read_only=on"}
    with pg.fresh_schema() as schema, pg.fresh_schema() as empty:
        assert cli("append", str(SEED), "--store", pg.url_with_schema(schema)).returncode == 0
        for args in (["positions", "--actor", "fra", "--format", "json"], ["verify"], ["projections", "status"]):
            done = cli(*args, "--store", pg.url_with_schema(schema), **read_only)
            assert done.returncode == 0 and b"Traceback" not in done.stderr, (args, done.stderr)
        refused = cli("append", str(SEED), "--store", pg.url_with_schema(empty), **read_only)
        assert refused.returncode == 1 and b"Traceback" not in refused.stderr
        assert f"cannot set up a store in schema '{empty}'".encode() in refused.stderr
        assert b"read-only transaction" in refused.stderr


@pytest.mark.postgres
def test_a_schema_holding_another_applications_table_of_a_stores_name_is_refused_and_left_as_it_was():
    import psycopg

    with pg.fresh_schema() as schema, psycopg.connect(**pg.parse_postgres_url(pg.base_url()).connect_kwargs()) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        admin.execute(f'CREATE TABLE "{schema}".merkle_leaves (entry text)')
        read = cli("events", "list", "--store", pg.url_with_schema(schema))
        assert read.returncode == 1 and f"no store in schema '{schema}'".encode() in read.stderr
        refused = cli("append", str(SEED), "--store", pg.url_with_schema(schema))
        assert refused.returncode == 1 and b"Traceback" not in refused.stderr
        assert f"schema '{schema}' already holds a table 'merkle_leaves' that is not a geoevents".encode() \
            in refused.stderr
        tables = admin.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                               (schema,)).fetchall()
        assert tables == [("merkle_leaves",)]


def test_an_unreachable_server_is_a_clean_error_not_a_traceback():
    done = cli("append", str(SEED), "--store", "postgresql://postgres@127.0.0.1:1/test")
    assert done.returncode == 1
    assert b"cannot connect to PostgreSQL" in done.stderr and b"Traceback" not in done.stderr


def test_a_read_of_a_store_that_does_not_exist_fails_and_creates_nothing(tmp_path):
    """A mistyped path would otherwise be created as an empty store and answer nothing, exit 0."""
    typo = tmp_path / "typo.db"
    for args in (["positions"], ["events", "list"], ["actors", "show", "fra"], ["replay"], ["export"],
                 ["contacts", "--between", "fra", "--and", "rus"], ["verify"]):
        done = cli(*args, "--store", str(typo))
        assert done.returncode == 1, args
        assert f"no store at '{typo}'".encode() in done.stderr, (args, done.stderr)
        assert not list(tmp_path.iterdir()), args
    written = cli("record", "contact", "--occurred", "2024", "--participant", "a", "--participant", "b",
                  "--mode", "phone", "--store", str(typo))
    assert written.returncode == 1 and b"unknown actor" in written.stderr  # a write opens (creates) the store
    assert typo.exists()


@pytest.mark.parametrize("content", [b"", b"not a database at all\n", None])
def test_a_read_of_a_file_that_is_not_a_store_fails_and_leaves_the_file_as_it_was(tmp_path, content):
    import sqlite3

    path = tmp_path / "other.db"
    if content is None:  # another application's SQLite database
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    for args in (["verify"], ["events", "list"], ["positions"], ["checkpoint"]):
        done = cli(*args, "--store", str(path))
        assert done.returncode == 1 and b"is not a geoevents store" in done.stderr, (args, done.stderr)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


@pytest.mark.postgres
def test_a_read_of_a_postgres_schema_without_a_store_fails_and_creates_nothing():
    import psycopg

    with pg.fresh_schema() as schema:
        done = cli("events", "list", "--store", pg.url_with_schema(schema))
        assert done.returncode == 1 and f"no store in schema '{schema}'".encode() in done.stderr
        with psycopg.connect(**pg.parse_postgres_url(pg.base_url()).connect_kwargs()) as admin:
            found = admin.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,))
            assert found.fetchone() is None


def test_an_in_memory_sqlite_uri_is_not_taken_for_a_missing_file():
    done = cli("events", "list", "--store", "file:mem1?mode=memory&cache=shared", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == b"[]"
