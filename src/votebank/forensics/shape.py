"""Shape of the turnout and leader-share distributions.

Ballot stuffing drags stations towards 100% turnout, which lengthens the right tail (positive
skewness), fattens the tails (excess kurtosis) and piles stations up at exactly 100%. None of
these has a fraud-free reference value, so skewness and kurtosis are reported as estimates
with bootstrap intervals; only the pile-up at exactly 100% turnout is tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from votebank.display import p_is, plural
from votebank.forensics.poisson_binomial import poisson_binomial_sf
from votebank.forensics.stations import StationResults

HIGH_TURNOUT = 0.95
_BIN = 1e-4  # bin width of the bootstrap of skewness and kurtosis

CAVEAT = (
    "Turnout and vote shares are not normal even in clean elections: regions, town and "
    "country, and small stations all change skewness and kurtosis. Compare with earlier "
    "elections in the same country rather than with zero. The 100% test assumes the density "
    "of turnout is flat or falling between 95% and 100%; a genuine rise there (e.g. closed "
    "institutions) would read as an excess."
)


@dataclass(frozen=True)
class Estimate:
    """A statistic with a confidence interval.

    Attributes:
        value: The estimate.
        low: Lower bound of the interval.
        high: Upper bound of the interval.
    """

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class ShapeStats:
    """Distribution-shape statistics of turnout and leader share.

    Attributes:
        turnout_skewness: Skewness of turnout.
        turnout_kurtosis: Excess kurtosis of turnout.
        share_skewness: Skewness of the leader's share.
        share_kurtosis: Excess kurtosis of the leader's share.
        at_100: Stations with turnout of exactly 100%.
        at_100_expected: Stations expected at exactly 100% if turnout were flat over 95–100%.
        at_100_p_value: Chance of at least ``at_100`` under that null.
        near_100: Stations with turnout from 95% to 100% (the 100% test's band).
        at_100_least_p: The p-value were every one of them at exactly 100%: the least the
            test can give here (1 with none there).
        high_turnout: Share of stations with turnout of at least 95% (Wilson interval), of
            every station with voters on its roll (one with no ballot is at 0%).
        over_100: Share of stations with more ballots than registered voters (Wilson interval),
            of the same stations.
        level: Coverage of the intervals.
        bootstrap: Number of bootstrap resamples for skewness and kurtosis.
        n_stations: Stations used for the moments and the 100% test (at least one valid
            ballot).
        flagged: Whether ``at_100_p_value < alpha``.
        alpha: Nominal level for the flag.
        reading: Plain-language reading.
        caveat: The method's known weakness.
    """

    turnout_skewness: Estimate
    turnout_kurtosis: Estimate
    share_skewness: Estimate
    share_kurtosis: Estimate
    at_100: int
    at_100_expected: float
    at_100_p_value: float
    near_100: int
    at_100_least_p: float
    high_turnout: Estimate
    over_100: Estimate
    level: float
    bootstrap: int
    n_stations: int
    flagged: bool
    alpha: float
    reading: str
    caveat: str = CAVEAT

    def to_dict(self) -> dict:
        """Return the statistics as plain JSON-ready values."""
        out = {}
        for key, value in vars(self).items():
            out[key] = vars(value).copy() if isinstance(value, Estimate) else value
        return out


def moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Skewness and excess kurtosis along the last axis (population formulas, as scipy's).

    Args:
        x: Values, 1-D or 2-D (one sample per row).

    Returns:
        Skewness and excess kurtosis (NaN for a constant sample).
    """
    if x.shape[-1] == 0:  # no station: undefined, without numpy's "Mean of empty slice"
        return np.full(x.shape[:-1], np.nan), np.full(x.shape[:-1], np.nan)
    d = x - x.mean(axis=-1, keepdims=True)
    m2 = np.mean(d**2, axis=-1)
    m3 = np.mean(d**3, axis=-1)
    m4 = np.mean(d**4, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return m3 / m2**1.5, m4 / m2**2 - 3.0


def shape_stats(
    results: StationResults,
    *,
    rng: np.random.Generator,
    bootstrap: int = 200,
    level: float = 0.95,
    alpha: float = 0.05,
) -> ShapeStats:
    """Compute the shape statistics.

    Args:
        results: Station results.
        rng: Source of bootstrap randomness.
        bootstrap: Resamples for the skewness and kurtosis intervals.
        level: Coverage of the intervals.
        alpha: Nominal level of the 100% test.

    Returns:
        The statistics, with intervals and a reading.
    """
    ok = results.valid > 0
    turnout = results.ballots[ok] / results.registered[ok]
    # The shares of stations by turnout count every station: one with voters and no ballot
    # is a station at 0%, and leaving it out would overstate the share at 95% or more.
    roll = results.registered > 0
    every_turnout = results.ballots[roll] / results.registered[roll]
    share = results.leader_votes[ok] / results.valid[ok]
    n = len(turnout)
    skew_t, kurt_t = moments(turnout)
    skew_s, kurt_s = moments(share)
    boot = _bootstrap_moments(np.vstack([turnout, share]), bootstrap, rng=rng)
    tail = (1.0 - level) / 2.0

    def est(value: float, col: int) -> Estimate:
        if boot.shape[0] == 0 or not np.isfinite(value):
            return Estimate(float(value), math.nan, math.nan)
        lo, hi = np.nanquantile(boot[:, col], [tail, 1.0 - tail])
        return Estimate(float(value), float(lo), float(hi))

    # Turnout needs no valid ballot: a station stuffed to 100% with spoilt ballots piles up too.
    reg = results.registered[roll]
    bal = results.ballots[roll]
    at_100 = int(np.count_nonzero(bal == reg))
    band = (every_turnout >= HIGH_TURNOUT) & (every_turnout <= 1.0)
    # Under a flat density each band station is equally likely to take any achievable value
    # in [95%, 100%]; exactly 100% is one of them.
    reg_band = reg[band]
    prob = 1.0 / (reg_band - np.ceil(HIGH_TURNOUT * reg_band) + 1.0)
    expected = float(prob.sum())
    p100 = poisson_binomial_sf(prob, at_100) if at_100 else 1.0
    flagged = p100 < alpha
    shape = ShapeStats(
        turnout_skewness=est(skew_t, 0),
        turnout_kurtosis=est(kurt_t, 1),
        share_skewness=est(skew_s, 2),
        share_kurtosis=est(kurt_s, 3),
        at_100=at_100,
        at_100_expected=expected,
        at_100_p_value=float(p100),
        near_100=int(band.sum()),
        at_100_least_p=float(np.exp(np.sum(np.log(prob)))),
        high_turnout=_wilson(
            int(np.count_nonzero(every_turnout >= HIGH_TURNOUT)), len(every_turnout), level
        ),
        over_100=_wilson(int(np.count_nonzero(every_turnout > 1.0)), len(every_turnout), level),
        level=level,
        bootstrap=bootstrap,
        n_stations=n,
        flagged=flagged,
        alpha=alpha,
        reading="",
    )
    return _with_reading(shape)


def _bootstrap_moments(
    samples: np.ndarray, bootstrap: int, *, rng: np.random.Generator
) -> np.ndarray:
    """Skewness and kurtosis of each row of ``samples`` for each resample: (B, 2 * rows).

    A resample of stations is a multinomial draw over the distinct values of a row, binned
    to ``_BIN`` (a ten-thousandth; Sheppard's correction for such bins is below 1e-6 of the
    variance), so the cost depends on the number of bins, not of stations.
    """
    rows, n = samples.shape
    out = np.empty((bootstrap, 2 * rows))
    if n < 3 or bootstrap == 0:
        return out[:0]
    for r in range(rows):
        x = samples[r]
        lo = float(np.min(x))
        idx = np.floor((x - lo) / _BIN).astype(np.int64)
        counts = np.bincount(idx)
        keep = np.flatnonzero(counts)
        centres = lo + (keep + 0.5) * _BIN
        prob = counts[keep] / n
        weights = np.stack([rng.multinomial(n, prob) for _ in range(bootstrap)]) / n
        mean = weights @ centres
        d = centres[None, :] - mean[:, None]
        m2 = np.einsum("bk,bk->b", weights, d**2)
        m3 = np.einsum("bk,bk->b", weights, d**3)
        m4 = np.einsum("bk,bk->b", weights, d**4)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, 2 * r] = m3 / m2**1.5
            out[:, 2 * r + 1] = m4 / m2**2 - 3.0
    return out


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a share k/n (NaN for n = 0)."""
    if n == 0:
        return math.nan, math.nan
    ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low), float(ci.high)


def _wilson(k: int, n: int, level: float) -> Estimate:
    """Share k/n with its Wilson score interval."""
    return Estimate(k / n if n else math.nan, *wilson_interval(k, n, level))


def _describe_skew(name: str, e: Estimate) -> str:
    if not np.isfinite(e.value):
        return f"{name}: skewness undefined"
    if np.isfinite(e.low) and e.low > 0:
        side = "a longer right tail"
    elif np.isfinite(e.high) and e.high < 0:
        side = "a longer left tail"
    else:
        side = "no clear skew"
    if not (np.isfinite(e.low) and np.isfinite(e.high)):  # no resample: no side to call
        return f"{name} has skewness {e.value:.2f} (no interval without bootstrap resamples)"
    return f"{name} has {side} (skewness {e.value:.2f}, interval {e.low:.2f} to {e.high:.2f})"


def _with_reading(s: ShapeStats) -> ShapeStats:
    parts = [
        _describe_skew("Turnout", s.turnout_skewness),
        _describe_skew("the leader's share", s.share_skewness),
    ]
    text = "; ".join(parts) + "."
    if np.isfinite(s.high_turnout.value):  # else no share of stations is defined
        text += (
            f" {100 * s.high_turnout.value:.1f}% of stations report turnout of 95% or more and "
            f"{100 * s.over_100.value:.2f}% more ballots than voters."
        )
    if s.flagged:
        text += (
            f" {plural(s.at_100, 'station')} {_report(s.at_100)} exactly 100% turnout, against "
            f"{s.at_100_expected:,.1f} expected if turnout were flat above 95% "
            f"({p_is(f'{p:.2g}' if (p := s.at_100_p_value) else '< 1e-300')}): a pile-up at 100%."
        )
    elif s.at_100:
        text += (
            f" {plural(s.at_100, 'station')} {_report(s.at_100)} exactly 100% turnout, against "
            f"{s.at_100_expected:,.1f} expected if turnout were flat above 95% "
            f"(p = {s.at_100_p_value:.2g}): no pile-up beyond chance at the {s.alpha:g} level."
        )
    return ShapeStats(**{**vars(s), "reading": text})


def _report(n: int) -> str:
    """The verb after a count of stations: one station reports, two report."""
    return "reports" if n == 1 else "report"
