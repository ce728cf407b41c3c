"""The last-digit test's reference: its cost and its values."""

from __future__ import annotations

import numpy as np

from votebank.forensics.digits import _last_digit_reference, last_digit_test


def _reference_by_decade_table(counts: np.ndarray, start: int) -> np.ndarray:
    """The reference as first written: a table of totals for every decade up to the top."""
    decade = counts // 10
    top = int(decade.max()) if len(decade) else 0
    totals = np.bincount(decade, minlength=top + 2).astype(float)
    first = start // 10
    if first > top:
        return np.full(10, 0.1)
    above = totals[first + 1 : top + 2]
    below = totals[first - 1 : top] if first >= 1 else np.concatenate([[0.0], totals[:top]])
    slope = np.sum(above - below[: len(above)]) / 200.0
    n = totals[first : top + 1].sum()
    expected = np.clip(n / 10.0 + slope * (np.arange(10) - 4.5), 1e-9, None)
    return expected / expected.sum()


def test_reference_is_the_decade_tables_to_the_last_bit():
    rng = np.random.default_rng(3)
    for trial in range(300):
        scale = 10 ** rng.uniform(0, 4.5)
        n = int(rng.integers(0, 300))
        counts = (
            rng.exponential(scale, n).astype(np.int64)
            if trial % 2
            else rng.integers(0, int(scale) + 1, n)
        )
        for start in (10, 100, 1000):
            np.testing.assert_array_equal(
                _last_digit_reference(counts, start), _reference_by_decade_table(counts, start)
            )


def test_a_huge_count_costs_no_memory():
    # One station of 2 * 10^12 voters (accepted: below 2^53) once asked for a 373 GiB table.
    counts = np.concatenate([np.arange(100, 400), [500_000_000_000, 2**53 - 1]])
    result = last_digit_test(counts)
    assert result.n == 302
    assert np.isfinite(result.p_value)


def test_a_p_value_too_small_for_a_float_is_not_read_as_zero():
    # 20,000 leader counts all ending in 7: the chi-square p-value underflows to 0.0 and the
    # reading said "p = 0", a probability no test can give.
    from votebank.forensics.digits import second_digit_test

    counts = np.full(20_000, 1007)
    for test in (
        last_digit_test(counts, label="leader"),
        second_digit_test(counts, label="leader"),
    ):
        assert test.p_value == 0.0
        assert "p = 0;" not in test.reading
        assert "p < 1e-300" in test.reading
