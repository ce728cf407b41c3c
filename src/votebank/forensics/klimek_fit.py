"""Grid fit of the Klimek model to a 2-D histogram, with common random numbers.

Everything here works on histograms, never on raw stations: the observed data enter as one
fine 2-D histogram of (turnout, leader share) in quarter-point cells. The fair parameters come
from its 1-D margins, the loss from its 1-point coarsening, and a bootstrap resample of
stations is a multinomial draw of the fine cells, so the cost of a fit does not grow with the
number of stations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from votebank.forensics.klimek_grid import ALPHAS, CELLS, F_E_GRID, F_I_GRID, FINE, allowed
from votebank.forensics.klimek_model import Draws, Fair, draw
from votebank.forensics.klimek_pieces import Changes, changes, fit_loss, grid_loss


@dataclass(frozen=True, eq=False)
class GridFit:
    """The argmin of one fit.

    Attributes:
        f_i: Incremental share.
        f_e: Extreme share.
        alpha: Exponent chosen.
        loss: 2-D loss at the argmin (unsmoothed, whatever the fit compared).
        loss_clean: 2-D loss of the clean model.
        f_i_share: Argmin f_i of the R port's 1-D loss on the share histogram.
        f_e_share: Argmin f_e of that loss.
        replicate_f_i: Argmin f_i of each simulation replicate alone.
        replicate_f_e: Argmin f_e of each replicate alone.
        model: Mean simulated 2-D histogram at the argmin (shares, ``CELLS x CELLS``).
        changes: The pooled simulation pieces at the chosen alpha (counts).
        compared_loss: The loss the fit minimised at the argmin (smoothed when it smoothed).
    """

    f_i: float
    f_e: float
    alpha: float
    loss: float
    loss_clean: float
    f_i_share: float
    f_e_share: float
    replicate_f_i: np.ndarray
    replicate_f_e: np.ndarray
    model: np.ndarray
    changes: Changes | None = None
    compared_loss: float = math.nan


def fine_histogram(turnout: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Count stations in quarter-point cells; four by four of them make one coarse cell.

    Args:
        turnout: Turnout per station (above 1 goes to the top cell).
        share: Leader share per station (finite).

    Returns:
        Counts, shape ``(CELLS * FINE, CELLS * FINE)``.
    """
    k = CELLS * FINE
    ti = fine_index(turnout)
    si = fine_index(share)
    return np.bincount(ti * k + si, minlength=k * k).reshape(k, k)


def coarse(fine: np.ndarray) -> np.ndarray:
    """Sum quarter-point cells into the 1-point cells of the fingerprint."""
    return fine.reshape(CELLS, FINE, CELLS, FINE).sum(axis=(1, 3))


def fit_grid(
    observed: np.ndarray,
    fair: Fair,
    replicates: list[Draws],
    *,
    alphas: tuple[float, ...] = ALPHAS,
    f_i_grid: np.ndarray = F_I_GRID,
    f_e_grid: np.ndarray = F_E_GRID,
    details: bool = True,
    f_e_max: float = 1.0,
    count_f_e: bool = False,
    smooth: Callable[[np.ndarray], np.ndarray] | None = None,
) -> GridFit:
    """Fit (f_i, f_e, alpha) by least squares between 2-D histograms.

    The loss is ``sum((p - q)**2)`` over 1-point cells, ``p`` the observed and ``q`` the mean
    simulated shares of stations. A station is incremental at grid point ``f_i`` when its
    uniform is below ``f_i`` and extreme when one minus it is below ``f_e``, at every grid
    point alike (common random numbers), so ``q`` is the clean histogram plus cumulative sums
    of sparse per-group changes, and the loss over the whole grid comes from a few sparse
    products.

    Args:
        observed: Observed 2-D histogram (counts, ``CELLS x CELLS``).
        fair: Fair parameters.
        replicates: Standard draws of each simulation replicate.
        alphas: Exponents tried.
        f_i_grid: Values of f_i tried (ascending, starting at 0).
        f_e_grid: Values of f_e tried (ascending, starting at 0).
        f_e_max: Largest f_e allowed (see :func:`~votebank.forensics.klimek_corner.corner_cap`).
        details: Also find the per-replicate argmins and the 1-D loss's argmin (without
            them, those fields repeat the 2-D argmin).
        count_f_e: Report, at the argmin's f_i and alpha, the f_e that fills the corner
            (see :func:`fit_loss`) instead of the least-squares one, with its loss and model.
        smooth: Kernel applied to both histograms before the pooled 2-D loss (see
            :mod:`~votebank.forensics.klimek_smooth`); the per-replicate argmins and the
            1-D loss are not smoothed.

    Returns:
        The argmin, per-replicate argmins and the model histogram.
    """
    n = float(observed.sum())
    p = observed.ravel() / n
    share_obs = observed.sum(axis=0).astype(float)
    share_wt = 1.0 / (share_obs + 1.0)
    valid = allowed(f_i_grid, f_e_grid, f_e_max)
    per_rep = [changes(d, fair, alphas, f_i_grid, f_e_grid) for d in replicates]
    rep_best = []
    for d, ch in zip(replicates if details else [], per_rep, strict=False):
        best = (math.inf, 0, 0)
        for a in alphas:
            loss = grid_loss(ch[a], p, len(d), valid)
            k = np.unravel_index(np.argmin(loss), loss.shape)
            best = min(best, (float(loss[k]), *k))
        rep_best.append(best[1:])
    m = sum(len(d) for d in replicates)
    best = (math.inf, 0, 0, alphas[0])
    best_share = (math.inf, 0, 0)
    pooled = {a: Changes.pool([ch[a] for ch in per_rep]) for a in alphas}
    losses = {a: grid_loss(pooled[a], p, m, valid, smooth) for a in alphas}
    for a in alphas:
        loss = losses[a]
        k = np.unravel_index(np.argmin(loss), loss.shape)
        if loss[k] < best[0] - 1e-15:
            best = (float(loss[k]), *k, a)
        if not details:
            continue
        # The R port's 1-D loss, sum(((sim - obs) / (obs + 1))**2) on the share histogram.
        loss = grid_loss(pooled[a].to_share(share_wt), share_obs * share_wt, m / n, valid)
        k = np.unravel_index(np.argmin(loss), loss.shape)
        best_share = min(best_share, (float(loss[k]), *k))
    _, i, e, a = best
    if count_f_e:
        e = int(np.argmin(fit_loss(pooled[a], p, m, valid)[i]))
        best = (float(losses[a][i, e]), i, e, a)
    if not details:
        rep_best, best_share = [(i, e)], (best[0], i, e)
    rep = np.array(rep_best, dtype=int).reshape(-1, 2)
    model = pooled[a].histogram(i, e) / m
    return GridFit(
        f_i=float(f_i_grid[i]),
        f_e=float(f_e_grid[e]),
        alpha=float(a),
        loss=float(np.sum((p - model) ** 2)),
        loss_clean=float(np.sum((p - pooled[a].clean / m) ** 2)),
        f_i_share=float(f_i_grid[best_share[1]]),
        f_e_share=float(f_e_grid[best_share[2]]),
        replicate_f_i=f_i_grid[rep[:, 0]],
        replicate_f_e=f_e_grid[rep[:, 1]],
        model=model.reshape(CELLS, CELLS),
        changes=pooled[a],
        compared_loss=best[0],
    )


def make_draws(
    registered: np.ndarray,
    size: int,
    theta: float,
    *,
    rng: np.random.Generator,
    stratified: bool = False,
) -> Draws:
    """Standard draws of ``size`` simulated stations with electorates sampled from the data."""
    return draw(rng.choice(registered, size), theta, rng=rng, stratified=stratified)


def fine_centres() -> np.ndarray:
    """Centres of the fine cells, as fractions."""
    return ((np.arange(CELLS * FINE) + 0.5) / FINE - 0.5) / 100.0


def fine_index(x: np.ndarray) -> np.ndarray:
    """Fine cell of each value (below 0 and above 1 go to the end cells)."""
    k = CELLS * FINE
    return np.clip(np.floor((100.0 * x + 0.5) * FINE), 0, k - 1).astype(np.int64)
