"""Loading a results file's table: rows with more fields than the header."""

from __future__ import annotations

import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results

HEADER = "reg;bal;lead;rest"


def read(path):
    return read_station_results(path, registered="reg", ballots="bal", leader="lead", others="rest")


def test_data_rows_ending_in_a_delimiter_are_read(tmp_path):
    # Exports often end every data row with ";" but not the header; the whole file was refused
    # with pandas' "Expected 4 fields in line 2, saw 5".
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "\r\n1000;600;300;300;\r\n800;500;250;250;\r\n900;450;200;250;\r\n")
    res = read(path)
    assert res.registered.tolist() == [1000, 800, 900]
    assert res.other_votes[:, 0].tolist() == [300, 250, 250]


def test_a_row_with_a_value_beyond_the_header_is_refused_by_its_row(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "\n1000;600;300;300\n800;500;250;250;7\n900;450;200;250\n")
    with pytest.raises(InputError) as exc:
        read(path)
    (problem,) = exc.value.problems
    assert problem.location == "row 3"
    assert problem.value == "7"
    assert "more fields than the header's 4" in problem.message


@pytest.mark.parametrize("hint", ["sep=;", "SEP=;", "\ufeffsep=;"])
def test_an_excel_delimiter_hint_above_the_header_is_refused_as_one_problem(tmp_path, hint):
    # Excel writes "sep=;" above the header of some exports and hides it when it opens the file.
    # Read as the header, it made every data row "more fields than the header's 2" (20 rows
    # listed and a count), and nothing said the first line was the cause.
    path = tmp_path / "r.csv"
    path.write_text(f"{hint}\r\n{HEADER}\r\n1000;600;300;300\r\n800;500;250;250\r\n")
    with pytest.raises(InputError) as exc:
        read(path)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("row 1", hint.lstrip("\ufeff"))
    assert "delete" in problem.message
    assert "header" in problem.message


def test_a_file_of_one_blank_byte_is_said_in_the_singular(tmp_path):
    # "1 bytes: the file is empty".
    path = tmp_path / "r.csv"
    path.write_text(" ")
    with pytest.raises(InputError) as exc:
        read(path)
    assert [p.value for p in exc.value.problems] == ["1 byte"]


def test_a_title_line_above_the_header_is_refused_as_one_problem(tmp_path):
    # A commission's export with its title on the first line: every row below was refused as
    # "more fields than the header's 1" (20 rows and a count), the title never named.
    path = tmp_path / "r.csv"
    title = "Central Election Commission - results by polling station"
    path.write_text(f"{title}\n\n{HEADER}\n1000;600;300;300\n800;500;250;250\n")
    with pytest.raises(InputError) as exc:
        read(path)
    (problem,) = exc.value.problems
    assert problem.location == "row 1"
    assert problem.value.startswith("Central Election Commission")
    assert "a title?" in problem.message
    assert "delete the lines above it" in problem.message


def test_a_title_line_over_a_comma_file_is_refused_as_one_problem(tmp_path):
    path = tmp_path / "r.csv"
    rows = "reg,bal,lead,rest\n" + "1000,600,300,300\n" * 30
    path.write_text("Results by polling station - 2026\n" + rows)
    with pytest.raises(InputError) as exc:
        read(path)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("row 1", "Results by polling station - 2026")


def test_an_old_xls_file_names_the_package_that_reads_it(tmp_path, monkeypatch):
    # A commission's Excel 97-2003 .xls was told to install openpyxl, which cannot read it;
    # with openpyxl the user then met pandas' "Missing optional dependency 'xlrd'".
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "xlrd" else found(name, *a)
    )
    path = tmp_path / "results.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really excel")
    with pytest.raises(InputError) as exc:
        read(path)
    (problem,) = exc.value.problems
    assert problem.message == (
        "reading this Excel file needs the xlrd package; or save it as CSV or .xlsx"
    )
