"""Cells read as vote counts: numbers as official files write them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from votebank.forensics.cells import parse_counts
from votebank.forensics.problems import Problems


def parsed(cells, thousands=None):
    report = Problems("f.csv")
    column = pd.Series(cells, dtype="string")
    values = parse_counts(column, np.arange(2, len(cells) + 2), "reg", report, thousands)
    return values, report


def test_thousands_separators_are_read():
    # Official tables write "1,234" or "1 234" (a space or no-break space, as in Russian and
    # French files); each was refused as "not a number" and the whole file with it.
    values, report = parsed(["1,234", "1 234", "1\u00a0234", "12\u202f345", "1,234,567", "987"])
    report.raise_if_any()
    assert values.tolist() == [1234, 1234, 1234, 12345, 1234567, 987]


@pytest.mark.parametrize("cell", ["1,23", "12,3456", "1,5", "1 23", ",123", "1,,234", "1.234"])
def test_cells_that_are_not_grouped_digits_stay_refused(cell):
    values, report = parsed([cell])
    assert np.isnan(values[0])
    assert report


def test_counts_in_urdu_or_arabic_digits_are_read():
    # Transcribed forms (Pakistan's Form-45 in Urdu) write Eastern Arabic digits; each cell
    # was refused as "not a number".
    values, report = parsed(["۱۲۳۴", "١٢٣", "۱,۲۳۴", "۲۰"])
    report.raise_if_any()
    assert values.tolist() == [1234, 123, 1234, 20]


@pytest.mark.parametrize("cell", ["1.000", "2.000", "12.000", "1.000.000", "1.234"])
def test_a_dot_between_groups_of_three_digits_is_refused_as_ambiguous(cell):
    # Spanish, German and Venezuelan files write one thousand "1.000"; it was read as 1, so
    # registered 1.000 with 512 ballots gave a turnout of 51,200%.
    values, report = parsed(["900", cell])
    assert np.isnan(values[1])
    (problem,) = report.problems()
    assert (problem.location, problem.value) == ("row 3, column reg", cell)
    assert "dot" in problem.message
    assert "1000" in problem.message


def test_decimals_that_are_not_groups_of_three_are_still_fractions():
    values, report = parsed(["1.0", "2.00", "1.5"])
    assert values[:2].tolist() == [1, 2]
    assert np.isnan(values[2])
    assert [p.message for p in report.problems()] == ["a count must be a whole number"]


def test_a_file_that_declares_dots_as_thousands_separators_is_read():
    # A German or Spanish file writing every count 1.234.567 was refused row by row.
    values, report = parsed(["1.234", "1.000", "1.234.567", "987", "12 345", ""], ".")
    assert values[:5].tolist() == [1234, 1000, 1234567, 987, 12345]
    assert [p.message for p in report.problems()] == ["the value is empty"]
    _, told = parsed(["1.234"])
    assert "--thousands ." in told.problems()[0].message  # the refusal names the way on


@pytest.mark.parametrize(
    ("cell", "says"),
    [("1.5", "a dot must stand"), ("1.0", "a dot must stand"), ("1234.567", "a dot must stand"),
     ("1.23", "a dot must stand"), ("1,234", "a comma is a decimal mark"),
     ("1.234,5", "a comma is a decimal mark"), ("3,0", "a comma is a decimal mark")],
)  # fmt: skip
def test_a_count_that_disagrees_with_declared_dots_is_refused_naming_the_option(cell, says):
    # Declared or not, no cell is guessed: a comma or a stray dot means the file (or the
    # option) is not what was said, and reading either way could be a thousand times wrong.
    values, report = parsed(["100", cell], ".")
    (problem,) = report.problems()
    assert (problem.location, problem.value) == ("row 3, column reg", cell)
    assert says in problem.message
    assert "--thousands" in problem.message
    assert values[0] == 100
    assert np.isnan(values[1])


@pytest.mark.parametrize("dtype", ["string", "float64"])
def test_a_column_empty_in_every_row_is_one_problem_not_one_per_row(dtype):
    # A party column left blank (the party stood nowhere in the file) was reported as
    # "the value is empty" at 20 rows, then "and 1,243 more bad rows", without saying that
    # the whole column is empty.
    report = Problems("f.csv")
    column = pd.Series([None] * 1263, dtype=dtype)
    values = parse_counts(column, np.arange(2, 1265), "P5", report)
    assert np.isnan(values).all()
    (problem,) = report.problems()
    assert (problem.location, problem.value) == ("column P5", "1,263 empty rows")
    assert "every value in this column is empty" in problem.message


def test_one_empty_cell_is_still_named_by_its_row():
    _, report = parsed(["12", ""])
    (problem,) = report.problems()
    assert (problem.location, problem.message) == ("row 3, column reg", "the value is empty")


def test_swiss_thousands_separators_are_read():
    # Swiss files write one thousand two hundred "1'234" (or with a typographic apostrophe);
    # each was refused as "not a number", though an apostrophe is never a decimal mark.
    values, report = parsed(["1'234", "12\u2019345", "1'234'567", "987"])
    report.raise_if_any()
    assert values.tolist() == [1234, 12345, 1234567, 987]
    declared, report = parsed(["1'234", "1.234"], ".")
    report.raise_if_any()
    assert declared.tolist() == [1234, 1234]
    for cell in ["1'23", "'123", "1''234", "1'234.5"]:
        values, report = parsed([cell])
        assert np.isnan(values[0]), cell
        assert report, cell


@pytest.mark.parametrize("cell", ["-", "–", "—"])
def test_a_dash_for_none_is_told_to_write_0(cell):
    # A party's "-" where it polled nothing was refused only as "not a number".
    values, report = parsed(["12", cell])
    assert np.isnan(values[1])
    [problem] = report.problems()
    assert problem.message == "the value is a dash: write 0 for no votes"
    values, report = parsed(["12", "x"])
    [problem] = report.problems()
    assert problem.message == "the value is not a number"


@pytest.mark.parametrize("cell", ["1775,0", "12,5", "3,00", "1,2345", "-4,0"])
def test_a_decimal_comma_is_named_as_one(cell):
    # A spreadsheet set to German or Russian saves 1775 as "1775,0": it was refused as "the
    # value is not a number", which it plainly is.
    values, report = parsed(["12", cell])
    assert np.isnan(values[1])
    [problem] = report.problems()
    assert (problem.location, problem.value) == ("row 3, column reg", cell)
    assert problem.message.startswith("a comma not followed by three digits is a decimal comma")
