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


def test_a_stray_quote_in_a_csv_file_rejects_its_row_and_the_rows_after_it_are_read():
    lines = [b"a,b,c\n", b"1,2,3\n", b'4,"five,6\n', b"7,8,9\n", b"10,11,12\n", b"13,14,15\n"]
    rows = list(read_table(lines, ","))
    assert [(r.line, r.error is not None) for r in rows] == [(2, False), (3, True), (4, False), (5, False),
                                                             (6, False)]
    assert "unclosed quote" in rows[1].error  # type: ignore[operator]
    assert [r.cells["a"] for r in rows if r.error is None] == ["1", "7", "10", "13"]


def test_a_stray_quote_that_would_run_past_the_longest_record_is_cut_there(monkeypatch):
    from store.interchange import tabular

    monkeypatch.setattr(tabular, "MAX_SPAN", 3)
    lines = [b"a,b\n", b'"x,1\n', b'y,2\n', b'z",3\n', b"w,4\n"]  # the quote closes, but too far away
    rows = list(read_table(lines, ","))
    assert [(r.line, r.error is not None) for r in rows] == [(2, True), (3, False), (4, False), (5, False)]
    assert [r.cells["a"] for r in rows[1:]] == ["y", 'z"', "w"]


def test_a_multi_line_quoted_csv_cell_is_located_at_its_first_line():
    lines = [b"a,b\n", b'"x","two\n', b'lines"\n', b"c,d\n"]
    assert [r.line for r in read_table(lines, ",")] == [2, 4]


def test_trailing_tabs_after_the_last_column_name_are_not_columns():
    rows = list(read_table([b"a\tb\t\t\n", b"1\t2\n", b"3\t4\t\n"], "\t"))
    assert [(r.cells, r.error) for r in rows] == [({"a": "1", "b": "2"}, None), ({"a": "3", "b": "4"}, None)]


def test_a_rejected_row_keeps_every_cell_and_an_unsplittable_one_its_text():
    too_wide, = read_table([b"a\tb\n", b"1\t2\textra\n"], "\t")
    assert too_wide.error and too_wide.original == {"a": "1", "b": "2", "field 3": "extra"}
    rows = list(read_table([b"a,b,c\n", b'4,"five,6\n', b"7,8,9\n", b"10,11,12\n"], ","))
    assert rows[0].error and rows[0].original == '4,"five,6'
    assert rows[1].original == {"a": "7", "b": "8", "c": "9"}
