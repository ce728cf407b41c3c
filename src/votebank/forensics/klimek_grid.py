"""The Klimek fit's grids: histogram cells, the (f_i, f_e, alpha) values tried, the corner.

And which grid points a fit may choose (:func:`allowed`).
"""

from __future__ import annotations

import numpy as np

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


def allowed(f_i: np.ndarray | float, f_e: np.ndarray, f_e_max: float) -> np.ndarray:
    """Grid points (f_i rows x f_e columns) a fit may choose: f_i + f_e <= 1, f_e <= f_e_max."""
    f_i = np.atleast_1d(f_i)
    return (f_i[:, None] + f_e[None, :] <= 1.0 + 1e-9) & (f_e[None, :] <= max(f_e_max, 0.0) + 1e-12)


def leading_allowed(valid: np.ndarray) -> int:
    """The f_e columns up to the last one allowed anywhere (at least 1): none beyond is read."""
    columns = np.flatnonzero(valid.any(axis=0))
    return int(columns[-1]) + 1 if len(columns) else 1
