"""A per-seat damped fixed point with backtracking: the update rule of ``calibrate.match``.

Each seat holds some inputs (a row of ``values``: its candidates' appeals, or its turnout
logit). After each ensemble, :meth:`Raking.observe` takes the error of the seat's means and the
gap to close, in input units; a seat whose error (root sum of squares over its row) is the
lowest so far keeps these inputs as its best, one whose error grew goes back to its best with
half its step size (a mean share is a step function of the appeals where a few large blocs
switch, and a full step can jump over the target). :meth:`Raking.step` then moves every masked
input from its seat's best by ``eta x gap``, clipped.
"""

from __future__ import annotations

import numpy as np

MIN_ETA = 0.02  # the smallest step size a seat falls to


def logit(p: np.ndarray) -> np.ndarray:
    """The log odds, with ``p`` kept inside (1e-6, 1 - 1e-6)."""
    q = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(q / (1 - q))


class Raking:
    """Per-seat damped fixed-point updates of a seat x k array of inputs.

    Args:
        values: The starting inputs (seats x k).
        eta: The starting step size (share of the gap closed per update).
        mask: Which inputs are matched (seats x k); the others never move.
        low: Floor of an input.
        high: Ceiling of an input.
        limit: Largest change of one input in one update.
    """

    def __init__(
        self,
        values: np.ndarray,
        eta: float,
        mask: np.ndarray,
        low: float,
        high: float,
        limit: float,
    ) -> None:
        self.values = np.asarray(values, dtype=float).copy()
        self.mask = np.asarray(mask, dtype=bool)
        self.low, self.high, self.limit = low, high, limit
        seats = self.values.shape[0]
        self.best = self.values.copy()
        self.best_error = np.full(seats, np.inf)
        self.best_gap = np.zeros_like(self.values)
        self.residual = np.full(self.values.shape, np.nan)
        self.eta = np.full(seats, float(eta))

    def observe(self, iteration: int, error: np.ndarray, gap: np.ndarray) -> np.ndarray:
        """Record an ensemble's errors at the current values.

        Args:
            iteration: 0 for the first ensemble (no step size is halved there).
            error: Mean simulated minus real, per input (seats x k; used where masked).
            gap: What would close the error, in input units (seats x k).

        Returns:
            The masked errors at each seat's best values so far (flat).
        """
        err = np.where(self.mask, error, 0.0)
        seat_error = np.sqrt((err**2).sum(axis=1))
        better = seat_error < self.best_error
        self.best_error = np.where(better, seat_error, self.best_error)
        self.best = np.where(better[:, None], self.values, self.best)
        self.best_gap = np.where(better[:, None], gap, self.best_gap)
        self.residual = np.where(better[:, None], np.where(self.mask, err, np.nan), self.residual)
        halve = ~better & (iteration > 0)
        self.eta = np.where(halve, np.maximum(self.eta / 2, MIN_ETA), self.eta)
        return self.residual[self.mask]

    def step(self) -> float:
        """Move the inputs from each seat's best; return the root mean square step."""
        step = np.clip(self.eta[:, None] * self.best_gap, -self.limit, self.limit)
        step = np.where(self.mask, step, 0.0)
        self.values = np.clip(self.best + step, self.low, self.high)
        return float(np.sqrt(np.mean(step[self.mask] ** 2))) if self.mask.any() else 0.0
