"""The Klimek fit's loss on smoothed histograms, and the noise accounting that goes with it.

The fit compares the observed and the simulated fingerprint cell by cell. With ten thousand
stations most 1-point cells hold a handful of stations, and the simulation's own cell noise
then moves the loss between two profile points by as much as the data's preference between
them: along the ridge where fair spread and incremental fraud trade off (when most stations
are stuffed) the fitted f_i wandered by +-0.1 from one simulation seed to the next, and more
simulated stations barely helped. Both histograms are therefore smoothed with the same
Gaussian kernel before they are compared: ``loss = |K (p - q)|^2``. The kernel removes cell
noise of the data and of the simulation, while the difference between two models, which is
smooth on the scale of the fair cluster, passes almost unchanged.

The bandwidth follows Scott's rule for a two-dimensional density, ``h = spread * n^(-1/6)``
per axis, with the spread of the cluster's lower side (what the fair parameters are solved
against): about 1.7 points for 10,000 stations, 1.2 for 100,000, 0.8 for a million.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.ndimage import gaussian_filter1d

from votebank.forensics.klimek_grid import CELLS

SCOTT_EXPONENT = -1.0 / 6.0  # Scott's rule in two dimensions
TRUNCATE = 4.0  # kernel radius in bandwidths


@dataclass(frozen=True)
class Smoother:
    """A separable Gaussian kernel on the 1-point fingerprint (``CELLS x CELLS``).

    Attributes:
        turnout_h: Bandwidth along turnout (rows), in cells (points).
        share_h: Bandwidth along the leader's share (columns), in cells.
    """

    turnout_h: float
    share_h: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Smooth one flattened histogram or a stack of them (rows), zero outside the grid."""
        a = np.ascontiguousarray(x, dtype=float).reshape(-1, CELLS, CELLS)
        a = _live_lines(a, self.turnout_h, axis=1)
        a = _live_lines(a, self.share_h, axis=2)
        return a.reshape(np.shape(x))

    def diagonal(self) -> np.ndarray:
        """Diagonal of ``K^T K`` per cell (flattened): the weight of one cell's own noise."""
        return _diagonal(self.turnout_h, self.share_h)


def _live_lines(a: np.ndarray, h: float, axis: int) -> np.ndarray:
    """``gaussian_filter1d`` along ``axis`` of a stack, run on the lines that are not all +0.

    The filter computes each line on its own, and a line of +0 stays +0: filtering only the
    others gives the same numbers. The simulation's pieces are sparse (half to two thirds of
    the lines of the first pass are empty), and smoothing them is most of a fit's cost.
    """
    live = np.any(a.view(np.int64) != 0, axis=axis)  # the bits of +0 are all 0, of -0 not
    if live.size == 0 or live.mean() > 0.9:  # gathering costs more than skipping saves
        return gaussian_filter1d(a, h, axis=axis, mode="constant", truncate=TRUNCATE)
    out = np.zeros_like(a)
    k, j = np.nonzero(live)
    at = (k, slice(None), j) if axis == 1 else (k, j, slice(None))
    out[at] = gaussian_filter1d(a[at], h, axis=1, mode="constant", truncate=TRUNCATE)
    return out


@lru_cache(maxsize=16)
def _diagonal(turnout_h: float, share_h: float) -> np.ndarray:
    # Cached: a fit asks for it at every profile point and for every bootstrap model.
    eye = np.eye(CELLS)
    rows = gaussian_filter1d(eye, turnout_h, axis=0, mode="constant", truncate=TRUNCATE)
    cols = gaussian_filter1d(eye, share_h, axis=0, mode="constant", truncate=TRUNCATE)
    out = np.outer((rows**2).sum(axis=0), (cols**2).sum(axis=0)).ravel()
    out.flags.writeable = False  # shared between callers
    return out


def smoother_for(turnout_width: float, share_width: float, n: int) -> Smoother:
    """The kernel for ``n`` stations whose cluster has the given spreads (fractions).

    Args:
        turnout_width: Spread of turnout (e.g. the lower side's, :func:`lower_side`).
        share_width: Spread of the leader's share.
        n: Number of stations.

    Returns:
        The smoother (Scott's rule, in 1-point cells).
    """
    scale = 100.0 * max(n, 1) ** SCOTT_EXPONENT
    return Smoother(max(turnout_width, 1e-3) * scale, max(share_width, 1e-3) * scale)


def sim_noise(
    model: np.ndarray, m: int, smooth: Smoother | None = None, smoothed: np.ndarray | None = None
) -> float:
    """The part of a loss that is the simulation's own noise, estimated without bias.

    A mean over ``m`` simulated stations has cell covariance ``(diag(q) - q q^T) / m``, so
    ``E|K (p - q_hat)|^2 = |K (p - q)|^2 + (sum(q * d) - |K q|^2) / m`` with ``d`` the
    diagonal of ``K^T K`` (without smoothing ``d = 1``: ``(1 - sum(q^2)) / m``); dividing by
    ``m - 1`` estimates it without bias from ``q_hat``. Left in, it favours compact models:
    lower f_i on the ridge where fair spread and f_i trade off. ``smoothed``: ``smooth(model)``
    when the caller has it already.
    """
    q = np.asarray(model, dtype=float).ravel()
    if smooth is None:
        return (1.0 - float(np.einsum("c,c->", q, q))) / max(m - 1, 1)
    kq = smooth(q) if smoothed is None else np.asarray(smoothed).ravel()
    own = float(np.einsum("c,c->", q, smooth.diagonal()))
    return (own - float(np.einsum("c,c->", kq, kq))) / max(m - 1, 1)


def loss_se(
    models: np.ndarray, p: np.ndarray, n: int, smooth: Smoother | None = None
) -> np.ndarray:
    """Standard error of ``loss_k - loss_j`` for every pair of profile points.

    ``loss_k - loss_j = |K q_k|^2 - |K q_j|^2 - 2 p.(z_k - z_j)`` with ``z = K^T K q``, and
    ``p`` is a multinomial share vector of ``n`` stations, so the variance is
    ``4 (p.d^2 - (p.d)^2) / n`` with ``d = z_k - z_j``.
    """
    seen = np.flatnonzero(p)  # only observed cells enter p.d and p.d^2
    z = models if smooth is None else smooth(smooth(models))
    q, w = z[:, seen], p[seen]
    pd2 = np.einsum("kc,kc,c->k", q, q, w)
    pd = np.einsum("kc,c->k", q, w)
    cross = np.einsum("kc,jc,c->kj", q, q, w)  # einsum, not BLAS: see grid_loss
    var = pd2[:, None] + pd2[None, :] - 2 * cross - (pd[:, None] - pd[None, :]) ** 2
    return 2.0 * np.sqrt(np.maximum(var, 0.0) / max(n, 1))
