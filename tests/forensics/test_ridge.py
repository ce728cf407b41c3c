"""The reported f_i is the centre of the profile points that fit within one SE of the best."""

from __future__ import annotations

import numpy as np

from votebank.forensics.klimek import ridge_centre
from votebank.forensics.klimek_fit import F_I_GRID


def profile(losses, alpha=1.0, f_i=None):
    f_i = np.round(np.arange(len(losses)) * 0.1, 2) if f_i is None else np.asarray(f_i)
    return np.column_stack([f_i, np.full(len(losses), alpha), np.zeros(len(losses)), losses])


def test_flat_stretch_gives_its_centre():
    # Points 0.6..0.9 within one SE (1.0) of the best at 0.6: the centre is 0.75 (grid 0.74
    # or 0.76: the nearest grid value).
    pr = profile([20, 15, 12, 9, 7, 5, 3.0, 3.5, 3.9, 3.2])
    se = np.ones((10, 10))
    got = ridge_centre(pr, se, 6, F_I_GRID)
    assert abs(got - 0.75) <= 0.011


def test_sharp_minimum_is_kept():
    pr = profile([20, 15, 12, 9, 7, 5, 3.0, 6, 9, 12])
    got = ridge_centre(pr, np.ones((10, 10)), 6, F_I_GRID)
    assert got == 0.6


def test_clean_fit_stays_clean():
    pr = profile([3.0, 3.1, 3.2, 9, 9, 9, 9, 9, 9, 9])
    assert ridge_centre(pr, np.ones((10, 10)), 0, F_I_GRID) == 0.0


def test_other_alphas_do_not_widen_the_stretch():
    a = profile([20, 15, 12, 9, 7, 5, 3.0, 6, 9, 12], alpha=1.0)
    b = profile([3.2] * 10, alpha=2.0)  # flat, but another alpha
    pr = np.vstack([a, b])
    assert ridge_centre(pr, np.ones((20, 20)), 6, F_I_GRID) == 0.6
