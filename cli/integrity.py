"""`checkpoint`, `prove`, `verify`, `check-proof` and `backup`: the verifiable log from the command line.

Exit codes: 0 verified, 1 bad input or unusable store, 2 the log failed verification.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from cli.context import (INTERRUPTED, FormatOption, StoreOption, existing, fail, opened, out, print_json, readable_input,
                         report_error, settings_for, stopped_by_signals)
from domain.checkpoints import Checkpoint
from domain.errors import GeoEventsError, IntegrityViolation, InvalidInput
from domain.proofs import check_document
from store.backup import backup as backup_store
from store.integrity import checkpoint as make_checkpoint
from store.integrity import matches_store, prove_consistency, prove_inclusion, tree_size
from store.root import Store
from store.signing import check_if_signed, load_public_key, load_signing_key
from store.verification import verify as verify_store

CheckpointOption = Annotated[Path | None, typer.Option(
    "--checkpoint", help="A checkpoint file (JSON) from `geoevents checkpoint --format json`.")]
PublicKeyOption = Annotated[str | None, typer.Option(
    "--public-key", help="Trusted Ed25519 public key (base64) the checkpoint must be signed with.")]


VERIFICATION_FAILED = 3
"""The exit code of a failed verification: apart from a usage error's 2, so that monitoring tells tampering from a
typo."""


@contextmanager
def violations() -> Iterator[None]:
    """Turn a failed verification into exit code 3 and other named errors into exit code 1."""
    try:
        yield
    except IntegrityViolation as e:
        raise fail(f"verification failed: {e}", code=VERIFICATION_FAILED) from None
    except GeoEventsError as e:
        raise report_error(e) from None


def read_json(path: Path) -> Any:
    """Read a JSON document from a file, or fail naming the file (a file that is not there: a usage error, exit 2)."""
    try:
        return orjson.loads(readable_input(path).read_bytes())
    except (OSError, orjson.JSONDecodeError) as e:
        raise InvalidInput(f"cannot read '{path}' as JSON: {e}") from None


def read_checkpoint(path: Path | None) -> Checkpoint | None:
    """Read a checkpoint file (or None when none is given)."""
    return Checkpoint.from_dict(read_json(path)) if path is not None else None


def key_needs_checkpoint(public_key: str | None, checkpoint_file: Path | None) -> None:
    """Refuse a trusted key without a checkpoint: the key checks a checkpoint's signature, and ignoring it
    would let a self-consistent forgery pass as anchored."""
    if public_key is not None and checkpoint_file is None:
        raise fail("--public-key checks the signature of a checkpoint: give --checkpoint too")


def checkpoint(store: StoreOption = None, output: FormatOption = "table") -> None:
    """Print the log's tree size and root hash, signed when GEOEVENTS_SIGNING_KEY is set."""
    with opened(existing(store), upgrade_store=False) as s, violations():
        secret = s.settings.signing_key
        head = make_checkpoint(s.app, load_signing_key(secret.get_secret_value()) if secret else None)
    if output == "json":
        print_json(head.to_dict())
        return
    out.print(f"tree size {head.tree_size}\nroot hash {head.root_hash.hex()}\ntimestamp {head.timestamp}",
              highlight=False)
    if head.public_key is not None:
        out.print(f"signed by {head.to_dict()['signature']['public_key']}", highlight=False)


def _tree_size(s: Store, value: str) -> int:
    """Read OLD or NEW of --consistency: a tree size, or a checkpoint file that must match the store."""
    if value.isascii() and value.isdigit():
        size, held = int(value), tree_size(s.app)
        if size > held:
            raise InvalidInput(f"tree size {size} is larger than the log ({held} events)", field="consistency")
        return size
    if not Path(value).is_file():  # neither a size nor a file: a bad value, as a size past the log is
        raise InvalidInput(f"cannot read '{value}': give a tree size or a checkpoint file", field="consistency")
    head = Checkpoint.from_dict(read_json(Path(value)))
    matches_store(s.app, head)
    return head.tree_size


def prove(
    ref: Annotated[str | None, typer.Argument(help="Occurrence id or key (or actor key) whose events to prove.")] = None,
    checkpoint_file: CheckpointOption = None,
    consistency: Annotated[tuple[str, str] | None, typer.Option(
        "--consistency", metavar="OLD NEW",
        help="Prove that tree OLD is a prefix of tree NEW (sizes or checkpoint files).")] = None,
    store: StoreOption = None,
) -> None:
    """Print an inclusion proof for an occurrence's events, or a consistency proof between two tree sizes."""
    if (ref is None) == (consistency is None):
        raise fail("give either an occurrence id or key, or --consistency OLD NEW")
    with opened(existing(store), upgrade_store=False) as s, violations():
        if consistency is not None:
            doc = prove_consistency(s.app, _tree_size(s, consistency[0]), _tree_size(s, consistency[1]))
        else:
            head = read_checkpoint(checkpoint_file)
            if head is not None:
                matches_store(s.app, head)
            doc = prove_inclusion(s.app, ref or "", head.tree_size if head else None)
    print_json(doc)


def verify(store: StoreOption = None, checkpoint_file: CheckpointOption = None,
           public_key: PublicKeyOption = None, output: FormatOption = "table") -> None:
    """Recompute every leaf and root from the stored events; name the first event that no longer matches."""
    key_needs_checkpoint(public_key, checkpoint_file)
    with opened(existing(store), upgrade_store=False) as s, violations():
        report = verify_store(s.app, read_checkpoint(checkpoint_file),
                              load_public_key(public_key) if public_key else None)
    summary = {"verified": True, "tree_size": report.tree_size, "root_hash": report.root_hash.hex(),
               "checkpoint_size": report.checkpoint_size}
    if output == "json":
        print_json(summary)
        return
    against = f"; matches the checkpoint of size {report.checkpoint_size}" if report.checkpoint_size is not None else ""
    out.print(f"verified {report.tree_size} events, root hash {report.root_hash.hex()}{against}", highlight=False)


def check_proof(
    proof: Annotated[Path, typer.Argument(help="A proof file (JSON) from `geoevents prove`.")],
    checkpoint_file: CheckpointOption = None,
    public_key: PublicKeyOption = None,
) -> None:
    """Check a proof against a checkpoint you trust (and its signature) without any store: what a third party runs."""
    key_needs_checkpoint(public_key, checkpoint_file)
    if checkpoint_file is None:
        raise fail("give --checkpoint: a proof is checked against a checkpoint you trust (one you kept or that was "
                   "published); alone it only agrees with the root it carries, which anyone can make", code=2)
    with violations():
        doc, head = read_json(proof), read_checkpoint(checkpoint_file)
        check_if_signed(head, load_public_key(public_key) if public_key else None)
        message = check_document(doc, head)
    out.print(f"valid: {message}", highlight=False)


def backup(path: Annotated[Path, typer.Argument(help="Where to write the copy (must not exist).")],
           store: StoreOption = None) -> None:
    """Write a consistent copy of the SQLite store while writers keep running."""
    if str(path) == "-":
        raise fail("backup '-': give a file path ('-' is not standard output here; for a file named '-', give its full "
                   "path)", code=2)
    with violations(), stopped_by_signals():
        try:
            target = backup_store(settings_for(store), path)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM: the temporary copy is removed on the way out
            raise fail(f"interrupted: nothing was written at {path}", code=INTERRUPTED) from None
    out.print(f"backed up to {target}; check it with: geoevents verify --store {target}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the integrity commands to the geoevents app."""
    app.command(epilog="Example: geoevents checkpoint --format json > checkpoint.json")(checkpoint)
    app.command(epilog="Example: geoevents prove 2024-04-03-lecornu-shoigu-call --checkpoint cp.json")(prove)
    app.command(epilog="Example: geoevents verify --checkpoint checkpoint.json")(verify)
    app.command("check-proof", epilog="Example: geoevents check-proof proof.json --checkpoint checkpoint.json")(check_proof)
    app.command(epilog="Example: geoevents backup /backups/geoevents-2026-11-27.db")(backup)
