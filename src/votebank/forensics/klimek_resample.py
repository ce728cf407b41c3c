"""Bootstrap resamples of stations as counts on the occupied cells of a fine histogram.

A resample of stations is a multinomial draw over the cells of the fine 2-D histogram that
hold stations. The bootstrap needs of it only its 1-point histogram and its corner cap:
:class:`Occupied` sums the drawn counts into them directly (the same whole numbers as
``coarse`` and ``corner_cap`` of the resample's 404 x 404 histogram, which took most of a
resample's time to fill and sum).
"""

from __future__ import annotations

import numpy as np

from votebank.forensics.klimek_corner import cap_for, corner_start
from votebank.forensics.klimek_grid import CELLS, FINE


class Occupied:
    """The occupied cells of a fine histogram, to draw resamples of its stations on.

    Attributes:
        shape: Shape of the fine histogram.
        cells: Flat indices of its occupied cells.
        n: Number of stations.
        prob: Share of the stations in each occupied cell.
    """

    def __init__(self, fine: np.ndarray) -> None:
        flat = fine.ravel()
        self.shape = fine.shape
        self._dtype = flat.dtype
        self.cells = np.flatnonzero(flat)
        self.n = int(flat.sum())
        self.prob = flat[self.cells] / self.n
        row, col = np.divmod(self.cells, fine.shape[1])
        self._coarse = (row // FINE) * CELLS + col // FINE
        t0, s0 = corner_start()
        self._corner = (row >= t0) & (col >= s0)

    def draw(self, rng: np.random.Generator) -> np.ndarray:
        """Counts of a resample of the stations, per occupied cell."""
        return rng.multinomial(self.n, self.prob)

    def fine(self, counts: np.ndarray) -> np.ndarray:
        """The resample's fine 2-D histogram."""
        out = np.zeros(int(np.prod(self.shape)), dtype=self._dtype)
        out[self.cells] = counts
        return out.reshape(self.shape)

    def shares(self, counts: np.ndarray) -> np.ndarray:
        """``coarse(fine) / n`` of the resample, flattened."""
        return np.bincount(self._coarse, weights=counts, minlength=CELLS * CELLS) / self.n

    def cap(self, counts: np.ndarray) -> float:
        """``corner_cap(fine)`` of the resample."""
        n = max(self.n, 1)
        return cap_for(float(counts[self._corner].sum()) / n, n)
