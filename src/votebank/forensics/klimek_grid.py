"""The Klimek fit's grids: histogram cells, the (f_i, f_e, alpha) values tried, the corner."""

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
