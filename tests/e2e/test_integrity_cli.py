"""`checkpoint`, `prove`, `check-proof` and `verify` on a real SQLite file, untouched and tampered with."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Callable
from pathlib import Path
from uuid import UUID, uuid4

import orjson
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from typer.testing import CliRunner

from cli.main import app
from domain.merkle import leaf_hash
from domain.proofs import canonical_bytes
from tests.conftest import SEED
from tests.integrity_events import write_events

runner = CliRunner()


def geo(*args: str, env: dict[str, str] | None = None):
    """Run the CLI in-process and return the result."""
    result = runner.invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store holding the seed article and 600 generated contacts (more than two cached subtrees)."""
    path = tmp_path / "store.db"
    assert geo("append", str(SEED), "--store", str(path)).exit_code == 0
    generated = write_events(tmp_path / "generated.jsonl", 600, actors=False, prefix="cli")
    assert geo("append", str(generated), "--store", str(path), "--batch-size", "97").exit_code == 0
    return path


def save(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_proofs_of_an_untouched_store_check_out_without_the_store(db, tmp_path):
    head = save(tmp_path, "cp.json", geo("checkpoint", "--format", "json", "--store", str(db)).stdout)
    proof = save(tmp_path, "proof.json", geo("prove", "2024-04-03-lecornu-shoigu-call", "--checkpoint", head,
                                             "--store", str(db)).stdout)
    prefix = save(tmp_path, "prefix.json", geo("prove", "--consistency", "10", head, "--store", str(db)).stdout)
    assert orjson.loads(Path(proof).read_text())["entries"][0]["event"]["topic"] == "domain.catalogue:ContactMade"
    assert geo("check-proof", proof, "--checkpoint", head).exit_code == 0
    assert geo("check-proof", prefix, "--checkpoint", head).exit_code == 0
    verified = geo("verify", "--checkpoint", head, "--store", str(db))
    assert verified.exit_code == 0 and "matches the checkpoint" in verified.stdout


def test_a_later_checkpoint_extends_an_earlier_one(db, tmp_path):
    old = save(tmp_path, "old.json", geo("checkpoint", "--format", "json", "--store", str(db)).stdout)
    more = write_events(tmp_path / "more.jsonl", 5, prefix="later", actors=False)
    assert geo("append", str(more), "--store", str(db)).exit_code == 0
    new = save(tmp_path, "new.json", geo("checkpoint", "--format", "json", "--store", str(db)).stdout)
    proof = save(tmp_path, "c.json", geo("prove", "--consistency", old, new, "--store", str(db)).stdout)
    assert geo("check-proof", proof, "--checkpoint", new).exit_code == 0
    assert geo("check-proof", proof, "--checkpoint", old).exit_code == 0
    assert geo("prove", "cli-3", "--checkpoint", old, "--store", str(db)).exit_code == 0
    assert geo("prove", "later-3", "--checkpoint", old, "--store", str(db)).exit_code == 1


def test_signed_checkpoints_verify_with_the_trusted_key_only(db, tmp_path):
    key = Ed25519PrivateKey.generate()
    env = {"GEOEVENTS_SIGNING_KEY": key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()}
    head = save(tmp_path, "cp.json", geo("checkpoint", "--format", "json", "--store", str(db), env=env).stdout)
    signed = orjson.loads(Path(head).read_text())
    proof = save(tmp_path, "p.json", geo("prove", "cli-1", "--store", str(db)).stdout)
    trusted = signed["signature"]["public_key"]
    stranger = base64.b64encode(Ed25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    assert geo("check-proof", proof, "--checkpoint", head, "--public-key", trusted).exit_code == 0
    assert geo("check-proof", proof, "--checkpoint", head, "--public-key", stranger).exit_code == 3
    signed["tree_size"] -= 1
    forged = save(tmp_path, "forged.json", orjson.dumps(signed).decode())
    result = geo("verify", "--checkpoint", forged, "--store", str(db))
    assert result.exit_code == 3 and "signature is not valid" in result.output


# -- tampering with the file directly ----------------------------------------------------------
def flip_state_byte(c: sqlite3.Connection) -> None:
    state = bytearray(c.execute("SELECT state FROM stored_events WHERE rowid = 40").fetchone()[0])
    state[5] ^= 0x01
    c.execute("UPDATE stored_events SET state = ? WHERE rowid = 40", (bytes(state),))


def delete_event(c: sqlite3.Connection) -> None:
    c.execute("DELETE FROM stored_events WHERE rowid = 40")


def swap_events(c: sqlite3.Connection) -> None:
    c.execute("UPDATE stored_events SET rowid = -1 WHERE rowid = 30")
    c.execute("UPDATE stored_events SET rowid = 30 WHERE rowid = 50")
    c.execute("UPDATE stored_events SET rowid = 50 WHERE rowid = -1")


def change_leaf(c: sqlite3.Connection) -> None:
    c.execute("UPDATE merkle_leaves SET leaf_hash = zeroblob(32) WHERE leaf_index = 39")


def delete_leaf(c: sqlite3.Connection) -> None:
    c.execute("DELETE FROM merkle_leaves WHERE leaf_index = 39")


def rewrite_event_and_leaf(c: sqlite3.Connection, rowid: int = 40) -> None:
    """Change an event and recompute its leaf, as a careful forger would."""
    ident, version, topic, state = c.execute(
        "SELECT originator_id, originator_version, topic, state FROM stored_events WHERE rowid = ?", (rowid,)).fetchone()
    forged = state.replace(b"}", b',"summary":"forged"}', 1) if b'"summary"' not in state else state.replace(b"a", b"o", 1)
    c.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (forged, rowid))
    c.execute("UPDATE merkle_leaves SET leaf_hash = ? WHERE notification_id = ?",
              (leaf_hash(canonical_bytes(UUID(ident), version, topic, forged)), rowid))


def insert_event_at_the_end(c: sqlite3.Connection) -> None:
    """A copy of an event under a new stream id, inserted behind the store's back (no leaf)."""
    c.execute("INSERT INTO stored_events (originator_id, originator_version, topic, state) SELECT ?, "
              "originator_version, topic, state FROM stored_events WHERE rowid = 40", (uuid4().hex,))


def upper_case_stream_id(c: sqlite3.Connection) -> None:
    """Parses back to the same UUID, so the leaf matches, but look-ups by id no longer find the row."""
    c.execute("UPDATE stored_events SET originator_id = upper(originator_id) WHERE rowid = 40")


def state_as_text(c: sqlite3.Connection) -> None:
    """What SQL's text functions leave behind (it crashed verify with a TypeError)."""
    c.execute("UPDATE stored_events SET state = replace(state, 'a', 'o') WHERE rowid = 40")


TAMPERING: list[tuple[Callable[[sqlite3.Connection], None], str]] = [
    (insert_event_at_the_end, "is not in the Merkle log"),
    (upper_case_stream_id, "event 40: its stream id is not stored as written"),
    (state_as_text, "event 40: its state is not bytes"),
    (flip_state_byte, "event 40 ("),
    (delete_event, "event 40 (leaf 39) is missing"),
    (swap_events, "event 30 ("),
    (change_leaf, "event 40 ("),
    (delete_leaf, "leaf 39 is missing"),
    (rewrite_event_and_leaf, "cached subtree over leaves 0..255"),
]


@pytest.mark.parametrize("tamper, named", TAMPERING, ids=[t.__name__ for t, _ in TAMPERING])
def test_tampering_with_the_file_fails_verify_naming_the_event(db, tamper, named):
    assert geo("verify", "--store", str(db)).exit_code == 0
    with sqlite3.connect(db) as c:
        tamper(c)
    result = geo("verify", "--store", str(db))
    assert result.exit_code == 3
    assert named in result.output and "verification failed" in result.output


def test_rewriting_the_newest_event_with_its_leaf_is_caught_by_an_earlier_checkpoint(db, tmp_path):
    head = save(tmp_path, "cp.json", geo("checkpoint", "--format", "json", "--store", str(db)).stdout)
    with sqlite3.connect(db) as c:
        newest = c.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
        rewrite_event_and_leaf(c, newest)
    assert geo("verify", "--store", str(db)).exit_code == 0  # self-consistent: only a checkpoint can tell
    result = geo("verify", "--checkpoint", head, "--store", str(db))
    assert result.exit_code == 3 and "no longer hash to the checkpoint" in result.output
    assert geo("prove", "--consistency", head, "1", "--store", str(db)).exit_code == 3


def test_cutting_the_newest_events_is_caught_by_an_earlier_checkpoint(db, tmp_path):
    head = save(tmp_path, "cp.json", geo("checkpoint", "--format", "json", "--store", str(db)).stdout)
    with sqlite3.connect(db) as c:
        c.execute("DELETE FROM stored_events WHERE rowid > (SELECT MAX(rowid) - 3 FROM stored_events)")
        c.execute("DELETE FROM merkle_leaves WHERE leaf_index > (SELECT MAX(leaf_index) - 3 FROM merkle_leaves)")
    result = geo("verify", "--checkpoint", head, "--store", str(db))
    assert result.exit_code == 3 and "events were removed" in result.output


def test_a_proof_is_never_printed_for_a_tampered_event(db):
    with sqlite3.connect(db) as c:
        number = c.execute("SELECT MIN(rowid) FROM stored_events WHERE topic LIKE '%ContactMade'").fetchone()[0]
        state = c.execute("SELECT state FROM stored_events WHERE rowid = ?", (number,)).fetchone()[0]
        c.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (state.replace(b"phone", b"video"), number))
    result = geo("prove", "2022-10-23-shoigu-lecornu-call", "--store", str(db))
    assert result.exit_code == 3 and f"event {number}" in result.output


@pytest.mark.parametrize("command", ["checkpoint", "prove", "verify", "check-proof", "backup"])
def test_every_integrity_command_has_help_and_an_example(command):
    result = geo(command, "--help")
    assert result.exit_code == 0 and "Example: geoevents " + command in result.stdout


def test_the_integrity_commands_refuse_a_missing_store_rather_than_creating_an_empty_one(tmp_path):
    missing = tmp_path / "nothere.db"
    for command in (["verify"], ["checkpoint"], ["prove", "--consistency", "0", "0"]):
        result = geo(*command, "--store", str(missing))
        assert result.exit_code == 1 and "no store at" in result.output, command
    assert not missing.exists()
    uri = geo("backup", str(tmp_path / "copy.db"), "--store", f"file:{tmp_path / 'gone.db'}")
    assert uri.exit_code == 1 and not (tmp_path / "gone.db").exists() and not (tmp_path / "copy.db").exists()


def test_a_trusted_key_without_a_checkpoint_is_refused_not_ignored(db, tmp_path):
    key = base64.b64encode(bytes(32)).decode()
    proof = save(tmp_path, "p.json", geo("prove", "2024-04-03-lecornu-shoigu-call", "--store", str(db)).stdout)
    for command in (["verify", "--store", str(db)], ["check-proof", proof]):
        result = geo(*command, "--public-key", key)
        assert result.exit_code == 1 and "give --checkpoint too" in result.output, command


def test_a_consistency_size_that_is_not_a_plain_number_or_past_the_log_is_bad_input(db):
    superscript = geo("prove", "--consistency", "²", "5", "--store", str(db))
    assert superscript.exit_code == 1 and "cannot read '²'" in superscript.output
    too_far = geo("prove", "--consistency", "10", "100000", "--store", str(db))
    assert too_far.exit_code == 1 and "larger than the log" in too_far.output


def test_a_proof_is_checked_only_against_a_checkpoint_and_a_proof_is_no_checkpoint(db, tmp_path):
    proof = save(tmp_path, "p.json", geo("prove", "2024-04-03-lecornu-shoigu-call", "--store", str(db)).stdout)
    alone = geo("check-proof", proof)
    assert alone.exit_code == 2 and "give --checkpoint" in alone.output
    for missing in (["check-proof", str(tmp_path / "nowhere.json"), "--checkpoint", proof],
                    ["verify", "--store", str(db), "--checkpoint", str(tmp_path / "nowhere.json")]):
        result = geo(*missing)
        assert result.exit_code == 2 and "no such file" in result.output, missing
    as_checkpoint = geo("verify", "--store", str(db), "--checkpoint", proof)
    assert as_checkpoint.exit_code == 1 and "not a checkpoint" in as_checkpoint.output
    head = save(tmp_path, "head.json", geo("checkpoint", "--format", "json", "--store", str(db)).stdout)
    named = geo("check-proof", proof, "--checkpoint", head)
    assert named.exit_code == 0 and "ContactMade" in named.output
