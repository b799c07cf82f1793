"""Output files written whole or not at all: never a truncated file at the path a reader expects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def in_place(path: Path) -> bool:
    """Tell whether an output path is written where it is: one that exists and is not a regular file (a pipe such as
    `>(...)` or /dev/stdout, /dev/null) cannot be replaced by a finished file, and must not be."""
    return path.exists() and not path.is_file()


@contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """Write to `PATH.partial`, then, once the block ends without an error, sync it and put it at `path`;
    on any error or interruption the partial file is removed and `path` is left as it was. A path written in place
    (`in_place`: a pipe, a device) is written directly."""
    if in_place(path):
        with path.open("wb") as f:
            yield f
        return
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
