"""The delimited-file reader: one record per line in tab files, quoted cells in CSV files."""

from __future__ import annotations

from store.interchange.tabular import read_table


def test_a_stray_quote_in_a_tab_file_does_not_swallow_the_following_lines():
    lines = [b"a\tb\n", b'"open quote\tx\n', b"plain\ty\n"]
    rows = list(read_table(lines, "\t"))
    assert [r.cells for r in rows] == [{"a": '"open quote', "b": "x"}, {"a": "plain", "b": "y"}]
    assert [r.line for r in rows] == [2, 3]


def test_a_quoted_csv_cell_may_hold_the_delimiter_and_a_line_break():
    lines = [b"a,b\n", b'"x, with comma","two\n', b'lines"\n', b"c,d\n"]
    rows = list(read_table(lines, ","))
    assert [r.cells for r in rows] == [{"a": "x, with comma", "b": "two\nlines"}, {"a": "c", "b": "d"}]
