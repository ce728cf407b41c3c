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
from scipy import sparse

from votebank.forensics.klimek_model import Draws, Fair, draw, fair_counts, with_fraud

CELLS = 101  # 1-point bins centred on whole percentages, 0..100
FINE = 4  # quarter-point bins for the fair parameters
F_I_GRID = np.round(np.arange(0.0, 1.0 + 1e-9, 0.02), 4)
# f_e every 0.005 up to 0.1 (where weak extreme fraud must be resolved), then every 0.01 up to
# 1: a file stuffed at most of its stations must not read as 0.1. A fit uses the grid only up
# to a little above the corner's share of stations (``klimek_corner.f_e_grid_for``), so clean
# files pay nothing for the long grid and heavily stuffed ones pay in proportion to their corner.
F_E_FINE_TOP = 0.1
F_E_GRID = np.round(
    np.r_[np.arange(0.0, F_E_FINE_TOP + 1e-9, 0.005), np.arange(0.11, 1.0 + 1e-9, 0.01)], 4
)
ALPHAS = (0.5, 1.0, 2.0)
CORNER = (0.75, 0.6)  # turnout and share above which the model puts its extreme stations


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
    valid = (f_i_grid[:, None] + f_e_grid[None, :] <= 1.0 + 1e-9) & (
        f_e_grid[None, :] <= max(f_e_max, 0.0) + 1e-12
    )
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


# --- internals -------------------------------------------------------------------------------


def fine_centres() -> np.ndarray:
    """Centres of the fine cells, as fractions."""
    return ((np.arange(CELLS * FINE) + 0.5) / FINE - 0.5) / 100.0


def fine_index(x: np.ndarray) -> np.ndarray:
    """Fine cell of each value (below 0 and above 1 go to the end cells)."""
    k = CELLS * FINE
    return np.clip(np.floor((100.0 * x + 0.5) * FINE), 0, k - 1).astype(np.int64)


def coarse_index(w: np.ndarray, o: np.ndarray, registered: np.ndarray) -> np.ndarray:
    """1-point cell of each simulated station; stations with no votes go to an overflow cell."""
    votes = w + o
    t = np.clip(np.rint(100.0 * votes / registered), 0, CELLS - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.clip(np.rint(100.0 * w / votes), 0, CELLS - 1)
    idx = np.where(votes > 0, t * CELLS + np.nan_to_num(s), CELLS * CELLS)
    return idx.astype(np.int64)


@dataclass(frozen=True, eq=False)
class Changes:
    """The simulated histogram at every grid point, in counts, as sparse pieces.

    ``q(i, e) = clean + sum(inc[:i + 1]) + sum(ext[:e + 1])``: row ``g`` of ``inc`` is what
    the stations of u-group ``g`` change when they turn incremental, and of ``ext`` when
    they turn extreme.
    """

    clean: np.ndarray
    inc: sparse.csr_matrix
    ext: sparse.csr_matrix

    @staticmethod
    def pool(parts: list[Changes]) -> Changes:
        """Add the pieces of several replicates (one pooled simulation)."""
        return Changes(
            sum(c.clean for c in parts), sum(c.inc for c in parts), sum(c.ext for c in parts)
        )

    def to_share(self, weight: np.ndarray) -> Changes:
        """Project onto the share axis (columns of the 2-D histogram), weighted per cell."""
        fold = sparse.csr_matrix(
            (np.tile(weight, CELLS), (np.arange(CELLS * CELLS), np.tile(np.arange(CELLS), CELLS)))
        )
        return Changes(fold.T @ self.clean, self.inc @ fold, self.ext @ fold)

    def histogram(self, i: int, e: int) -> np.ndarray:
        """The simulated histogram (counts) at grid row ``i`` of f_i and ``e`` of f_e."""
        return (
            self.clean
            + np.asarray(self.inc[: i + 1].sum(axis=0)).ravel()
            + np.asarray(self.ext[: e + 1].sum(axis=0)).ravel()
        )


def changes(
    d: Draws, fair: Fair, alphas: tuple[float, ...], grid_i: np.ndarray, grid_e: np.ndarray
) -> dict[float, Changes]:
    """The simulated histogram of draws ``d`` at every grid point, per alpha, as pieces."""
    w0, o0 = fair_counts(d, fair)
    cells = CELLS * CELLS
    clean_idx = coarse_index(w0, o0, d.registered)
    clean = np.bincount(clean_idx, minlength=cells + 1)[:cells].astype(float)
    # Group g of the f_i grid holds the stations with grid[g-1] <= u < grid[g]: they are
    # incremental at every f_i from grid[g] on. Likewise 1 - u for f_e.
    g_i = np.searchsorted(grid_i, d.u, side="right")
    g_e = np.searchsorted(grid_e, 1.0 - d.u, side="right")
    sel_i = np.flatnonzero(g_i < len(grid_i))
    sel_e = np.flatnonzero(g_e < len(grid_e))
    out = {}
    for a in alphas:
        w, o = with_fraud(d.registered[sel_i], w0[sel_i], o0[sel_i], d.x_inc[sel_i], a)
        inc = _moves(g_i[sel_i], clean_idx[sel_i], coarse_index(w, o, d.registered[sel_i]))
        w, o = with_fraud(d.registered[sel_e], w0[sel_e], o0[sel_e], d.x_ext[sel_e], a)
        ext = _moves(g_e[sel_e], clean_idx[sel_e], coarse_index(w, o, d.registered[sel_e]))
        out[a] = Changes(clean, _sized(inc, len(grid_i)), _sized(ext, len(grid_e)))
    return out


def _moves(group: np.ndarray, before: np.ndarray, after: np.ndarray) -> sparse.csr_matrix:
    """Sparse (group x cell) matrix: -1 where a station leaves a cell, +1 where it arrives."""
    moved = before != after
    g, b, a = group[moved], before[moved], after[moved]
    ones = np.ones(len(g))
    return sparse.csr_matrix(
        (np.r_[ones, -ones], (np.r_[g, g], np.r_[a, b])),
        shape=(int(group.max(initial=0)) + 1, CELLS * CELLS + 1),
    )[:, : CELLS * CELLS]


def _sized(mat: sparse.csr_matrix, rows: int) -> sparse.csr_matrix:
    if mat.shape[0] == rows:
        return mat
    return sparse.vstack([mat, sparse.csr_matrix((rows - mat.shape[0], mat.shape[1]))]).tocsr()


@dataclass(frozen=True, eq=False)
class GridTerms:
    """The terms of :func:`grid_loss` that do not depend on ``p``: its sparse products.

    The bootstrap scores every resample against the same pieces, so it computes them once.
    """

    aa: np.ndarray
    bb: np.ndarray
    ab: np.ndarray

    @staticmethod
    def of(ch: Changes, m: float) -> GridTerms:
        """The terms of pieces ``ch`` of a simulation of ``m`` stations."""
        return GridTerms(
            aa=np.diag(_cum2((ch.inc @ ch.inc.T).toarray())) / m**2,
            bb=np.diag(_cum2((ch.ext @ ch.ext.T).toarray())) / m**2,
            ab=_cum2((ch.inc @ ch.ext.T).toarray()) / m**2,
        )


@dataclass(frozen=True, eq=False)
class FitTerms:
    """The terms of :func:`fit_loss` that do not depend on ``p`` (see :class:`GridTerms`)."""

    grid: GridTerms
    corner: float
    corner_inc: np.ndarray
    corner_ext: np.ndarray

    @staticmethod
    def of(ch: Changes, m: float) -> FitTerms:
        """The terms of pieces ``ch`` of a simulation of ``m`` stations."""
        mask = corner_cells()
        return FitTerms(
            grid=GridTerms.of(ch, m),
            corner=float(ch.clean[mask].sum()) / m,
            corner_inc=np.cumsum(np.asarray(ch.inc[:, mask].sum(axis=1)).ravel()) / m,
            corner_ext=np.cumsum(np.asarray(ch.ext[:, mask].sum(axis=1)).ravel()) / m,
        )


def grid_loss(
    ch: Changes,
    p: np.ndarray,
    m: float,
    valid: np.ndarray,
    smooth: Callable[[np.ndarray], np.ndarray] | None = None,
    terms: GridTerms | None = None,
) -> np.ndarray:
    """``sum((p - q(i, e) / m)**2)`` for every (i, e), from sparse inner products.

    With ``c = clean / m - p``, ``A = cumsum(inc) / m`` and ``B = cumsum(ext) / m``:
    ``|c + A_i + B_e|^2 = |c|^2 + 2 c.A_i + 2 c.B_e + |A_i|^2 + |B_e|^2 + 2 A_i.B_e``, and
    every term is a cumulative sum of a small product of the sparse pieces. With ``smooth``
    (a linear kernel K) the loss is ``|K (p - q)|^2``: the same sums of the smoothed pieces.
    ``terms``: ``GridTerms.of(ch, m)``, when the caller keeps it.
    """
    if smooth is not None:
        # f_e beyond the last allowed value is never read: its pieces are not smoothed.
        allowed = np.flatnonzero(valid.any(axis=0))
        cols = int(allowed[-1]) + 1 if len(allowed) else 1
        ext = ch.ext[:cols].toarray()
        loss = np.full(valid.shape, np.inf)
        part = smoothed_loss(ch.clean, ch.inc.toarray(), ext, p, m, smooth)
        loss[:, :cols] = np.where(valid[:, :cols], part, np.inf)
        return loss
    t = GridTerms.of(ch, m) if terms is None else terms
    c = ch.clean / m - p
    ca = np.cumsum(ch.inc @ c) / m
    cb = np.cumsum(ch.ext @ c) / m
    # einsum, not BLAS: on a busy machine a threaded BLAS dot of 10,000 cells takes 15 ms.
    loss = (
        np.einsum("c,c->", c, c)
        + 2 * ca[:, None]
        + 2 * cb[None, :]
        + t.aa[:, None]
        + t.bb[None, :]
        + 2 * t.ab
    )
    return np.where(valid, loss, np.inf)


def smoothed_loss(
    clean: np.ndarray,
    inc: np.ndarray,
    ext: np.ndarray,
    p: np.ndarray,
    m: float,
    smooth: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """:func:`grid_loss` on smoothed histograms, from dense pieces (rows of counts).

    Row ``i`` and column ``e`` of the loss depend on the first ``i + 1`` rows of ``inc`` and
    ``e + 1`` of ``ext`` only, so a caller may pass leading rows alone.
    """
    c = smooth(clean / m - p)
    a = np.cumsum(smooth(inc / m), axis=0)
    b = np.cumsum(smooth(ext / m), axis=0)
    return (
        np.einsum("c,c->", c, c)
        + 2 * np.einsum("ic,c->i", a, c)[:, None]
        + 2 * np.einsum("ec,c->e", b, c)[None, :]
        + np.einsum("ic,ic->i", a, a)[:, None]
        + np.einsum("ec,ec->e", b, b)[None, :]
        + 2 * np.einsum("ic,ec->ie", a, b)
    )


def corner_cells() -> np.ndarray:
    """Mask of the 1-point cells of the corner where extreme stations land (:data:`CORNER`)."""
    t = np.arange(CELLS) >= round(100 * CORNER[0])
    s = np.arange(CELLS) >= round(100 * CORNER[1])
    return (t[:, None] & s[None, :]).ravel()


def fit_loss(
    ch: Changes, p: np.ndarray, m: float, valid: np.ndarray, terms: FitTerms | None = None
) -> np.ndarray:
    """The 2-D loss at each f_i's own counted f_e; ``inf`` at every other f_e.

    At every f_i, f_e is the grid value whose model puts as many stations in the corner where
    extreme stations land (:data:`CORNER`) as are observed there. :func:`fit_grid` uses it at
    its least-squares f_i only (ranking the f_i values at their counted f_e read f_i 0.7 for
    0.8 on four regions of 100,000 stations). A least-squares choice of f_e (on the whole
    histogram or on the corner alone) also pays for the *shape* of the extreme cluster:
    where honest regions smear it over more cells than the model's few, the squared loss
    shrinks f_e (to 0.005-0.01 for 0.02 on the power study's stuffed constituencies);
    counting does not. ``terms``: ``FitTerms.of(ch, m)``, when the caller keeps it.
    """
    t = FitTerms.of(ch, m) if terms is None else terms
    full = grid_loss(ch, p, m, valid, terms=t.grid)
    observed = float(p[corner_cells()].sum())
    gap = np.abs(observed - (t.corner + t.corner_inc[:, None] + t.corner_ext[None, :]))
    gap = np.where(valid, gap, np.inf)
    e = np.argmin(gap, axis=1)
    rows = np.arange(len(e))
    out = np.full_like(full, np.inf)
    out[rows, e] = full[rows, e]
    return out


def _cum2(x: np.ndarray) -> np.ndarray:
    return np.cumsum(np.cumsum(x, axis=0), axis=1)
