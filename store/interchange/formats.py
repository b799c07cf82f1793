"""The import formats by name, and the one entry point that imports a file into an open store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import nullcontext
from typing import BinaryIO, NamedTuple

from domain.errors import InvalidInput
from store.interchange import acled, gdelt, icews, plover
from store.append import Rejection
from store.background_views import views_followed_in_background, worth_a_second_process
from store.interchange.actors import ActorResolver
from store.interchange.importer import DEFAULT_BATCH, Importer, ImportSummary
from store.interchange.records import Record, RowError
from store.interchange.tabular import TableStats
from store.root import Store

Reader = Callable[[BinaryIO, TableStats], Iterator[Record | RowError]]


class ImportFormat(NamedTuple):
    """An import format: how its file is read, and the column each native field comes from."""

    read: Reader
    columns: dict[str, str]


FORMATS: dict[str, ImportFormat] = {name: ImportFormat(module.read, module.FIELD_COLUMNS) for name, module in
                                    (("icews", icews), ("plover", plover), ("gdelt", gdelt), ("acled", acled))}
"""Every import format by the name `geoevents import --format` takes."""


def import_stream(store: Store, fmt: str, stream: BinaryIO, *, register_actors: bool = False,
                  batch_size: int = DEFAULT_BATCH,
                  progress: Callable[[int], None] | None = None,
                  on_reject: Callable[[Rejection], None] | None = None,
                  background_views: bool | None = None) -> ImportSummary:
    """Import a file of one format into the store, streaming it batch by batch.

    Rejections are passed to `on_reject` as they happen when given, else collected in the summary.
    The views are current when it returns; a child process follows the log into them meanwhile when
    `background_views` says so (by default: for a large regular file, `store.background_views`).
    """
    form = FORMATS.get(fmt)
    if form is None:
        raise InvalidInput(f"unknown format '{fmt}'; expected one of: {', '.join(FORMATS)}", field="format")
    stats = TableStats()
    importer = Importer(store.appender, ActorResolver(store.directory, register_actors), batch_size,
                        on_reject, form.columns)
    if background_views is None:
        background_views = worth_a_second_process(store.settings, stream)
    with views_followed_in_background(store) if background_views else nullcontext():
        summary = importer.run(form.read(stream, stats), progress)
    summary.headers_skipped = stats.headers_skipped
    return summary
