"""One point of the Klimek fit's profile over f_i: its best f_e and losses, and nothing more.

:func:`~votebank.forensics.klimek.fit_point` visits some 40 (f_i, alpha) points, each with
its own fair parameters, and reads only the argmin over f_e, the losses there and the model
histogram. :func:`profile_point` is ``fit_grid(..., details=False)`` at one f_i and alpha,
computed only that far:

* the replicates' draws come joined (the pieces are counts, so binning them together gives
  the pooled pieces' numbers), and are binned into dense arrays, not sparse matrices;
* only the f_e values the fit allows (f_e at most the corner cap and f_i + f_e <= 1, the
  leading part of the grid) are simulated and smoothed: the loss at an f_e depends only on
  the pieces up to it, and the values beyond are not allowed, so never the argmin. A clean
  region of a few hundred stations allows 1 of 21 values, and smoothing the other 20 was
  most of its fit's time.

Every number kept is computed by the same operations on the same values as in ``fit_grid``,
so the profile is the same to the bit (``tests/forensics/test_klimek_point.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from votebank.forensics.klimek_fit import fit_grid
from votebank.forensics.klimek_grid import CELLS, allowed, leading_allowed
from votebank.forensics.klimek_model import Draws, Fair, fair_counts
from votebank.forensics.klimek_pieces import (
    coarse_index,
    extreme_groups,
    fraud_cells,
    smoothed_loss,
)


@dataclass(frozen=True, eq=False)
class ProfilePoint:
    """The fit at one profile point.

    Attributes:
        f_e: The f_e of the smallest loss.
        compared_loss: That loss (smoothed when the fit smooths).
        loss: The unsmoothed 2-D loss there.
        model: Mean simulated 2-D histogram there (shares, ``CELLS x CELLS``).
    """

    f_e: float
    compared_loss: float
    loss: float
    model: np.ndarray


def profile_point(
    observed: np.ndarray,
    fair: Fair,
    d: Draws,
    alpha: float,
    f_i: float,
    f_e_grid: np.ndarray,
    f_e_max: float,
    smooth: Callable[[np.ndarray], np.ndarray] | None,
) -> ProfilePoint:
    """What ``fit_grid`` finds at one f_i and alpha (``details=False``), computed lean.

    Args:
        observed: Observed 2-D histogram (counts, ``CELLS x CELLS``).
        fair: Fair parameters.
        d: Standard draws of the replicates, joined (``klimek_model.joined``).
        alpha: The exponent.
        f_i: The incremental share.
        f_e_grid: Values of f_e tried (ascending, starting at 0).
        f_e_max: Largest f_e allowed.
        smooth: Kernel applied to both histograms before the loss.

    Returns:
        The argmin over f_e and its losses.
    """
    if smooth is None:
        # The unsmoothed loss's sparse sums: fit_grid's own code. One replicate of all the
        # draws holds the same counts as the replicates pooled (the same sums, in CSR order).
        g = fit_grid(
            observed, fair, [d], alphas=(alpha,), f_i_grid=np.array([f_i]), f_e_grid=f_e_grid,
            details=False, f_e_max=f_e_max,
        )  # fmt: skip
        return ProfilePoint(g.f_e, g.compared_loss, g.loss, g.model)
    n = float(observed.sum())
    p = observed.ravel() / n
    valid = allowed(f_i, f_e_grid, f_e_max)
    rows = leading_allowed(valid)
    m = len(d)
    clean, inc, ext = pieces(d, fair, alpha, f_i, f_e_grid[:rows])
    loss = np.where(valid[:, :rows], smoothed_loss(clean, inc, ext, p, m, smooth), np.inf)[0]
    e = int(np.argmin(loss))
    model = (clean + inc.sum(axis=0) + ext[: e + 1].sum(axis=0)) / m
    return ProfilePoint(
        f_e=float(f_e_grid[e]),
        compared_loss=float(loss[e]),
        loss=float(np.sum((p - model) ** 2)),
        model=model.reshape(CELLS, CELLS),
    )


def pieces(
    d: Draws, fair: Fair, alpha: float, f_i: float, grid_e: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The clean histogram and the dense ``inc`` (one row, at ``f_i``) and ``ext`` pieces.

    The same counts as ``klimek_pieces.changes`` (with ``grid_i = [f_i]``), as dense arrays.
    """
    w0, o0 = fair_counts(d, fair)
    cells = CELLS * CELLS
    before = coarse_index(w0, o0, d.registered)
    clean = np.bincount(before, minlength=cells + 1)[:cells].astype(float)
    inc_sel = np.flatnonzero(d.u < f_i)  # group 0 of the grid [f_i]
    inc_cells = fraud_cells(d, w0, o0, inc_sel, d.x_inc, alpha)
    inc = _moves(np.zeros(len(inc_sel), dtype=np.int64), before[inc_sel], inc_cells, 1)
    g_e = extreme_groups(d, grid_e)
    ext_sel = np.flatnonzero(g_e < len(grid_e))
    ext_cells = fraud_cells(d, w0, o0, ext_sel, d.x_ext, alpha)
    ext = _moves(g_e[ext_sel], before[ext_sel], ext_cells, len(grid_e))
    return clean, inc, ext


def _moves(group: np.ndarray, before: np.ndarray, after: np.ndarray, rows: int) -> np.ndarray:
    """Dense (group x cell) counts: -1 where a station leaves a cell, +1 where it arrives."""
    width = CELLS * CELLS + 1  # and the overflow cell of stations without votes
    moved = before != after
    at = group[moved] * width
    ones = np.ones(len(at))
    counts = np.bincount(
        np.r_[at + after[moved], at + before[moved]], np.r_[ones, -ones], rows * width
    )  # sums of +-1: whole numbers, exact in any order
    return counts.reshape(rows, width)[:, : CELLS * CELLS]
