"""Scores of a probabilistic forecast against what happened, and the distance of two samples."""

from __future__ import annotations

import numpy as np
import pandas as pd

# The tenths themselves (linspace gives 0.30000000000000004, which every JSON would show).
RELIABILITY_BINS = np.arange(11) / 10


def ks_distance(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between two empirical CDFs.

    Non-finite values are dropped; NaN if either sample is then empty.
    """
    a = np.sort(np.asarray(a, dtype=float).ravel())
    b = np.sort(np.asarray(b, dtype=float).ravel())
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if a.size == 0 or b.size == 0:
        return float("nan")
    x = np.concatenate([a, b])
    fa = np.searchsorted(a, x, side="right") / a.size
    fb = np.searchsorted(b, x, side="right") / b.size
    return float(np.max(np.abs(fa - fb)))


def brier_score(probs: np.ndarray, outcome: np.ndarray) -> float:
    """Multi-category Brier score: mean over rows of ``sum_k (p_k - o_k)^2``.

    Args:
        probs: Forecast probabilities, rows x categories (each row sums to 1).
        outcome: The index of the real category in each row.
    """
    o = np.zeros_like(probs, dtype=float)
    o[np.arange(len(outcome)), outcome] = 1.0
    return float(np.mean(np.sum((probs - o) ** 2, axis=1)))


def favourites(probs: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """Each row's most probable category; a tie goes to the larger ``tiebreak``, then the first.

    With an even number of runs a seat split evenly is common: left to ``argmax`` its favourite
    would be whichever category comes first (a party's place in the alphabet).

    Args:
        probs: Forecast probabilities, rows x categories.
        tiebreak: Rows x categories, larger wins a tie (a mean vote share, say).
    """
    # Probabilities are counts over runs: equal counts give equal floats, so the tolerance
    # only has to absorb rounding, far below one run's 1 / runs.
    top = probs >= probs.max(axis=1, keepdims=True) - 1e-9
    return np.where(top, tiebreak, -np.inf).argmax(axis=1)


def expected_brier(probs: np.ndarray) -> float:
    """The Brier score a forecast expects if outcomes follow it: mean of ``1 - sum p^2``."""
    # Clipped at 0: a certain forecast's rounding (p = 1 + 2e-16) would expect a negative score.
    return float(np.mean(np.clip(1.0 - np.sum(probs**2, axis=1), 0.0, None)))


def reliability(probs: np.ndarray, outcome: np.ndarray, bins=RELIABILITY_BINS) -> pd.DataFrame:
    """Forecast probability against observed frequency, binned (all seat x party pairs).

    Returns:
        ``low``, ``high``, ``n``, ``forecast`` (mean p in the bin), ``observed`` (share won).
    """
    o = np.zeros_like(probs, dtype=float)
    o[np.arange(len(outcome)), outcome] = 1.0
    p, y = probs.ravel(), o.ravel()
    # A share of runs on a bin's edge (3 of 10, or 10 of 50 summed as 1/50 a run) can sit a
    # rounding error below it, as can the edge itself (0.30000000000000004): far less than a
    # run's 1 / runs apart, so the tolerance moves no probability but those.
    which = np.clip(np.digitize(p + 1e-9, bins[1:-1], right=False), 0, len(bins) - 2)
    n = np.bincount(which, minlength=len(bins) - 1)
    with np.errstate(invalid="ignore"):
        forecast = np.bincount(which, p, minlength=len(bins) - 1) / n
        observed = np.bincount(which, y, minlength=len(bins) - 1) / n
    return pd.DataFrame(
        {"low": bins[:-1], "high": bins[1:], "n": n, "forecast": forecast, "observed": observed}
    )
