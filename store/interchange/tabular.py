"""Streaming reader for tab- and comma-separated files: one row at a time, located errors, no surprises.

Handles the awkward cases of real files: blank lines, trailing delimiters (trailing tabs), a header
repeated in the middle of the file (skipped and counted), quoted cells holding the delimiter or a
line break, a stray quote in a comma-separated file (that row is rejected at its own line and the lines
after it are read again), and bytes that are not UTF-8 (that row is rejected, the file goes on).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable, Iterator
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
    text: str | None = None
    """The line's own text, for a row that could not be split into cells (a stray quote)."""

    @property
    def original(self) -> dict[str, str] | str:
        """The row as read, for a rejects report: its cells, or its line's own text."""
        return self.text if self.text is not None else self.cells


def _decoded(stream: Iterable[bytes], bad: set[int]) -> Iterator[str]:
    """Decode lines one by one; remember the numbers of lines that are not valid UTF-8."""
    for number, raw in enumerate(stream, start=1):
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            yield raw.decode("utf-8", "replace")


MAX_SPAN = 200
"""Most physical lines one comma-separated record may span (a quoted cell holding line breaks): a record that
runs longer, or that spans lines and has the wrong number of fields, started at a stray quote."""
STRAY_QUOTE = "an unclosed quote: the row runs into the lines after it (they are read again on their own)"


class _Lines:
    """The physical lines a csv.reader reads, kept from where its current record began, so that the record can
    be read again from its second line; at most MAX_SPAN of them per record (then the reader sees an end)."""

    def __init__(self, lines: Iterable[str]):
        self.source = enumerate(lines, start=1)
        self.kept: list[tuple[int, str]] = []
        self.replay: list[tuple[int, str]] = []

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if len(self.kept) >= MAX_SPAN:
            raise StopIteration
        item = self.replay.pop() if self.replay else next(self.source)
        self.kept.append(item)
        return item[1]

    def done(self) -> None:
        """The current record is taken: forget its lines."""
        self.kept = []

    def again_after_first(self) -> None:
        """Give the current record's lines after its first back to be read again."""
        self.replay.extend(reversed(self.kept[1:]))
        self.kept = []


def _records(lines: Iterable[str], delimiter: str,
             fits: Callable[[list[str]], bool]) -> Iterator[tuple[int, int, list[str], str | None]]:
    """Split decoded lines into (first line, last line, cells, error) records.

    Comma-separated files may hold quoted cells that span lines; a record that spans lines but does not
    `fit` (the wrong number of fields), or spans more than MAX_SPAN, began at a stray quote: its first line is
    rejected and the lines after it are read again. Tab-separated files (ICEWS, GDELT) have no quoting
    convention: one record per physical line, quote characters kept as text.
    """
    if delimiter == "\t":
        for number, text in enumerate(lines, start=1):
            yield number, number, text.rstrip("\r\n").split("\t"), None
        return
    source = _Lines(lines)
    while True:
        for cells in csv.reader(source, delimiter=delimiter, quotechar='"', strict=False):
            first, last = source.kept[0][0], source.kept[-1][0]
            if first != last and (len(source.kept) >= MAX_SPAN or not fits(cells)):
                text = source.kept[0][1].rstrip("\r\n")
                source.again_after_first()
                yield first, first, [text], STRAY_QUOTE
                break
            source.done()
            yield first, last, cells, None
        else:
            return


def read_table(stream: BinaryIO | Iterable[bytes], delimiter: str, header: list[str] | None = None,
               stats: TableStats | None = None, needed: Iterable[str] = ()) -> Iterator[TableRow]:
    """Yield the data rows of a delimited file; the first row is the header unless one is given, and a header
    without every `needed` column fails at once (`check_columns`)."""
    stats = stats if stats is not None else TableStats()
    bad: set[int] = set()
    columns = [header]

    def fits(cells: list[str]) -> bool:
        return columns[0] is None or _width_problem(cells, len(columns[0])) is None

    for first, start, cells, error in _records(_decoded(stream, bad), delimiter, fits):
        if error is not None:
            yield TableRow(first, {}, error, text=cells[0] if cells else None)
            continue
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if columns[0] is None:
            while not cells[-1]:  # trailing tabs after the last column name, as after the last cell of a row
                cells.pop()
            check_columns(first, cells, needed)
            columns[0] = cells
            continue
        header = columns[0]
        width = len(header)
        if cells[0] == header[0] and cells[:width] == header:
            stats.headers_skipped += 1
            continue
        if bad and any(n in bad for n in range(first, start + 1)):
            yield TableRow(first, _as_read(header, cells), "the row is not valid UTF-8")
            continue
        problem = _width_problem(cells, width)
        if problem is not None:
            yield TableRow(first, _as_read(header, cells), problem)
            continue
        yield TableRow(first, dict(zip(header, cells[:width])))


def _as_read(header: list[str], cells: list[str]) -> dict[str, str]:
    """A rejected row's cells by column, those past the header's last named by position (`field 22`), so that a
    rejects report shows every cell, the one that made the row too wide included."""
    extra = {f"field {number}": cell for number, cell in enumerate(cells[len(header):], start=len(header) + 1)}
    return {**dict(zip(header, cells)), **extra}


def _width_problem(cells: list[str], width: int) -> str | None:
    """Why a row's cells do not match the header's width (trailing empty cells are fine), or None."""
    if len(cells) < width or (len(cells) > width and any(c.strip() for c in cells[width:])):
        return f"the row has {len(cells)} fields, the header has {width}"
    return None


def check_columns(line: int, header: list[str], needed: Iterable[str]) -> None:
    """Fail early, naming them, when a file's header lacks columns its format needs."""
    absent = [c for c in needed if c not in header]
    if absent:
        raise InvalidInput(f"not this format: missing columns {', '.join(absent)}", line=line)
