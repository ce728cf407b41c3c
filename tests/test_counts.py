"""Which cells of a count column are counts."""

import numpy as np
import pandas as pd

from votebank.counts import count_problems, not_counts


def test_counts_and_not_counts():
    cells = pd.Series(["12", "", "-1", "1e300", "inf", "nan", "seven", "2.5", None])
    numbers, bad = not_counts(cells, blank_ok=True)
    assert numbers.iloc[0] == 12
    assert list(bad) == [False, False, True, True, True, True, True, False, False]


def test_blanks_and_fractions_refused_when_asked():
    cells = pd.Series(["3", "", "2.5"])
    _, bad = not_counts(cells, blank_ok=False, whole=True)
    assert list(bad) == [False, True, True]


def test_booleans_are_not_counts_even_when_pandas_reads_them_as_such():
    # A column of TRUE/FALSE comes from read_csv as bool, or object beside blanks.
    for cells in (pd.Series([True, False]), pd.Series([True, None], dtype=object)):
        _, bad = not_counts(cells, blank_ok=True)
        assert list(bad) == [True, cells.iloc[1] is not None]


def test_an_empty_cell_is_called_empty_not_nan():
    cells = pd.Series(["", None, float("nan"), "seven"], name="votes")
    _, problems = count_problems(cells, "t.csv", np.arange(2, 6), blank_ok=False)
    shown = [str(p) for p in problems]
    assert all("nan" not in s for s in shown)
    assert [s.split(": ")[2] for s in shown[:3]] == ["empty"] * 3
    assert shown[3].endswith("not a count (a finite number from 0 to 1e+09) (got seven)")


def test_a_huge_count_read_as_a_decimal_is_quoted_without_a_decimal_point():
    # A column of numbers comes from read_csv as floats: 1e12 was quoted "1000000000000.0".
    cells = pd.Series([1e12, 2.5, float("inf"), 1e30], name="votes")
    _, problems = count_problems(cells, "t.csv", np.arange(2, 6), blank_ok=False, whole=True)
    # 1e30 was quoted 1000000000000000019884624838656, the float nearest it.
    assert [p.value for p in problems] == ["1000000000000", "2.5", "inf", "1e+30"]


def test_a_count_with_thousands_separators_is_told_how_to_write_it():
    # "12,045" (a spreadsheet's export, quoted) was only "not a count (a whole number ...)".
    cells = pd.Series(["12,045", "1 234 567", "12,04", "1.234", "3,5", "10.703.654"], name="votes")
    _, problems = count_problems(
        cells, "t.csv", np.arange(2, 8), blank_ok=False, whole=True, shown=9
    )
    said = [p.message for p in problems]
    # A European export's 10.703.654 (one dot, as 1.234, may be a decimal: no advice).
    assert said.pop().endswith(": write 10703654, without thousands separators")
    assert said[0].endswith(
        "not a count (a whole number from 0 to 1e+09): write 12045, without thousands separators"
    )
    assert said[1].endswith(": write 1234567, without thousands separators")
    assert [s.endswith("1e+09)") for s in said[2:]] == [True, True, True]  # no hint


def test_a_count_in_lakhs_is_told_how_to_write_it():
    # "1,23,456" (lakhs, as South Asian results are printed) had no hint; "12,34" still has none.
    cells = pd.Series(["1,23,456", "12,34,56,789", "12,34"], name="votes")
    _, problems = count_problems(cells, "t.csv", np.arange(2, 5), blank_ok=False, whole=True)
    said = [p.message for p in problems]
    assert said[0].endswith(": write 123456, without thousands separators")
    assert said[1].endswith(": write 123456789, without thousands separators")
    assert said[2].endswith("1e+09)")
