"""The extreme corner: its share of stations, how far f_e may go, and the near-unanimous rule.

Klimek et al.'s extreme fraud puts stations above 75 % turnout and 60 % for the leader
(``CORNER``), whatever their fair values. How many stations sit there bounds f_e (and so how
much of the f_e grid a fit needs); a cluster whose lower side sits near unanimity on both axes
cannot be the fair one, and is read as extreme fraud.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from votebank.forensics.klimek_fair import Peak
from votebank.forensics.klimek_grid import CORNER, F_E_FINE_TOP, FINE
from votebank.forensics.klimek_pieces import Changes
from votebank.forensics.synthetic import EXTREME_SD

# Where the model's extreme stations land more often than not: intensity 1 - |N(0, 0.075)|
# has median 1 - 0.6745 * 0.075 = 0.949, and a station of any fair turnout (or share) t0
# stuffed at intensity x ends at or above x. A cluster whose lower side sits above this on
# both axes sits inside the model's own extreme cluster: it cannot be the fair one.
NEAR_UNANIMOUS = 1.0 - 0.6744897501960817 * EXTREME_SD


def f_e_grid_for(grid: np.ndarray, cap: float, n: int) -> np.ndarray:
    """The prefix of the f_e grid a fit needs.

    Everything up to :data:`F_E_FINE_TOP`, and beyond it up to the first value at or above
    the corner cap plus a margin. f_e never exceeds the corner cap (:func:`corner_cap`),
    and a bootstrap resample's own cap lies within a few binomial standard errors of it, so
    values further up are never chosen. The margin (five standard errors of the corner's share and
    two stations) keeps every resample's cap inside the grid. Being a prefix, grid indices
    are the same as on the whole grid.

    Args:
        grid: The whole f_e grid (ascending, from 0).
        cap: The corner cap of the observed stations.
        n: Number of observed stations.

    Returns:
        A prefix of ``grid``.
    """
    n = max(n, 1)
    share = min(max(cap, 0.0), 1.0)
    top = max(F_E_FINE_TOP, cap + 5.0 * math.sqrt(share * (1.0 - share) / n) + 2.0 / n)
    stop = int(np.searchsorted(grid, top - 1e-12, side="left")) + 1
    return np.asarray(grid[: max(min(stop, len(grid)), 1)])


def corner_share(fine: np.ndarray) -> float:
    """Share of stations in the corner where the model puts its extreme stations."""
    n = max(int(fine.sum()), 1)
    t0, s0 = corner_start()
    return float(fine[t0:, s0:].sum()) / n


def corner_start() -> tuple[int, int]:
    """The first fine row (turnout) and column (share) of the corner."""
    t0, s0 = (int(np.floor((100 * c + 0.5) * FINE)) for c in CORNER)
    return t0, s0


def near_unanimous(side: Peak) -> bool:
    """Whether the lower side of turnout and share both sit at :data:`NEAR_UNANIMOUS` or above.

    The centre is the one a normal would have with the observed 10th and 35th percentiles
    (:func:`~votebank.forensics.klimek_fair.lower_side`): above 0.949 on both axes, most of
    the stations sit where the model's extreme stations land more often than not, so the
    fair cluster is not identified; a clean election does not put its cluster there.
    """
    return bool(side.turnout_mode >= NEAR_UNANIMOUS and side.share_mode >= NEAR_UNANIMOUS)


def corner_as_extreme(obs: np.ndarray, rows: int, m: int) -> Changes:
    """Pieces that make every observed station of the corner an extreme one (scaled to ``m``).

    Where the stations are read as extreme by :func:`near_unanimous`, the cells of the
    extreme-fraud cluster (whose stations are listed) are the corner's cells that hold them.
    """
    cells = obs.size
    mask = np.zeros(obs.shape, dtype=bool)
    t0, s0 = (round(100 * c) for c in CORNER)
    mask[t0:, s0:] = True
    arrivals = np.where(mask, obs, 0).ravel() * (m / max(obs.sum(), 1))
    nz = np.flatnonzero(arrivals)
    ext = sparse.csr_matrix((arrivals[nz], (np.zeros(len(nz), int), nz)), shape=(rows, cells))
    return Changes(np.zeros(cells), sparse.csr_matrix((1, cells)), ext)


def corner_cap(fine: np.ndarray) -> float:
    """Largest plausible f_e: the share of stations in the corner where extreme fraud lands.

    Extreme stations get intensity ``1 - |N(0, 0.075)|`` (above 0.8 nearly always), which
    puts them above 75% turnout and 60% for the leader whatever their fair values. The
    unweighted 2-D loss barely charges for predicting a few stations in empty corner cells,
    so without this cap f_e could soak up misfit of the main cluster. The cap allows two
    binomial standard errors and one station of slack.

    Args:
        fine: Fine 2-D histogram.

    Returns:
        The cap, as a share of stations.
    """
    return cap_for(corner_share(fine), max(int(fine.sum()), 1))


def cap_for(share: float, n: int) -> float:
    """:func:`corner_cap` of ``n`` stations of which ``share`` sit in the corner."""
    return share + 2.0 * np.sqrt(share / n) + 1.0 / n
