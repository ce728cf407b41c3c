"""Digit tests: uniform last digits (Beber & Scacco 2012) and second-digit Benford (Mebane).

Both compare digit frequencies with a reference by a chi-square test on 9 degrees of freedom.
Both are weak: their reference distributions hold only under conditions that clean elections
often miss, and fraud need not disturb digits at all. They are reported for completeness and
are not counted as evidence in the summary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_LAST = 100
MIN_SECOND = 10
_MIN_COUNTS = 50

BENFORD_SECOND = np.array(
    [sum(math.log10(1 + 1 / (10 * k + d)) for k in range(1, 10)) for d in range(10)]
)

LAST_CAVEAT = (
    "Near-uniform last digits are expected only for counts that vary over many tens (the "
    "reference allows for the trend within each decade); regular "
    "station sizes, small counts or legal thresholds can bend them. People who invent numbers "
    "tend to favour some digits (Beber & Scacco), but fraud by stuffing or by altering totals "
    "in bulk leaves last digits uniform, so a pass says little."
)
SECOND_CAVEAT = (
    "Real counts often do not follow Benford's law for the second digit even when honest: the "
    "expected frequencies depend on how counts are spread, which station sizes shape. Mebane "
    "(2013) found surprising and implausible results on clean elections, and Deckert, Myagkov "
    "& Ordeshook (2011) judged the test useless as a fraud indicator. Not used for the flag."
)


@dataclass(frozen=True)
class DigitTest:
    """Chi-square test of digit frequencies.

    Attributes:
        kind: ``"last"`` or ``"second"``.
        label: Which counts were tested (e.g. ``"leader"``).
        n: Counts tested.
        statistic: Pearson chi-square statistic (9 degrees of freedom).
        p_value: Upper-tail p-value; NaN with fewer than 50 counts.
        observed: Share of each digit 0–9.
        expected: Reference share of each digit.
        flagged: Whether ``p_value < alpha``.
        alpha: Nominal level.
        reading: Plain-language reading.
        caveat: The method's known weakness.
    """

    kind: str
    label: str
    n: int
    statistic: float
    p_value: float
    observed: tuple[float, ...]
    expected: tuple[float, ...]
    flagged: bool
    alpha: float
    reading: str
    caveat: str

    def to_dict(self) -> dict:
        """Return the result as plain JSON-ready values."""
        return {**vars(self), "observed": list(self.observed), "expected": list(self.expected)}


def last_digits(counts: np.ndarray) -> np.ndarray:
    """Last decimal digit of each count.

    Args:
        counts: Non-negative integers.

    Returns:
        Digits 0–9.
    """
    return np.asarray(counts, dtype=np.int64) % 10


def second_digits(counts: np.ndarray) -> np.ndarray:
    """Second decimal digit of each count (counts must be at least 10).

    Args:
        counts: Integers >= 10.

    Returns:
        Digits 0–9.
    """
    c = np.asarray(counts, dtype=np.int64)
    ndig = np.floor(np.log10(c)).astype(np.int64)
    # Correct float rounding next to powers of ten.
    ndig = np.where(10**ndig > c, ndig - 1, ndig)
    ndig = np.where(10 ** (ndig + 1) <= c, ndig + 1, ndig)
    return (c // 10 ** (ndig - 1)) % 10


def last_digit_test(
    counts: np.ndarray, *, label: str = "", min_count: int = MIN_LAST, alpha: float = 0.05
) -> DigitTest:
    """Test whether the last digits of counts of at least ``min_count`` are uniform.

    "Uniform" is refined for the trend of the counts: where they thin out, low digits are
    slightly more common in every decade, and the reference allows for that.

    Args:
        counts: Vote counts (any shape; flattened).
        label: What the counts are, for the reading.
        min_count: Smallest count tested (100 keeps counts with three or more digits).
        alpha: Nominal level.

    Returns:
        The test result.
    """
    every = np.asarray(counts, dtype=np.int64).ravel()
    start = 10 * math.ceil(max(min_count, 10) / 10)  # whole decades only
    c = every[every >= start]
    return _chi_square(
        "last", label, last_digits(c), _last_digit_reference(every, start), alpha, LAST_CAVEAT
    )


def _last_digit_reference(counts: np.ndarray, start: int) -> np.ndarray:
    """Expected last-digit shares of the counts >= ``start`` under a smooth density.

    Inside each decade a smooth density is close to a straight line, which favours low digits
    where the density falls and high digits where it rises. The slope of each tested decade is
    estimated from its neighbours' totals (counts below ``start`` included), so the cut at
    ``start`` and the general trend of the counts do not read as a digit anomaly.
    """
    decade = counts // 10
    top = int(decade.max()) if len(decade) else 0
    first = start // 10
    if first > top:
        return np.full(10, 0.1)
    # The slope's sum over tested decades d of (total[d + 1] - total[d - 1]) telescopes into
    # two counts of stations: no table by decade, whose size grew with the largest count (a
    # station of 10^12 voters asked for 373 GiB). Whole numbers, so the very same floats.
    above = np.count_nonzero(decade >= first + 1)
    below = np.count_nonzero((decade >= first - 1) & (decade <= top - 1))
    slope = float(above - below) / 200.0  # per count, summed over decades
    n = float(np.count_nonzero(decade >= first))
    expected = n / 10.0 + slope * (np.arange(10) - 4.5)
    expected = np.clip(expected, 1e-9, None)
    return expected / expected.sum()


def second_digit_test(
    counts: np.ndarray, *, label: str = "", min_count: int = MIN_SECOND, alpha: float = 0.05
) -> DigitTest:
    """Test the second digits of counts of at least ``min_count`` against Benford's law (2BL).

    Args:
        counts: Vote counts (any shape; flattened).
        label: What the counts are, for the reading.
        min_count: Smallest count tested (at least 10).
        alpha: Nominal level.

    Returns:
        The test result.
    """
    c = np.asarray(counts, dtype=np.int64).ravel()
    c = c[c >= max(10, min_count)]
    return _chi_square("second", label, second_digits(c), BENFORD_SECOND, alpha, SECOND_CAVEAT)


def _chi_square(
    kind: str, label: str, digits: np.ndarray, expected: np.ndarray, alpha: float, caveat: str
) -> DigitTest:
    n = len(digits)
    observed = np.bincount(digits, minlength=10).astype(float)
    share = observed / n if n else np.full(10, math.nan)
    what = "last digits" if kind == "last" else "second digits"
    ref = "uniform" if kind == "last" else "Benford's second-digit law"
    who = f" of {label} counts" if label else ""
    if n < _MIN_COUNTS:
        return DigitTest(
            kind, label, n, math.nan, math.nan, tuple(share), tuple(expected), False, alpha,
            f"Too few counts ({n}) to test the {what}{who}.", caveat,
        )  # fmt: skip
    chi2 = float(np.sum((observed - n * expected) ** 2 / (n * expected)))
    p = float(stats.chi2.sf(chi2, df=9))
    flagged = p < alpha
    worst = int(np.argmax(np.abs(share - expected) / np.sqrt(expected)))
    # Below the smallest float the tail reads 0.0: not a probability a test can give.
    p_text = "p < 1e-300" if p == 0 else f"p = {p:.2g}"
    if flagged:
        reading = (
            f"The {what}{who} depart from {ref} (chi-square {chi2:.1f}, {p_text}; digit "
            f"{worst} is {100 * share[worst]:.1f}% against {100 * expected[worst]:.1f}%). "
            "Weak evidence on its own: see the caveat."
        )
    else:
        reading = f"The {what}{who} are consistent with {ref} (chi-square {chi2:.1f}, {p_text})."
    return DigitTest(
        kind, label, n, chi2, p, tuple(share), tuple(expected), flagged, alpha, reading, caveat
    )
