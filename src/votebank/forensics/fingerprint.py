"""The election fingerprint of Klimek, Yegorov, Hanel & Thurner (PNAS 2012) and its fraud model.

The fingerprint is the 2-D histogram of turnout against the leader's share. The fraud model
(:mod:`~votebank.forensics.klimek_model`) says a fair election makes one Gaussian cluster; a
share ``f_i`` of stations gets incremental fraud and ``f_e`` extreme fraud, which smears the
cluster towards the top-right corner and piles stations up near 100% / 100%.

The headline loss is the squared difference between the observed and the mean simulated 2-D
histogram in 1-point cells (:mod:`~votebank.forensics.klimek_fit`); the fit under the R port's
1-D loss on the share histogram is reported beside it. With regions, turnout and share are
first standardised within region (:mod:`~votebank.forensics.regions`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from votebank.errors import InputError
from votebank.forensics import klimek
from votebank.forensics.checks import (
    counts_and_argument_problems,
    fit_problems,
    require_counts,
)
from votebank.forensics.klimek_fair import first_guess, peak
from votebank.forensics.klimek_fit import fine_histogram
from votebank.forensics.klimek_grid import ALPHAS, CELLS, F_E_GRID, F_I_GRID
from votebank.forensics.klimek_model import THETA, Fair
from votebank.forensics.klimek_reading import fit_reading, too_few_reading, unreadable_share
from votebank.forensics.regions import standardise
from votebank.forensics.stations import StationResults

__all__ = ["ALPHAS", "F_E_GRID", "F_I_GRID", "THETA", "Fingerprint", "KlimekFit", "fit_klimek"]

MIN_STATIONS = 50
# Loss at the fit over the loss the model itself would leave. Data drawn from the model give
# 0.9-1.1 (1.3 for the multi-party synthetic elections of synthetic.py); a clean simulated
# country whose constituencies differ gives 1.6-2.2. Above this the fair part is not one
# cluster, and f_i cannot tell incremental fraud from honest heterogeneity.
MAX_MISFIT = 1.5
LOSS = "2-D histogram (turnout x leader share, 1-point cells), sum of squared differences"

CAVEAT = (
    "The model assumes one fair cluster of turnout and leader share. Regions that genuinely "
    "differ (a province that turns out more and prefers the leader, as Quebec once did in "
    "Canada), or stations that honestly report near 100% (closed institutions, military "
    "units), also bend the fingerprint and are read as fraud: give --region to standardise "
    "within regions. The fit measures how far the data depart from the clean model, not who "
    "caused it; check the stations behind any cluster."
)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """2-D histogram of turnout (rows) against leader share (columns).

    Attributes:
        counts: Station counts, ``101 x 101`` cells of one point centred on whole percents
            (turnout above 100% is put in the last row).
        turnout_edges: Cell edges of turnout (-0.5% to 100.5%).
        share_edges: Cell edges of the leader's share.
        n_stations: Stations counted (those with at least one valid ballot).
        n_over_100: Stations whose turnout exceeds 100%.
    """

    counts: np.ndarray
    turnout_edges: np.ndarray
    share_edges: np.ndarray
    n_stations: int
    n_over_100: int


@dataclass(frozen=True, eq=False)
class KlimekFit:
    """Fit of the Klimek et al. fraud model, with bootstrap intervals.

    Attributes:
        f_i: Share of stations with incremental fraud (point estimate).
        f_e: Share of stations with extreme fraud (point estimate).
        alpha: Exponent of the votes moved (NaN when the fit finds no fraud).
        theta: Spread of incremental fraud intensity (fixed, not fitted).
        f_i_interval: Bootstrap percentile interval of ``f_i`` (always contains ``f_i``).
        f_e_interval: Bootstrap percentile interval of ``f_e`` (always contains ``f_e``).
        alpha_support: Share of bootstrap fits that chose each alpha.
        level: Coverage of the intervals (e.g. 0.95).
        bootstrap: Number of bootstrap refits.
        distance: 2-D loss at the fit.
        distance_clean: 2-D loss of the clean model (f_i = f_e = 0).
        fair: The fair cluster (solved at the fit).
        bins: Cells per axis of the compared histograms (101).
        n_stations: Stations used.
        flagged: Whether either interval excludes 0.
        reading: Plain-language reading.
        caveat: The method's known weakness.
        model_counts: Expected fingerprint under the fitted model (scaled to ``n_stations``).
        loss: Which loss the headline uses.
        f_i_share_loss: f_i under the R port's 1-D loss on the share histogram.
        f_e_share_loss: f_e under that loss.
        replicate_range: Range of (f_i, f_e) argmins of the single simulation replicates.
        standardised_by: Column whose regions were standardised, or ``None``.
        misfit: Loss at the fit over the loss expected if the model were true (about 1 when
            the model describes the stations; see :data:`MAX_MISFIT`).
        extreme_cells: 1-point cells (turnout x share, of the fitted values) where the
            fitted model's extreme stations outnumber its others: the extreme-fraud cluster.
        f_i_p_value: One-sided bootstrap p-value of ``f_i = 0`` (1 when not decidable or
            when the one-cluster model misfits; see ``klimek.p_value``).
        f_e_p_value: One-sided bootstrap p-value of ``f_e = 0`` (1 when not decidable).
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
    fair: Fair
    bins: int
    n_stations: int
    flagged: bool
    reading: str
    caveat: str = CAVEAT
    model_counts: np.ndarray | None = None
    loss: str = LOSS
    f_i_share_loss: float = math.nan
    f_e_share_loss: float = math.nan
    replicate_range: dict[str, list[float]] | None = None
    standardised_by: str | None = None
    misfit: float = math.nan
    extreme_cells: np.ndarray | None = None
    f_i_p_value: float = 1.0
    f_e_p_value: float = 1.0

    def to_dict(self) -> dict:
        """Return the fit as plain JSON-ready values (without the model histogram)."""
        out = {k: v for k, v in vars(self).items() if k not in ("model_counts", "extreme_cells")}
        out["f_i_interval"] = list(self.f_i_interval)
        out["f_e_interval"] = list(self.f_e_interval)
        out["alpha_support"] = {str(k): v for k, v in self.alpha_support.items()}
        out["fair"] = vars(self.fair).copy()
        return out


def fingerprint(results: StationResults) -> Fingerprint:
    """Compute the turnout × leader-share histogram in 1-point cells centred on whole percents.

    Args:
        results: Station results.

    Returns:
        The fingerprint; stations without valid ballots are left out.
    """
    require_counts(results)
    turnout, share, _ = usable(results)
    edges = (np.arange(CELLS + 1) - 0.5) / 100.0
    t = np.clip(np.rint(100 * turnout), 0, CELLS - 1).astype(np.int64)
    s = np.clip(np.rint(100 * share), 0, CELLS - 1).astype(np.int64)
    counts = np.bincount(t * CELLS + s, minlength=CELLS * CELLS).reshape(CELLS, CELLS)
    return Fingerprint(counts, edges, edges.copy(), len(turnout), int(np.sum(turnout > 1)))


def estimate_fair(turnout: np.ndarray, share: np.ndarray) -> Fair:
    """Fair parameters read off the main peak: modes below 90% and left half-widths.

    Args:
        turnout: Turnout per station.
        share: Leader share per station.

    Returns:
        The first guess of the fair parameters (before the fit solves them at its argmin).
    """
    return first_guess(peak(fine_histogram(turnout, share)))


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
    settings: klimek.FitSettings | None = None,
    progress: Callable[[int], None] | None = None,
) -> KlimekFit:
    """Fit the Klimek et al. fraud model and bootstrap its fraud shares.

    Args:
        results: Station results; when ``results.regions`` is set, turnout and share are
            standardised within region first.
        rng: Source of all simulation and resampling randomness.
        bootstrap: Number of bootstrap refits (0 for none).
        level: Coverage of the percentile intervals.
        theta: Spread of incremental fraud intensity.
        alphas: Exponents tried for the share of the rest's votes moved.
        f_i_grid: Values of f_i tried (default 0 to 1 by 0.02).
        f_e_grid: Values of f_e tried (default :data:`F_E_GRID`: by 0.005 to 0.1, then by
            0.01 to 1, each fit going only a little past the share of stations in the corner).
        settings: Simulation sizes (defaults of :class:`~votebank.forensics.klimek.FitSettings`).
        progress: Called with 1 after each bootstrap refit.

    Returns:
        The fit. With fewer than 50 usable stations, or a leader with every valid vote at
        (nearly) every station below near-unanimous turnout
        (:func:`~votebank.forensics.klimek_reading.unreadable_share`), the fit is not
        attempted: no bootstrap, NaN shares, the reading says why.
    """
    grids = {"f_i_grid": f_i_grid, "f_e_grid": f_e_grid}
    given = {k: v for k, v in grids.items() if v is not None}
    # One report of every problem, not the counts' first and the model's after they are mended.
    problems = counts_and_argument_problems(results, bootstrap=bootstrap, level=level)
    if problems := problems + fit_problems(rng, theta, alphas, given, progress):
        raise InputError(problems)
    s = replace(
        settings or klimek.FitSettings(),
        theta=theta,
        alphas=tuple(alphas),
        f_i_grid=tuple(F_I_GRID if f_i_grid is None else f_i_grid),
        f_e_grid=tuple(F_E_GRID if f_e_grid is None else f_e_grid),
    )
    turnout, share, registered = usable(results)
    n = len(turnout)
    if n < MIN_STATIONS:
        return _not_fitted(n, theta, level, too_few_reading(n, MIN_STATIONS))
    if why := unreadable_share(share, turnout):  # read before standardising moves them
        return _not_fitted(n, theta, level, why)
    by = None
    if results.regions is not None:
        ok = results.valid > 0
        turnout, share = standardise(turnout, share, np.asarray(results.regions)[ok])
        by = "region"
    fine = fine_histogram(turnout, share)
    s = klimek.sized(s, n)
    point = klimek.fit_point(fine, registered, s, rng=rng)
    g = point.grid
    boots = klimek.bootstrap(fine, point, s, bootstrap, rng=rng, progress=progress)
    fi_int = klimek.interval(boots[:, 0], g.f_i, level)
    fe_int = klimek.interval(boots[:, 1], g.f_e, level)
    bad_fit = klimek.misfit(point, n, s) > MAX_MISFIT
    if bad_fit and bootstrap:
        # Not identified: the interval of f_i must admit "no fraud, several honest clusters".
        # (Without a bootstrap there is no interval to widen: both ends stay unknown.)
        fi_int = (0.0, fi_int[1])
    extreme = _extreme_cells(point, s)
    # No station where the fit's extreme stations would outnumber the others: f_e was read off
    # the broad corner, not a cluster at 100%/100% (a clean country read without its regions,
    # misfit 28, flagged f_e 3.5% with no station above 84% turnout).
    empty_cluster = g.f_e > 0 and not extreme[_cell(turnout), _cell(share)].any()
    if empty_cluster and bootstrap:
        fe_int = (0.0, fe_int[1])
    support = {a: float(np.mean(boots[:, 2] == a)) for a in alphas} if bootstrap else {}
    flagged = bool(bootstrap) and bool(fi_int[0] > 0 or fe_int[0] > 0)
    return KlimekFit(
        f_i=g.f_i,
        f_e=g.f_e,
        alpha=g.alpha if g.f_i + g.f_e > 0 else math.nan,  # no fraud: alpha is meaningless
        theta=theta,
        f_i_interval=fi_int,
        f_e_interval=fe_int,
        alpha_support=support,
        level=level,
        bootstrap=bootstrap,
        distance=g.loss,
        distance_clean=g.loss_clean,
        fair=point.fair,
        bins=CELLS,
        n_stations=n,
        flagged=flagged,
        reading=fit_reading(g.f_i, g.f_e, fi_int, fe_int, level, flagged, bootstrap)
        + (_misfit_note(by) if bad_fit else "")
        + (_EMPTY_CLUSTER_NOTE if empty_cluster and bootstrap else ""),
        model_counts=g.model * n,
        f_i_share_loss=g.f_i_share,
        f_e_share_loss=g.f_e_share,
        replicate_range={
            "f_i": [float(g.replicate_f_i.min()), float(g.replicate_f_i.max())],
            "f_e": [float(g.replicate_f_e.min()), float(g.replicate_f_e.max())],
        },
        standardised_by=by,
        misfit=klimek.misfit(point, n, s),
        extreme_cells=extreme,
        f_i_p_value=1.0 if bad_fit else klimek.p_value(boots[:, 0], g.f_i),
        f_e_p_value=1.0 if empty_cluster else klimek.p_value(boots[:, 1], g.f_e),
    )


def _misfit_note(standardised_by: str | None) -> str:
    """Why the interval of f_i starts at 0, and what may help (not what was done already)."""
    note = (
        " The one-cluster model does not describe these stations (misfit above "
        f"{MAX_MISFIT}): the fair part looks like several clusters, so the interval of f_i "
        "starts at 0."
    )
    if standardised_by is None:  # a region's own fit also comes here: hence "if"
        return note + " If the clusters are regions, give the region column to standardise."
    return note + " They were standardised within regions: the clusters are within them."


def fitted_values(results: StationResults) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turnout and share as the fit saw them (standardised within region when regions are set).

    Returns:
        Turnout, share and a mask of the stations used (at least one valid ballot).
    """
    turnout, share, _ = usable(results)
    ok = results.valid > 0
    if results.regions is not None:
        turnout, share = standardise(turnout, share, np.asarray(results.regions)[ok])
    return turnout, share, ok


def extreme_stations(results: StationResults, fit: KlimekFit) -> np.ndarray:
    """Mask of the stations in the fitted extreme-fraud cluster (none when f_e is 0)."""
    out = np.zeros(results.n_stations, dtype=bool)
    if fit.extreme_cells is None or not fit.f_e > 0:
        return out
    turnout, share, ok = fitted_values(results)
    out[ok] = fit.extreme_cells[_cell(turnout), _cell(share)]
    return out


def _cell(values: np.ndarray) -> np.ndarray:
    """The 1-point cell of each turnout or share (the model's cells)."""
    return np.clip(np.rint(100 * values), 0, CELLS - 1).astype(np.int64)


_EMPTY_CLUSTER_NOTE = (
    " No station lies where the fitted extreme stations would outnumber the others: f_e "
    "was read off the broad corner, not a cluster at 100%/100%, so its interval starts at 0."
)


def _extreme_cells(point: klimek.PointFit, s: klimek.FitSettings) -> np.ndarray:
    e = int(np.searchsorted(np.asarray(s.f_e_grid), point.grid.f_e - 1e-9))
    m = s.replicates * s.draws_per_replicate
    arrivals = np.maximum(np.asarray(point.extreme.ext[: e + 1].sum(axis=0)).ravel(), 0) / m
    model = point.grid.model.ravel()
    return ((arrivals > 0.5 * model) & (model > 0)).reshape(CELLS, CELLS)


def usable(results: StationResults) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Turnout, leader share and electorate of the stations with at least one valid ballot."""
    ok = results.valid > 0
    registered = results.registered[ok].astype(float)
    turnout = results.ballots[ok] / registered
    share = results.leader_votes[ok] / results.valid[ok]
    return turnout, share, registered


def _not_fitted(n: int, theta: float, level: float, reading: str) -> KlimekFit:
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
        fair=Fair(math.nan, math.nan, math.nan, math.nan),
        bins=CELLS,
        n_stations=n,
        flagged=False,
        reading=reading,
    )
