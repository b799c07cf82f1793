"""Letters without a decomposition (ł, ø, đ...) fold to their Latin spelling; names claimed before still count."""

from __future__ import annotations

import orjson
import pytest

import store.batch as batch_module
from domain import names
from domain.errors import InputRejected
from store.refold import refold
from store.root import open_store


def person(key: str, name: str) -> dict:
    """A person's registration."""
    return {"type": "ActorRegistered", "key": key, "name": name, "kind": "person"}


def test_walesa_finds_walesa_and_cannot_be_registered_twice(store):
    store.append_objects([person("lw", "Lech Wałęsa"), person("jgs", "Jonas Gahr Støre")])
    assert store.directory.lookup("Lech Walesa") == "lw"
    assert store.directory.lookup("JONAS GAHR STORE") == "jgs"
    with pytest.raises(InputRejected) as refused:
        store.append_objects([person("walesa-2", "Lech Walesa")])
    assert "already refers to actor 'lw'" in str(refused.value)


def test_names_claimed_before_the_transliteration_still_resolve_and_refold_lets_plain_spellings_find_them(
        store, settings, monkeypatch):
    monkeypatch.setattr(batch_module, "fold_name", names._fold)  # how names were claimed before
    monkeypatch.setattr(batch_module, "name_folds", lambda name: (names._fold(name),))
    store.append_objects([person("lw", "Lech Wałęsa"), person("jgs", "Jonas Gahr Støre"),
                          person("lw2", "Lech Walesa"),  # then a different name, so a second actor
                          person("d1", "Ðuro Lał"), person("d2", "Đuro Łal")])  # two that now fold alike
    monkeypatch.undo()

    with open_store(settings) as reopened:
        assert reopened.directory.lookup("Lech Wałęsa") == "lw"  # the older form is still consulted
        assert reopened.directory.lookup("Jonas Gahr Støre") == "jgs"
        assert reopened.directory.lookup("Jonas Gahr Store") is None
        with pytest.raises(InputRejected):
            reopened.append_objects([person("someone-else", "Jonas Gahr Støre")])

        done = refold(reopened)
        assert done.claimed == ["Jonas Gahr Støre", "Ðuro Lał"]
        assert done.taken == [("Lech Wałęsa", "lw", "lw2"), ("Đuro Łal", "d2", "d1")]
        assert reopened.directory.lookup("Jonas Gahr Store") == "jgs"
        assert refold(reopened).claimed == []


def test_the_refold_command_reports_what_it_did(tmp_path):
    from tests.e2e.server import geoevents

    db = tmp_path / "store.db"
    geoevents("actors", "add", "lw", "Lech Wałęsa", "--kind", "person", store=db)
    done = geoevents("actors", "refold", "--format", "json", store=db)
    assert orjson.loads(done.stdout) == {"claimed": [], "taken": []}
    assert b"0 name(s) claimed" in geoevents("actors", "refold", store=db).stdout


def test_import_resolves_each_spelling_as_append_does_whichever_comes_first(store, monkeypatch):
    from store.interchange.actors import ActorResolver

    monkeypatch.setattr(batch_module, "fold_name", names._fold)  # a store written before the transliteration
    monkeypatch.setattr(batch_module, "name_folds", lambda name: (names._fold(name),))
    store.append_objects([person("lw", "Lech Wałęsa"), person("lw2", "Lech Walesa")])
    monkeypatch.undo()

    resolver = ActorResolver(store.directory, register=False)
    assert resolver.lookup("Lech Walesa") == store.directory.lookup("Lech Walesa") == "lw2"
    assert resolver.lookup("Lech Wałęsa") == store.directory.lookup("Lech Wałęsa") == "lw"
    assert resolver.lookup("LECH WALESA") == "lw2"


def legacy_store(store, monkeypatch, *registrations: dict) -> None:
    """Make `store` one written before the transliteration: names claimed under their older form, no upgrade
    marked done."""
    from store import upgrades

    monkeypatch.setattr(batch_module, "fold_name", names._fold)
    monkeypatch.setattr(batch_module, "name_folds", lambda name: (names._fold(name),))
    store.append_objects(list(registrations))
    monkeypatch.undo()
    with store.app.recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {upgrades.UPGRADES}")


def test_opening_a_store_written_before_the_transliteration_claims_its_names_under_the_new_form_once(
        store, settings, monkeypatch, caplog):
    from store import upgrades

    legacy_store(store, monkeypatch, person("jgs", "Jonas Gahr Støre"), person("d1", "Ðuro Lał"),
                 person("d2", "Đuro Łal"))
    with open_store(settings) as reopened:
        assert reopened.directory.lookup("Jonas Gahr Store") == "jgs"
        with pytest.raises(InputRejected) as refused:
            reopened.append_objects([person("jgs-2", "Jonas Gahr Store")])
        assert "already refers to actor 'jgs'" in str(refused.value)
        assert refold(reopened).claimed == []
    assert "'Đuro Łal' of actor 'd2' now folds like a name of 'd1'" in caplog.text

    monkeypatch.setattr(upgrades, "refold", lambda _: pytest.fail("an upgraded store is upgraded again"))
    with open_store(settings) as again:
        assert again.directory.lookup("Duro Lal") == "d1"


@pytest.mark.parametrize("backend", ["sqlite"])  # a store file
def test_opening_an_older_store_while_another_writer_holds_the_lock_neither_waits_nor_marks_it(
        store, settings, monkeypatch, tmp_path):
    import sqlite3
    import time

    from store import upgrades

    legacy_store(store, monkeypatch, person("vp", "Vladimir Putin"))  # no name to claim again: only the mark
    store.close()
    writer = sqlite3.connect(settings.store, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        began = time.monotonic()
        with open_store(settings) as reopened:
            assert time.monotonic() - began < 10  # not the 30 s lock timeout
            assert not upgrades._done(reopened)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with open_store(settings) as reopened:
        assert upgrades._done(reopened)


@pytest.mark.parametrize("backend", ["sqlite"])  # a store file
def test_integrity_commands_leave_an_older_store_as_it_is(store, settings, monkeypatch):
    from tests.e2e.server import geoevents

    legacy_store(store, monkeypatch, person("lw", "Lech Wałęsa"))
    def head() -> tuple:
        """The log's size and root hash, as a checkpoint gives them."""
        made = orjson.loads(geoevents("checkpoint", "--format", "json", store=settings.store).stdout)
        return made["tree_size"], made["root_hash"]

    before = head()
    geoevents("verify", store=settings.store)
    assert head() == before
    assert store.directory.lookup("Lech Walesa") is None
