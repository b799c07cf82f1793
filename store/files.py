"""Output files written whole or not at all: never a truncated file at the path a reader expects."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def in_place(path: Path) -> bool:
    """Tell whether an output path is written where it is: a stream of this process reached by a link (/dev/stdout,
    /dev/fd/N, even when it leads to a file), or a path that exists and is not a regular file (a pipe such as
    `>(...)`, /dev/null) cannot be replaced by a finished file, and must not be."""
    hop = path.absolute()
    for _ in range(40):  # the links followed one by one: resolving would carry /dev/stdout to the file behind it
        if hop.parts[1:2] in (("dev",), ("proc",)):
            return True
        if not hop.is_symlink():
            break
        hop = hop.parent / os.readlink(hop)
    return hop.exists() and not hop.is_file()


@contextmanager
def written_whole(path: Path) -> Iterator[BinaryIO]:
    """Write to `PATH.partial`, then, once the block ends without an error, sync it and put it at `path`;
    on any error or interruption the partial file is removed and `path` is left as it was. A path written in place
    (`in_place`: a pipe, a device, a stream of this process) is written directly."""
    if in_place(path):
        with path.open("wb", buffering=0) as f:  # unbuffered: a reader gone away fails the write, never the close
            yield f  # type: ignore[misc]
        return
    path = path.resolve()  # through a link to a file: that file is replaced, and the link stays
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
