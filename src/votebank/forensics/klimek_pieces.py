"""The simulated histogram at every grid point, as sparse pieces, and its loss over the grid.

A station is incremental at grid point ``f_i`` when its uniform is below ``f_i`` and extreme
when one minus it is below ``f_e``, at every grid point alike (common random numbers): the
simulated histogram is the clean one plus cumulative sums of per-group changes
(:class:`Changes`), and the least-squares loss over the whole grid comes from a few sparse
products of them (:func:`grid_loss`, :func:`fit_loss`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from votebank.forensics.klimek_grid import CELLS, CORNER, leading_allowed
from votebank.forensics.klimek_model import Draws, Fair, fair_counts, with_fraud


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
    g_e = extreme_groups(d, grid_e)
    sel_i = np.flatnonzero(g_i < len(grid_i))
    sel_e = np.flatnonzero(g_e < len(grid_e))
    out = {}
    for a in alphas:
        inc_cells = fraud_cells(d, w0, o0, sel_i, d.x_inc, a)
        ext_cells = fraud_cells(d, w0, o0, sel_e, d.x_ext, a)
        inc = _moves(g_i[sel_i], clean_idx[sel_i], inc_cells)
        ext = _moves(g_e[sel_e], clean_idx[sel_e], ext_cells)
        out[a] = Changes(clean, _sized(inc, len(grid_i)), _sized(ext, len(grid_e)))
    return out


def extreme_groups(d: Draws, grid_e: np.ndarray) -> np.ndarray:
    """Each station's group of the f_e grid: extreme at every f_e from ``grid_e[group]`` on."""
    return np.searchsorted(grid_e, 1.0 - d.u, side="right")


def fraud_cells(
    d: Draws, w0: np.ndarray, o0: np.ndarray, sel: np.ndarray, x: np.ndarray, alpha: float
) -> np.ndarray:
    """The 1-point cell of each station ``sel`` once fraud of intensity ``x[sel]`` is added."""
    reg = d.registered[sel]
    w, o = with_fraud(reg, w0[sel], o0[sel], x[sel], alpha)
    return coarse_index(w, o, reg)


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
        cols = leading_allowed(valid)
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
