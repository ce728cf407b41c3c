"""Reading a scenario's CSV tables as spreadsheets save them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import votebank
from votebank.errors import InputError

TINY = Path(votebank.__file__).parent / "scenarios" / "tiny"


def _rewrite(path: Path, edit) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(k, line) for k, line in enumerate(lines)) + "\n", "utf-8")


def test_rows_ending_in_a_delimiter_load_as_without(tmp_path):
    # Spreadsheets export a trailing empty column this way: the header has a blank last
    # cell and every row an empty one. It was refused as "column Unnamed: 7".
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    _rewrite(folder / "constituencies.csv", lambda k, line: line + ",")
    scenario = votebank.load_scenario(folder)
    tiny = votebank.load_scenario(TINY)
    assert scenario.constituencies.equals(tiny.constituencies)


def test_a_blank_header_above_values_is_named_by_its_position(tmp_path):
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    _rewrite(folder / "constituencies.csv", lambda k, line: line + ("," if k == 0 else ",x"))
    with pytest.raises(InputError) as info:
        votebank.load_scenario(folder)
    [problem] = info.value.problems
    assert problem.location == "column 8"
    assert "Unnamed" not in info.value.render()
    assert "no name" in problem.message


@pytest.mark.parametrize("table", ["constituencies.csv", "candidates.csv"])
def test_a_row_cut_short_is_refused_naming_it_as_a_long_one_is(tmp_path, table):
    # A line cut short in an export loaded with its last cells as blanks: T-2's urban share,
    # turnout and threat silently became their defaults.
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    header = (folder / table).read_text(encoding="utf-8").splitlines()[0].split(",")
    _rewrite(folder / table, lambda k, line: ",".join(line.split(",")[:3]) if k == 2 else line)
    with pytest.raises(InputError) as info:
        votebank.load_scenario(folder)
    problem = info.value.problems[0]  # before what the blanks then break (a required cell)
    assert (problem.file, problem.location) == (str(folder / table), "row 3")
    assert problem.message == f"3 cells but the header has {len(header)}"
    # A blank line written with fewer delimiters is no row, as a blank line is not.
    shutil.copy(TINY / table, folder / table)
    with (folder / table).open("a", encoding="utf-8") as f:
        f.write(",\n")
    votebank.load_scenario(folder)


def test_a_table_whose_every_row_is_longer_than_its_header_names_the_rows(tmp_path):
    # A column's name deleted from the header alone (every row one cell longer) was
    # refused as "the table has no data rows", of a table of eight rows.
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    _rewrite(
        folder / "candidates.csv", lambda k, line: line.replace(",budget", "") if k == 0 else line
    )
    with pytest.raises(InputError) as info:
        votebank.load_scenario(folder)
    problems = info.value.problems
    assert [p.location for p in problems] == [f"row {k}" for k in range(2, 10)]
    assert {p.message for p in problems} == {"12 cells but the header has 11"}
    assert "no data rows" not in info.value.render()


def test_a_table_not_in_utf8_shows_its_row_not_a_python_bytes_repr(tmp_path):
    # A constituency name saved as Latin-1 was refused "(got b'\xf4')".
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    path = folder / "constituencies.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[1] = "Ynys Môn"
    lines[1] = ",".join(first)
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    with pytest.raises(InputError) as info:
        votebank.load_scenario(folder)
    said = info.value.render()
    assert "not UTF-8 text" in said
    assert "b'" not in said
    assert "Ynys Môn" in said


def test_a_number_with_thousands_separators_says_how_to_write_it(tmp_path):
    # "30,000" (a spreadsheet's display) read only "not a number (int expected)".
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    _rewrite(folder / "constituencies.csv", lambda k, line: line.replace(",30000,", ',"30,000",'))
    _rewrite(folder / "candidates.csv", lambda k, line: line.replace(",2000000,", ",2000000x,"))
    with pytest.raises(InputError) as exc:
        votebank.load_scenario(folder)
    said = {p.location: p.message for p in exc.value.problems}
    assert said["row 4, column registered"].endswith("write it without thousands separators: 30000")
    assert said["row 2, column budget"] == "not a number (float expected)"


def test_a_number_in_lakhs_says_how_to_write_it(tmp_path):
    # "20,00,000" (Rs 20 lakh, as South Asian accounts write it) had no hint, "2,000,000" had.
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    _rewrite(folder / "candidates.csv", lambda k, line: line.replace(",2000000,", ',"20,00,000",'))
    with pytest.raises(InputError) as exc:
        votebank.load_scenario(folder)
    said = {p.location: p.message for p in exc.value.problems}
    assert said["row 2, column budget"].endswith("without thousands separators: 2000000")
