"""Which cells of a count column are counts."""

import pandas as pd

from votebank.counts import not_counts


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
