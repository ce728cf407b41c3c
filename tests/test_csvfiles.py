"""A user's CSV: read whatever its separator, refused with the file and row named when broken."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from votebank.csvfiles import blank_cells, read_csv, repeated_rows, separator
from votebank.errors import InputError


def test_text_that_is_not_utf8_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("seat,votes\nS-1,10\nYnys Môn,20\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.csv: row 3: not UTF-8 text") as got:
        read_csv(path)
    # It showed "(got b'\xf4n,2')", a Python bytes repr: now the row as a spreadsheet shows it.
    said = str(got.value)
    assert "b'" not in said
    assert "byte 0xF4" in said
    assert "(got Ynys Môn,20)" in said


def test_a_utf16_file_is_named_without_its_nul_bytes(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes("seat,votes\nS-1,10\n".encode("utf-16"))
    with pytest.raises(InputError) as got:
        read_csv(path)
    said = str(got.value)
    assert "\x00" not in said
    assert "b'" not in said
    assert "not UTF-8 text (UTF-16 text, as Excel saves Unicode Text)" in said


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_separator_is_read_off_the_header(tmp_path, sep):
    path = tmp_path / "x.csv"
    path.write_text(f"seat{sep}votes\nS-1{sep}10\n", encoding="utf-8")
    assert read_csv(path).to_dict("list") == {"seat": ["S-1"], "votes": [10]}


def test_blank_cells_and_repeated_rows_are_named_by_file_line():
    frame = pd.DataFrame({"seat": ["S-1", " ", "S-1"], "votes": [1, 2, 1]})
    lines = np.array([2, 3, 4])
    blanks = blank_cells(frame, ["seat"], "f.csv", lines)
    assert [str(p) for p in blanks] == ["f.csv: row 3, column seat: blank"]
    repeats = repeated_rows(frame, "f.csv", lines)
    assert [str(p) for p in repeats] == ["f.csv: row 4: repeats an earlier row (got row 2)"]


def test_a_repeated_row_with_a_blank_cell_is_named(tmp_path):
    # Two blanks read as NaN, and NaN is not equal to itself: a repeat with a blank in a
    # column left blank throughout (a note nobody wrote) went unnamed.
    path = tmp_path / "x.csv"
    path.write_text("seat,votes,note\nS-1,10,\nS-2,20,\nS-1,10,\n", encoding="utf-8")
    frame = read_csv(path, dtype=str)
    repeats = repeated_rows(frame, "x.csv", np.array([2, 3, 4]))
    assert [str(p) for p in repeats] == ["x.csv: row 4: repeats an earlier row (got row 2)"]


def test_a_header_in_capitals_or_with_spaces_names_the_same_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(" Election Date ,VOTES\n2015-05-07,10\n", encoding="utf-8")
    frame = read_csv(path, required=("election_date", "votes"), dtype={"election_date": str})
    assert frame.to_dict("list") == {"election_date": ["2015-05-07"], "votes": [10]}


@pytest.mark.parametrize("head", ["seat,Votes,votes", "seat,votes,votes", "\ufeffseat,votes,votes"])
def test_two_header_cells_naming_one_column_are_refused(tmp_path, head):
    # Spelled exactly alike too: pandas renames the second "votes.1", which hid it.
    path = tmp_path / "x.csv"
    path.write_text(f"{head}\nS-1,10,11\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"x\.csv: header: column\(s\) named more than once"):
        read_csv(path)


def test_a_blank_header_cell_is_named_by_its_place(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("\ufeffseat,votes,\nS-1,10,\n", encoding="utf-8")
    assert list(read_csv(path).columns) == ["seat", "votes", "unnamed:_2"]


def test_a_missing_column_is_named_beside_the_header_the_file_has(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("seat,vote\nS-1,10\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_csv(path, required=("seat", "votes"), what="results")
    assert "x.csv: header: missing column(s) of results: votes (got seat, vote)" in str(err.value)


def test_a_semicolon_file_whose_column_names_hold_commas_is_read_by_semicolons(tmp_path):
    # Russian protocol headers: more commas in the names than semicolons between them.
    path = tmp_path / "x.csv"
    path.write_text(
        "УИК;Число избирателей, внесенных в список;Иванов, Иван\n1;2111;567\n2;2473;455\n",
        encoding="utf-8",
    )
    frame = read_csv(path)
    assert list(frame.columns) == ["уик", "число_избирателей,_внесенных_в_список", "иванов,_иван"]
    assert frame["иванов,_иван"].tolist() == [567, 455]


@pytest.mark.parametrize(
    ("first", "lines", "sep"),
    [
        ("a;b, c;d", ["1;2;3"], ";"),  # the header's commas are inside names
        ("a,b;c", ["1,2", "3,4"], ","),  # the most used fits: kept
        ('"x;y",b', ['"1;2",3'], ","),  # a quoted delimiter is no split
        ("a,b,c;d", ["1,2"], ","),  # nothing fits: the most used, as before
        ("a,b;c", [], ","),  # no data line: the header alone
        ("abc", ["1"], ","),
    ],
)
def test_the_separator_splits_the_header_and_data_lines_alike(first, lines, sep):
    assert separator(first, lines) == sep


def test_a_missing_file_or_a_folder_is_named_plainly(tmp_path):
    # "cannot read as CSV: [Errno 2] No such file or directory: 'x.csv'": Python's words.
    for path, said in ((tmp_path / "x.csv", "x.csv: no such file"), (tmp_path, "is a folder")):
        with pytest.raises(InputError) as got:
            read_csv(path)
        assert said in str(got.value)
        assert "Errno" not in str(got.value)


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_an_empty_file_says_so(tmp_path, text):
    # `seats --region-shares` or `import-uk --results` on an empty file said
    # "cannot read as CSV: No columns to parse from file", pandas' words.
    path = tmp_path / "shares.csv"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_csv(path, required=["region"])
    [problem] = info.value.problems
    assert problem.message == "empty file: no header and no rows"
    assert problem.file == str(path)


@pytest.mark.parametrize(
    ("text", "row", "said"),
    [
        # pandas counts this line from 0: "EOF inside string starting at row 1" was row 2.
        ('a,b\n"1,2\n3,4\n', "row 2", "a quote opened here is never closed"),
        ("a,b\n1,2\n\n3,4,5\n", "row 4", "3 cells where the header names 2"),
    ],
)
def test_a_row_pandas_cannot_split_is_named_as_the_file_numbers_it(tmp_path, text, row, said):
    path = tmp_path / "r.csv"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_csv(path)
    [problem] = info.value.problems
    assert (problem.location, said in problem.message) == (row, True)
    assert "C error" not in problem.message


def test_data_rows_ending_in_a_delimiter_the_header_lacks_are_read_unshifted(tmp_path):
    # pandas took the first column as an index and shifted every other one: a results file
    # exported so was refused as "row 2, column election_date: not a date (got general)".
    path = tmp_path / "r.csv"
    path.write_text("a,b\n1,2,\n3,4,\n")
    assert read_csv(path).to_dict("list") == {"a": [1, 3], "b": [2, 4]}


def test_a_value_beyond_the_header_is_refused_by_its_row_not_dropped(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("a,b\n1,2,\n3,4,9\n")
    with pytest.raises(InputError) as info:
        read_csv(path)
    [problem] = info.value.problems
    assert (problem.location, problem.value) == ("row 3", "9")
    assert "beyond the header's 2 columns" in problem.message
