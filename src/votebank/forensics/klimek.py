"""Fit the Klimek model to one set of stations: point estimate by profiling, bootstrap intervals.

The point estimate profiles over f_i: for each trial f_i (and alpha) the fair parameters are
solved so that the model reproduces the observed lower side of turnout and share, and the
loss is minimised over f_e; the clean point is kept unless the best beats it by two standard
errors. This keeps the fair cluster from absorbing widespread fraud (which a single read of
the peak does when most stations are stuffed) without reading noise as fraud.

The bootstrap resamples stations as a multinomial draw over the cells of the fine 2-D
histogram (exactly a resample of stations for every quantity computed from it) and scores
each resample against the profile's model histograms, each with its own solved fair
parameters; f_e is refitted at the chosen point. Nothing is simulated again, so its cost does
not depend on the number of stations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from votebank.forensics.klimek_corner import (
    corner_as_extreme,
    corner_cap,
    corner_share,
    f_e_grid_for,
    near_unanimous,
)
from votebank.forensics.klimek_fair import Peak, first_guess, invert, lower_side, peak
from votebank.forensics.klimek_fit import GridFit, coarse, fit_grid, make_draws
from votebank.forensics.klimek_grid import ALPHAS, F_E_GRID, F_I_GRID, allowed
from votebank.forensics.klimek_model import THETA, Fair, joined
from votebank.forensics.klimek_pieces import Changes, FitTerms, fit_loss
from votebank.forensics.klimek_point import profile_point
from votebank.forensics.klimek_profile import ridge_centre, simplest
from votebank.forensics.klimek_resample import Occupied
from votebank.forensics.klimek_smooth import Smoother, loss_se, sim_noise, smoother_for

PROFILE_STRIDE = 2  # profile every other value of the f_i grid
# Above this there are too few fair stations left to anchor the fair cluster, and f_i would
# crowd out f_e (f_i + f_e <= 1): the profile stops here.
MAX_PROFILE_F_I = 0.9
COARSE_STRIDE = 5  # the first pass of the profile: every 0.1
CALIBRATION_DRAWS = 400_000  # the simulated peak must be as steady as the observed one
REPLICATES = 10
DRAWS_PER_REPLICATE = 50_000
PROFILE_REPLICATES = 10


@dataclass(frozen=True)
class FitSettings:
    """Grids and simulation sizes of a fit.

    Attributes:
        theta: Spread of incremental intensity (fixed).
        alphas: Exponents tried.
        f_i_grid: Values of f_i tried.
        f_e_grid: Values of f_e tried.
        replicates: Simulation replicates of the point fit.
        draws_per_replicate: Simulated stations per replicate.
        calibration_draws: Simulated stations when solving for the fair parameters.
        profile_replicates: Replicates used at each profile point.
        profile_stride: Profile every this many values of the f_i grid.
        smooth: Compare smoothed histograms (:mod:`~votebank.forensics.klimek_smooth`).
    """

    theta: float = THETA
    alphas: tuple[float, ...] = ALPHAS
    f_i_grid: tuple[float, ...] = tuple(F_I_GRID)
    f_e_grid: tuple[float, ...] = tuple(F_E_GRID)
    replicates: int = REPLICATES
    draws_per_replicate: int = DRAWS_PER_REPLICATE
    calibration_draws: int = CALIBRATION_DRAWS
    profile_replicates: int = PROFILE_REPLICATES
    profile_stride: int = PROFILE_STRIDE
    smooth: bool = True


@dataclass(frozen=True, eq=False)
class PointFit:
    """The point fit of one set of stations.

    Attributes:
        grid: The fit at the chosen profile point: argmin, model histogram, and (from a full
            grid fit at its fair parameters) the 1-D loss's argmin and per-replicate argmins.
        fair: Fair parameters solved at the argmin.
        peak: Observed lower side (the target of the solver).
        raw: Fair parameters read straight off the peak's mode and left half-width.
        profile: One row per profile point: (f_i, alpha, f_e, loss).
        models: Model histogram (shares of stations) of each profile point.
        extreme: Simulated pieces at the chosen point, to refit f_e on resamples.
        f_e_max: The corner cap on f_e.
        se: Standard error of the loss difference between every two profile points.
        smooth: The kernel both histograms are smoothed with before they are compared.
        raw_se: Like ``se``, for the unsmoothed loss (which decides "any fraud?").
        f_e_grid: The prefix of the f_e grid fitted (``klimek_corner.f_e_grid_for``).
        unanimous: The stations' lower side sits at near-unanimous turnout and share
            (``klimek_corner.near_unanimous``): the corner's stations are read as extreme
            fraud.
    """

    grid: GridFit
    fair: Fair
    peak: Peak
    raw: Fair
    profile: np.ndarray
    models: np.ndarray
    extreme: Changes
    f_e_max: float
    se: np.ndarray
    smooth: Smoother | None = None
    raw_se: np.ndarray | None = None
    f_e_grid: np.ndarray | None = None
    unanimous: bool = False


def sized(settings: FitSettings, n: int) -> FitSettings:
    """Simulation sizes for ``n`` observed stations.

    The simulation need not be much larger than the data: its noise only has to be small
    beside the data's. Sizes grow with ``n`` up to the defaults, so small elections fit fast.
    """
    return replace(
        settings,
        draws_per_replicate=int(np.clip(2 * n, 2_000, settings.draws_per_replicate)),
        calibration_draws=int(np.clip(8 * n, 10_000, settings.calibration_draws)),
        # Below 2,000 stations five replicates of 2,000 already simulate 5-25 times the data.
        replicates=settings.replicates if n >= 2_000 else min(settings.replicates, 5),
        # Below 5,000 stations f_i is not resolved to 0.04 anyway: profile every 0.1.
        profile_stride=settings.profile_stride if n >= 5_000 else 5,
    )


def fit_point(
    fine: np.ndarray, registered: np.ndarray, settings: FitSettings, *, rng: np.random.Generator
) -> PointFit:
    """Fit the model to a fine 2-D histogram of stations by profiling over f_i and alpha.

    At each profile point the fair parameters are solved so that the model reproduces the
    observed lower side, and f_e is fitted on its grid; the point with the smallest 2-D loss
    is the estimate.

    Args:
        fine: Fine 2-D histogram of the observed stations.
        registered: Electorates of the observed stations (sampled for the simulation).
        settings: Grids and simulation sizes.
        rng: Source of randomness.

    Returns:
        The point fit.
    """
    s = settings
    obs = coarse(fine)
    raw = first_guess(peak(fine))
    target = lower_side(fine)
    n = int(fine.sum())
    smooth = smoother_for(target.turnout_width, target.share_width, n) if s.smooth else None
    cap = corner_cap(fine)
    grid_i = np.asarray(s.f_i_grid)
    grid_e = f_e_grid_for(np.asarray(s.f_e_grid), cap, n)
    # The fair parameters are solved at an extreme share: first the corner's (which also
    # holds incremental stations, so too many), then the best coarse point's own f_e.
    f_e0 = float(min(cap, grid_e.max()))
    calib = make_draws(registered, s.calibration_draws, s.theta, rng=rng, stratified=True)
    reps = [
        make_draws(registered, s.draws_per_replicate, s.theta, rng=rng) for _ in range(s.replicates)
    ]
    rows, models, fairs = [], [], []
    starts = dict.fromkeys(s.alphas, raw)
    m_profile = sum(len(d) for d in reps[: s.profile_replicates])
    pooled = joined(reps[: s.profile_replicates])  # one simulation at every profile point

    def visit(a: float, f_i: float) -> None:
        # Warm start from the last solution at this alpha: the solver moves only a little.
        fair = invert(target, calib, starts[a], f_i, f_e0, a, steps=3)
        starts[a] = fair
        g = profile_point(obs, fair, pooled, a, f_i, grid_e, cap, smooth)
        smoothed = g.compared_loss - sim_noise(g.model, m_profile, smooth)
        rows.append((f_i, a, g.f_e, smoothed, g.loss - sim_noise(g.model, m_profile)))
        models.append(g.model.ravel())
        fairs.append(fair)

    # Coarse pass every 0.1 at every alpha, then a fine pass around the coarse best.
    for a in s.alphas:
        for f_i in _profile_points(grid_i, COARSE_STRIDE):
            visit(a, float(f_i))
    f_best, a_best, f_e_best = rows[int(np.argmin([r[3] for r in rows]))][:3]
    if f_e_best < f_e0 and f_best > 0:
        # Solved at too many extreme stations, the fair cluster sits too low and f_i is read
        # too high (0.82 on average for 0.8 at 10,000 stations with f_e 0.05): the best
        # alpha's coarse pass again, at the extreme share it found.
        f_e0 = float(f_e_best)
        keep = [j for j, r in enumerate(rows) if r[1] != a_best]
        rows, models, fairs = (
            [rows[j] for j in keep],
            [models[j] for j in keep],
            [fairs[j] for j in keep],
        )
        starts[a_best] = raw
        for f_i in _profile_points(grid_i, COARSE_STRIDE):
            visit(a_best, float(f_i))
    if s.profile_stride < COARSE_STRIDE:
        f_best, a_best = rows[int(np.argmin([r[3] for r in rows]))][:2]
        fine_pts = _profile_points(grid_i, s.profile_stride)
        near = np.abs(fine_pts - f_best) <= COARSE_STRIDE * (grid_i[1] - grid_i[0]) + 1e-9
        done = {(round(r[0], 6), r[1]) for r in rows}
        starts[a_best] = fairs[int(np.argmin([r[3] for r in rows]))]
        for f_i in fine_pts[near]:
            if (round(float(f_i), 6), a_best) not in done:
                visit(a_best, float(f_i))
    profile = np.array(rows)
    models = np.array(models)
    se = loss_se(models, obs.ravel() / n, n, smooth)
    raw_se = loss_se(models, obs.ravel() / n, n)
    k = simplest(profile[:, 3], profile[:, 0], se, (profile[:, 4], raw_se))
    f_i, a = profile[k, :2]
    f_i = ridge_centre(profile, se, k, grid_i)
    fair = invert(target, calib, fairs[k], f_i, profile[k, 2], a, steps=2)
    at_f_i = {"alphas": (a,), "f_i_grid": np.array([f_i]), "f_e_grid": grid_e, "f_e_max": cap}
    best = fit_grid(obs, fair, reps, count_f_e=True, smooth=smooth, **at_f_i)  # f_e counted
    # The 1-D loss and the per-replicate spread, from the whole grid at the solved fair values.
    full = fit_grid(obs, fair, reps, alphas=s.alphas, f_i_grid=grid_i, f_e_grid=grid_e, f_e_max=cap)
    grid = replace(
        best,
        f_i_share=full.f_i_share,
        f_e_share=full.f_e_share,
        replicate_f_i=full.replicate_f_i,
        replicate_f_e=full.replicate_f_e,
    )
    extreme = best.changes
    unanimous = near_unanimous(target)
    if unanimous:
        # The fair cluster would be solved inside the model's own extreme cluster, where the
        # model cannot tell honest stations from stuffed ones (it reads them as one clean
        # cluster at 98%/98%). Klimek et al. describe stations at nearly 100% turnout and
        # 100% for the winner as the signature of extreme fraud: they are read as such.
        grid = replace(grid, f_i=0.0, f_e=_on_grid(corner_share(fine), grid_e))
        extreme = corner_as_extreme(obs, len(grid_e), s.replicates * s.draws_per_replicate)
    return PointFit(
        grid, fair, target, raw, profile, models, extreme, cap, se, smooth, raw_se, grid_e,
        unanimous,
    )  # fmt: skip


def _on_grid(x: float, grid: np.ndarray) -> float:
    return float(grid[int(np.argmin(np.abs(grid - x)))])


def bootstrap(
    fine: np.ndarray,
    point: PointFit,
    settings: FitSettings,
    resamples: int,
    *,
    rng: np.random.Generator,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Refit ``resamples`` bootstrap resamples of the stations.

    Each resample is a multinomial draw over the fine cells (a resample of stations). Its
    (f_i, alpha) is the profile point whose model histogram is nearest to it: the profile
    runs along the ridge on which fair spread and incremental fraud trade off, each point
    with its own solved fair parameters, so this is where a resample's uncertainty lies. Its
    f_e is refitted at the chosen point from the same simulation (common random numbers).
    Nothing is simulated again, so a resample costs a few milliseconds at any size.

    Args:
        fine: Fine 2-D histogram of the observed stations.
        point: The point fit.
        settings: Grids and simulation sizes.
        resamples: Number of resamples.
        rng: Source of randomness.
        progress: Called with 1 after each resample.

    Returns:
        ``(resamples, 3)`` array of (f_i, f_e, alpha).
    """
    grid_e = np.asarray(settings.f_e_grid if point.f_e_grid is None else point.f_e_grid)
    occupied = Occupied(fine)
    m_profile = settings.profile_replicates * settings.draws_per_replicate
    smooth = point.smooth
    kq = point.models if smooth is None else smooth(point.models)
    models = point.models if smooth is None else smooth(kq)  # K^T K q: p.(that) is K p . K q
    sq = np.einsum("kc,kc->k", kq, kq)
    sq_raw = np.einsum("kc,kc->k", point.models, point.models)
    noise_raw = (1.0 - sq_raw) / max(m_profile - 1, 1)
    # The simulation's own noise, as in the profile (see sim_noise).
    noise = np.array(
        [sim_noise(q, m_profile, smooth, kq_q) for q, kq_q in zip(point.models, kq, strict=True)]
    )
    m = settings.replicates * settings.draws_per_replicate
    terms = None if point.unanimous else FitTerms.of(point.extreme, m)  # the same every time
    f_i = point.grid.f_i
    out = np.empty((resamples, 3))
    for b in range(resamples):
        counts = occupied.draw(rng)
        if point.unanimous:
            fb = occupied.fine(counts)
            # The resample's own corner, read as extreme where its lower side is unanimous too.
            e_b = _on_grid(corner_share(fb), grid_e) if near_unanimous(lower_side(fb)) else 0.0
            out[b] = (0.0, e_b, point.profile[0, 1])
            if progress is not None:
                progress(1)
            continue
        p = occupied.shares(counts)
        seen = np.flatnonzero(p)
        near = sq - 2.0 * np.einsum("kc,c->k", models[:, seen], p[seen]) - noise
        raw = sq_raw - 2.0 * np.einsum("kc,c->k", point.models[:, seen], p[seen]) - noise_raw
        k = simplest(near, point.profile[:, 0], point.se, (raw, point.raw_se))
        valid = allowed(f_i, grid_e, occupied.cap(counts))
        e = int(np.argmin(fit_loss(point.extreme, p, m, valid, terms)[0]))
        out[b] = (point.profile[k, 0], grid_e[e], point.profile[k, 1])
        if progress is not None:
            progress(1)
    return out


def _profile_points(grid_i: np.ndarray, stride: int) -> np.ndarray:
    """Every ``stride``-th grid value of f_i up to :data:`MAX_PROFILE_F_I`, and that one."""
    top = grid_i[grid_i <= MAX_PROFILE_F_I + 1e-9]
    pts = top[::stride]
    return pts if pts[-1] == top[-1] else np.append(pts, top[-1])


def misfit(point: PointFit, n: int, settings: FitSettings) -> float:
    """Loss at the fit over the loss expected if the model were true (about 1 when it is).

    With ``q`` the model's cell shares, ``n`` observed and ``m`` simulated stations, the
    expected loss is ``(1 - sum(q^2)) * (1/n + 1/m)`` (multinomial noise of both).
    """
    q = point.grid.model.ravel()
    m = settings.replicates * settings.draws_per_replicate
    expected = (1.0 - float(np.einsum("c,c->", q, q))) * (1.0 / n + 1.0 / m)
    return point.grid.loss / expected if expected > 0 else float("nan")


def fewest_refits(alpha: float) -> int:
    """The fewest bootstrap refits whose least p-value, ``1 / (B + 1)``, is below ``alpha``."""
    return math.floor(1 / alpha + 1e-9)  # the margin: 1 / 0.05 is 20.000000000000004 or 19.99...


def p_value(values: np.ndarray, estimate: float) -> float:
    """One-sided bootstrap p-value of "this fraud share is 0" against "it is above 0".

    ``(1 + #{bootstrap values <= 0}) / (B + 1)``: the share of refits that see no fraud, counting
    the observed sample as one of them, so it is never 0. It is 1 (no evidence) without
    bootstrap values or when the point estimate itself is 0. For B >= 20 a lower bound of the
    two-sided :func:`interval` above 0 implies ``p < 0.05``; at B = 20 the two agree exactly,
    with more refits the p-value (a one-sided 5% test) can reject where the interval's lower
    bound (a one-sided 2.5% test) does not.

    Args:
        values: Bootstrap values of the share.
        estimate: The point estimate.

    Returns:
        The p-value, in (0, 1].
    """
    if len(values) == 0 or not estimate > 0:
        return 1.0
    return float((1 + np.count_nonzero(np.asarray(values) <= 0)) / (len(values) + 1))


def interval(values: np.ndarray, estimate: float, level: float) -> tuple[float, float]:
    """Percentile interval of bootstrap values, widened to contain the point estimate.

    The bounds stay on grid values ("lower"/"higher" quantiles). The percentile interval of a
    skewed bootstrap can miss the estimate it is about (a fit of 0.05 with an interval of
    [0, 0.04]); an interval that does not contain its own estimate is useless to a reader, so
    the nearer bound is moved out to it.

    Args:
        values: Bootstrap values.
        estimate: The point estimate.
        level: Coverage.

    Returns:
        ``(low, high)``; NaN without bootstrap values.
    """
    if len(values) == 0:
        return float("nan"), float("nan")
    tail = (1.0 - level) / 2.0
    lo = float(np.quantile(values, tail, method="lower"))
    hi = float(np.quantile(values, 1.0 - tail, method="higher"))
    return min(lo, estimate), max(hi, estimate)
