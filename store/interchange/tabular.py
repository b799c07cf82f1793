"""Streaming reader for tab- and comma-separated files: one row at a time, located errors, no surprises.

Handles the awkward cases of real files: blank lines, trailing delimiters (trailing tabs), a header
repeated in the middle of the file (skipped and counted), quoted cells holding the delimiter, and
bytes that are not UTF-8 (that row is rejected, the file goes on).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from domain.errors import InvalidInput

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class TableStats:
    """What the reader skipped: header lines repeated inside the file."""

    headers_skipped: int = 0


@dataclass
class TableRow:
    """One data row: its line number and its cells by column name, or why it cannot be read."""

    line: int
    cells: dict[str, str] = field(default_factory=dict)
    error: str | None = None


def _decoded(stream: Iterable[bytes], bad: set[int]) -> Iterator[str]:
    """Decode lines one by one; remember the numbers of lines that are not valid UTF-8."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            yield raw.decode("utf-8", "replace")


def read_table(stream: BinaryIO | Iterable[bytes], delimiter: str, header: list[str] | None = None,
               stats: TableStats | None = None) -> Iterator[TableRow]:
    """Yield the data rows of a delimited file; the first row is the header unless one is given."""
    stats = stats if stats is not None else TableStats()
    bad: set[int] = set()
    reader = csv.reader(_decoded(stream, bad), delimiter=delimiter, quotechar='"', strict=False)
    start = 0
    for cells in reader:
        first, start = start + 1, reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        width = len(header)
        if cells[0] == header[0] and cells[:width] == header:
            stats.headers_skipped += 1
            continue
        if bad and any(n in bad for n in range(first, start + 1)):
            yield TableRow(start, dict(zip(header, cells)), "the row is not valid UTF-8")
            continue
        if len(cells) < width or (len(cells) > width and any(cells[width:])):
            yield TableRow(start, dict(zip(header, cells)),
                           f"the row has {len(cells)} fields, the header has {width}")
            continue
        yield TableRow(start, dict(zip(header, cells[:width])))


def check_columns(row: TableRow, needed: Iterable[str]) -> None:
    """Fail early, naming them, when a file lacks columns its format needs."""
    absent = [c for c in needed if c not in row.cells]
    if absent:
        raise InvalidInput(f"not this format: missing columns {', '.join(absent)}", line=row.line)
