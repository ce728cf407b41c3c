"""The election fingerprint of Klimek, Yegorov, Hanel & Thurner (PNAS 2012) and its fraud model.

The fingerprint is the 2-D histogram of turnout against the leader's share. The fraud model
says a fair election makes one roughly Gaussian cluster; a share ``f_i`` of stations gets
"incremental" fraud (a modest share of non-voters' ballots and of opponents' votes go to the
leader) and a share ``f_e`` "extreme" fraud (nearly all of them), which smears the cluster
towards the top-right corner and piles stations up near 100% / 100%.

The fit simulates the model at every point of a grid of (f_i, f_e, alpha) and keeps the point
whose simulated 2-D histogram is closest to the observed one. All grid points share one set of
random draws (common random numbers): a station is incremental when its uniform draw ``u`` is
below ``f_i`` and extreme when ``u >= 1 - f_e``, so each simulated histogram is a sum of
cumulative histograms and the whole grid costs a few matrix products.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from votebank.forensics.io import StationResults
from votebank.forensics.synthetic import (
    extreme_intensity,
    incremental_intensity,
    truncated_normal,
)

F_I_GRID = np.round(np.arange(0.0, 1.0 + 1e-9, 0.01), 4)
F_E_GRID = np.round(np.arange(0.0, 0.2 + 1e-9, 0.005), 4)
ALPHAS = (0.5, 1.0, 2.0)
THETA = 0.15
_MIN_SIMULATED = 40_000
_MAD_TO_SD = 1.4826

CAVEAT = (
    "The model assumes one fair cluster of turnout and leader share. Regions that genuinely "
    "differ (a province that turns out more and prefers the leader, as Quebec once did in "
    "Canada), or stations that honestly report near 100% (closed institutions, military "
    "units), also bend the fingerprint and are read as fraud. The fit measures how far the "
    "data depart from the clean model, not who caused it; check the stations behind any "
    "cluster."
)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """2-D histogram of turnout (rows) against leader share (columns).

    Attributes:
        counts: Station counts, shape ``(len(turnout_edges) - 1, len(share_edges) - 1)``.
        turnout_edges: Bin edges of turnout, from 0 to 1 (turnout above 1 is put in the last
            bin).
        share_edges: Bin edges of the leader's share, from 0 to 1.
        n_stations: Stations counted (those with at least one valid ballot).
        n_over_100: Stations whose turnout exceeds 100%.
    """

    counts: np.ndarray
    turnout_edges: np.ndarray
    share_edges: np.ndarray
    n_stations: int
    n_over_100: int


@dataclass(frozen=True)
class FairParams:
    """Centre and spread of the fair cluster (robust estimates).

    Attributes:
        turnout_mean: Median turnout of the main cluster.
        turnout_sd: MAD-based standard deviation of turnout in the main cluster.
        share_mean: Median leader share of the main cluster.
        share_sd: MAD-based standard deviation of leader share in the main cluster.
    """

    turnout_mean: float
    turnout_sd: float
    share_mean: float
    share_sd: float


@dataclass(frozen=True, eq=False)
class KlimekFit:
    """Fit of the Klimek et al. fraud model, with bootstrap intervals.

    Attributes:
        f_i: Share of stations with incremental fraud (point estimate).
        f_e: Share of stations with extreme fraud (point estimate).
        alpha: Exponent of the opponents' votes moved, chosen from the grid (NaN when the fit
            finds no fraud, since it then has no effect).
        theta: Spread of incremental fraud intensity (fixed, not fitted).
        f_i_interval: Bootstrap percentile interval of ``f_i``.
        f_e_interval: Bootstrap percentile interval of ``f_e``.
        alpha_support: Share of bootstrap fits that chose each alpha.
        level: Coverage of the intervals (e.g. 0.95).
        bootstrap: Number of bootstrap refits.
        distance: Weighted squared distance between observed and fitted histograms.
        distance_clean: The same distance for the clean model (f_i = f_e = 0).
        fair: The fair cluster used for the simulation.
        bins: Bins per axis of the histograms compared.
        n_stations: Stations used.
        flagged: Whether either interval excludes 0.
        reading: Plain-language reading.
        caveat: The method's known weakness.
        model_counts: Expected fingerprint under the fitted model, on the bins of
            :func:`fingerprint` (scaled to ``n_stations``).
    """

    f_i: float
    f_e: float
    alpha: float
    theta: float
    f_i_interval: tuple[float, float]
    f_e_interval: tuple[float, float]
    alpha_support: dict[float, float]
    level: float
    bootstrap: int
    distance: float
    distance_clean: float
    fair: FairParams
    bins: int
    n_stations: int
    flagged: bool
    reading: str
    caveat: str = CAVEAT
    model_counts: np.ndarray | None = None

    def to_dict(self) -> dict:
        """Return the fit as plain JSON-ready values (without the model histogram)."""
        return {
            "f_i": self.f_i,
            "f_e": self.f_e,
            "alpha": self.alpha,
            "theta": self.theta,
            "f_i_interval": list(self.f_i_interval),
            "f_e_interval": list(self.f_e_interval),
            "alpha_support": {str(k): v for k, v in self.alpha_support.items()},
            "level": self.level,
            "bootstrap": self.bootstrap,
            "distance": self.distance,
            "distance_clean": self.distance_clean,
            "fair": vars(self.fair).copy(),
            "bins": self.bins,
            "n_stations": self.n_stations,
            "flagged": self.flagged,
            "reading": self.reading,
            "caveat": self.caveat,
        }


def fingerprint(results: StationResults, *, bins: int = 100) -> Fingerprint:
    """Compute the turnout × leader-share histogram.

    Args:
        results: Station results.
        bins: Bins per axis (100 gives 1-point cells).

    Returns:
        The fingerprint; stations without valid ballots are left out.
    """
    turnout, share, _ = _usable(results)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = _bin_index(turnout, share, bins)
    counts = np.bincount(idx, minlength=bins * bins + 1)[:-1].reshape(bins, bins)
    return Fingerprint(
        counts=counts,
        turnout_edges=edges,
        share_edges=edges.copy(),
        n_stations=len(turnout),
        n_over_100=int(np.count_nonzero(turnout > 1)),
    )


def estimate_fair(turnout: np.ndarray, share: np.ndarray, *, rounds: int = 3) -> FairParams:
    """Estimate the fair cluster robustly: median and MAD after trimming the high tail.

    Stuffing only raises turnout and leader share, so stations more than three robust standard
    deviations above the centre on either axis are set aside and the estimate repeated. On clean
    data this trims about 0.1% of one tail and changes the estimates negligibly.

    Args:
        turnout: Turnout per station.
        share: Leader share per station.
        rounds: Trimming rounds.

    Returns:
        Medians and MAD-based standard deviations of the main cluster.
    """
    keep = np.ones(len(turnout), dtype=bool)
    for _ in range(rounds + 1):
        mu_a, sd_a = _median_sd(turnout[keep])
        mu_v, sd_v = _median_sd(share[keep])
        new = (turnout < mu_a + 3 * sd_a) & (share < mu_v + 3 * sd_v)
        if new.sum() < 10 or np.array_equal(new, keep):
            break
        keep = new
    return FairParams(mu_a, sd_a, mu_v, sd_v)


def fit_klimek(
    results: StationResults,
    *,
    rng: np.random.Generator,
    bootstrap: int = 100,
    level: float = 0.95,
    theta: float = THETA,
    alphas: Sequence[float] = ALPHAS,
    f_i_grid: Sequence[float] | None = None,
    f_e_grid: Sequence[float] | None = None,
    bins: int | None = None,
) -> KlimekFit:
    """Fit the Klimek et al. fraud model and bootstrap its fraud shares.

    Args:
        results: Station results.
        rng: Source of all simulation and resampling randomness (the fit is reproducible for a
            seeded generator).
        bootstrap: Number of refits on stations resampled with replacement (0 for none).
        level: Coverage of the percentile intervals.
        theta: Spread of incremental fraud intensity.
        alphas: Exponents tried for the share of opponents' votes moved.
        f_i_grid: Values of f_i tried (default 0 to 1 by 0.01).
        f_e_grid: Values of f_e tried (default 0 to 0.2 by 0.005).
        bins: Bins per axis of the compared histograms (default grows with the number of
            stations, from 20 to 50).

    Returns:
        The fit. With fewer than 50 usable stations the fit is not attempted and the reading
        says so.
    """
    turnout, share, registered = _usable(results)
    n = len(turnout)
    grid_i = np.asarray(F_I_GRID if f_i_grid is None else f_i_grid, dtype=float)
    grid_e = np.asarray(F_E_GRID if f_e_grid is None else f_e_grid, dtype=float)
    nb = int(bins or np.clip(round(math.sqrt(max(n, 1)) / 2), 20, 50))
    fair = estimate_fair(turnout, share) if n else FairParams(0, 0, 0, 0)
    if n < 50:
        return _too_few(n, fair, theta, level, nb)
    fit_args = (grid_i, grid_e, tuple(alphas), theta, nb)
    main = _fit_once(registered, turnout, share, fair, fit_args, rng=rng)

    boots = np.empty((bootstrap, 3))
    for b in range(bootstrap):
        pick = rng.integers(0, n, n)
        t, s = turnout[pick], share[pick]
        boots[b] = _fit_once(registered[pick], t, s, estimate_fair(t, s), fit_args, rng=rng).params
    tail = (1.0 - level) / 2.0
    if bootstrap:
        fi_int = _interval(boots[:, 0], tail)
        fe_int = _interval(boots[:, 1], tail)
        support = {a: float(np.mean(boots[:, 2] == a)) for a in alphas}
    else:
        fi_int = fe_int = (math.nan, math.nan)
        support = {}
    flagged = bool(fi_int[0] > 0 or fe_int[0] > 0)
    f_i, f_e, alpha = main.params
    model = _model_counts(main.draws, f_i, f_e, alpha, n)
    return KlimekFit(
        f_i=float(f_i),
        f_e=float(f_e),
        alpha=float(alpha) if f_i + f_e > 0 else math.nan,  # no fraud: alpha is meaningless
        theta=theta,
        f_i_interval=fi_int,
        f_e_interval=fe_int,
        alpha_support=support,
        level=level,
        bootstrap=bootstrap,
        distance=main.distance,
        distance_clean=main.distance_clean,
        fair=fair,
        bins=nb,
        n_stations=n,
        flagged=flagged,
        reading=_reading(f_i, f_e, fi_int, fe_int, level, flagged, bootstrap),
        model_counts=model,
    )


# --- internals -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Draws:
    """Random draws of one simulation, shared by every grid point (common random numbers)."""

    registered: np.ndarray
    votes: np.ndarray
    leader: np.ndarray
    opposition: np.ndarray
    non_voters: np.ndarray
    u: np.ndarray
    x_inc: np.ndarray
    x_ext: np.ndarray


@dataclass(frozen=True, eq=False)
class _OneFit:
    params: np.ndarray  # f_i, f_e, alpha
    distance: float
    distance_clean: float
    draws: _Draws


def _usable(results: StationResults) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ok = results.valid > 0
    registered = results.registered[ok].astype(float)
    turnout = results.ballots[ok] / registered
    share = results.leader_votes[ok] / results.valid[ok]
    return turnout, share, registered


def _median_sd(x: np.ndarray) -> tuple[float, float]:
    med = float(np.median(x))
    sd = _MAD_TO_SD * float(np.median(np.abs(x - med)))
    if sd <= 0:  # heavy ties: fall back to the ordinary standard deviation
        sd = float(np.std(x))
    return med, max(sd, 1e-3)


def _bin_index(turnout: np.ndarray, share: np.ndarray, nb: int) -> np.ndarray:
    """Flat 2-D bin index; undefined shares go to the overflow index ``nb * nb``."""
    ti = np.minimum((np.clip(turnout, 0.0, 1.0) * nb).astype(np.int64), nb - 1)
    bad = ~np.isfinite(share)
    si = np.minimum((np.clip(np.nan_to_num(share), 0.0, 1.0) * nb).astype(np.int64), nb - 1)
    return np.where(bad, nb * nb, ti * nb + si)


def _draw(
    registered: np.ndarray, fair: FairParams, theta: float, *, rng: np.random.Generator
) -> _Draws:
    copies = max(1, math.ceil(_MIN_SIMULATED / len(registered)))
    reg = np.tile(registered, copies)
    m = len(reg)
    a = truncated_normal(fair.turnout_mean, fair.turnout_sd, m, rng=rng)
    v = truncated_normal(fair.share_mean, fair.share_sd, m, rng=rng)
    votes = np.round(reg * a)
    leader = np.round(votes * v)
    return _Draws(
        registered=reg,
        votes=votes,
        leader=leader,
        opposition=votes - leader,
        non_voters=reg - votes,
        u=rng.random(m),
        x_inc=incremental_intensity(theta, m, rng=rng),
        x_ext=extreme_intensity(m, rng=rng),
    )


def _after_fraud(d: _Draws, x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Turnout and leader share of every simulated station if it got fraud of intensity x."""
    added = np.floor(x * d.non_voters)
    votes = d.votes + added
    leader = d.leader + added + np.round(x**alpha * d.opposition)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(votes > 0, leader / votes, np.nan)
    return votes / d.registered, share


def _fit_once(
    registered: np.ndarray,
    turnout: np.ndarray,
    share: np.ndarray,
    fair: FairParams,
    fit_args: tuple,
    *,
    rng: np.random.Generator,
) -> _OneFit:
    grid_i, grid_e, alphas, theta, nb = fit_args
    cells = nb * nb
    p = np.bincount(_bin_index(turnout, share, nb), minlength=cells + 1)[:cells] / len(turnout)
    d = _draw(registered, fair, theta, rng=rng)
    m = len(d.u)

    # Thresholds on u: incremental below f_i, extreme at or above 1 - f_e.
    cuts = np.unique(np.concatenate([grid_i, 1.0 - grid_e]))
    group = np.searchsorted(cuts, d.u, side="right")
    at_i = np.searchsorted(cuts, grid_i)
    at_e = np.searchsorted(cuts, 1.0 - grid_e)

    def cumulative(idx: np.ndarray) -> np.ndarray:
        h = np.bincount(group * (cells + 1) + idx, minlength=(len(cuts) + 1) * (cells + 1))
        h = h.reshape(len(cuts) + 1, cells + 1)[:, :cells]
        return np.cumsum(h, axis=0) / m  # row k: stations with u < cuts[k]

    clean = cumulative(_bin_index(d.votes / d.registered, _safe_div(d.leader, d.votes), nb))
    q_clean = clean[-1]
    weight = 1.0 / (0.5 * (p + q_clean) + 1.0 / len(turnout))
    best = (math.inf, 0.0, 0.0, alphas[0])
    valid = (grid_i[:, None] + grid_e[None, :]) <= 1.0 + 1e-9
    for alpha in alphas:
        inc = cumulative(_bin_index(*_after_fraud(d, d.x_inc, alpha), nb))
        ext = cumulative(_bin_index(*_after_fraud(d, d.x_ext, alpha), nb))
        a_part = inc[at_i] - clean[at_i]  # incremental stations replace clean ones
        b_part = clean[at_e] + (ext[-1] - ext[at_e])  # clean ones below 1 - f_e, extreme above
        dist = _weighted_distances(p, a_part, b_part, weight)
        dist = np.where(valid, dist, np.inf)
        k = np.unravel_index(np.argmin(dist), dist.shape)
        if dist[k] < best[0] - 1e-12:
            best = (float(dist[k]), float(grid_i[k[0]]), float(grid_e[k[1]]), alpha)
    dist_clean = float(np.sum(weight * (p - q_clean) ** 2))
    return _OneFit(np.array(best[1:]), best[0], dist_clean, d)


def _weighted_distances(
    p: np.ndarray, a_part: np.ndarray, b_part: np.ndarray, w: np.ndarray
) -> np.ndarray:
    """``sum(w * (p - a_i - b_e)**2)`` for every pair (i, e), by expanding the square."""
    ra = a_part
    rb = b_part - p  # residual q - p = a + (b - p)
    return (
        np.einsum("ic,c,ic->i", ra, w, ra)[:, None]
        + np.einsum("ec,c,ec->e", rb, w, rb)[None, :]
        + 2.0 * (ra * w) @ rb.T
    )


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _interval(x: np.ndarray, tail: float) -> tuple[float, float]:
    # "lower"/"higher" keep the bounds on grid values, so a lower bound above 0 means that
    # more than the tail share of refits found fraud.
    lo = float(np.quantile(x, tail, method="lower"))
    hi = float(np.quantile(x, 1.0 - tail, method="higher"))
    return lo, hi


def _model_counts(d: _Draws, f_i: float, f_e: float, alpha: float, n: int) -> np.ndarray:
    """Expected fingerprint (100 × 100, scaled to n stations) under the fitted model."""
    inc = d.u < f_i
    ext = d.u >= 1.0 - f_e
    x = np.where(inc, d.x_inc, np.where(ext, d.x_ext, 0.0))
    turnout, share = _after_fraud(d, x, alpha)
    idx = _bin_index(turnout, share, 100)
    counts = np.bincount(idx, minlength=100 * 100 + 1)[:-1].reshape(100, 100)
    return counts * (n / len(d.u))


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _reading(
    f_i: float,
    f_e: float,
    fi_int: tuple[float, float],
    fe_int: tuple[float, float],
    level: float,
    flagged: bool,
    bootstrap: int,
) -> str:
    if not bootstrap:
        return (
            f"Best fit: incremental fraud {_pct(f_i)} of stations, extreme fraud {_pct(f_e)}. "
            "No bootstrap was run, so there is no interval and no flag."
        )
    lvl = f"{round(100 * level)}%"
    ints = (
        f"incremental fraud {_pct(f_i)} of stations ({lvl} interval {_pct(fi_int[0])} to "
        f"{_pct(fi_int[1])}), extreme fraud {_pct(f_e)} ({_pct(fe_int[0])} to {_pct(fe_int[1])})"
    )
    if not flagged:
        return (
            f"The fingerprint is consistent with one clean cluster: both fraud shares could be "
            f"zero. Best fit: {ints}."
        )
    parts = []
    if fe_int[0] > 0:
        parts.append(
            "a group of stations near 100% turnout and 100% for the leader that a clean "
            "election does not produce"
        )
    if fi_int[0] > 0:
        parts.append(
            "a smear of stations towards higher turnout together with a higher leader share"
        )
    return f"The fingerprint shows {' and '.join(parts)}. Best fit: {ints}."


def _too_few(n: int, fair: FairParams, theta: float, level: float, nb: int) -> KlimekFit:
    nan = (math.nan, math.nan)
    return KlimekFit(
        f_i=math.nan,
        f_e=math.nan,
        alpha=math.nan,
        theta=theta,
        f_i_interval=nan,
        f_e_interval=nan,
        alpha_support={},
        level=level,
        bootstrap=0,
        distance=math.nan,
        distance_clean=math.nan,
        fair=fair,
        bins=nb,
        n_stations=n,
        flagged=False,
        reading=f"Only {n} stations with valid ballots: too few to fit the fraud model (need 50).",
    )
