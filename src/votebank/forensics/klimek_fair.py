"""The fair parameters of the Klimek model, taken from the side of the peak fraud does not reach.

Stuffing only moves stations to higher turnout and a higher leader share, so the main peak's
mode (searched below 90%) and its left half-width (the root-mean-square distance from the mode
of the stations below it) keep the fair values when fraud is rare: that is the first guess.

The fit then solves: it looks for fair parameters under which the model *at the trial fraud
shares* reproduces the observed lower side of each distribution, summarised by its 10th and
35th percentiles. Solving makes widespread fraud (which drags the mode itself) harmless, and
percentiles are far steadier than a mode: with a few thousand stations the mode of a
smoothed histogram wanders by a fifth of a standard deviation, and every wander to the left
reads as a heavier right tail, i.e. as incremental fraud.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from votebank.forensics.klimek_fit import fine_centres, fine_index
from votebank.forensics.klimek_grid import CELLS, FINE
from votebank.forensics.klimek_model import Draws, Fair, fair_counts, with_fraud

MODE_BELOW = 0.9  # the right tail and the pile-up near 100% belong to fraud
SMOOTH_SD = 1.5  # points of light smoothing: a flat-topped peak still has a stable mode


LOW_QUANTILES = (0.10, 0.35)
_Z = (-1.2815515655446004, -0.38532046640756773)  # normal quantiles at LOW_QUANTILES


@dataclass(frozen=True)
class Peak:
    """Centre and spread of the turnout and share distributions (fractions).

    Read either as mode and left half-width (:func:`peak`) or from the lower percentiles
    (:func:`lower_side`); the solver compares like with like.
    """

    turnout_mode: float
    turnout_width: float
    share_mode: float
    share_width: float


def mode_and_left_width(counts: np.ndarray) -> tuple[float, float]:
    """Mode (searched below 90%) and left half-width of a fine 1-D histogram.

    Args:
        counts: Fine 1-D histogram (``CELLS * FINE`` quarter-point cells).

    Returns:
        ``(mode, half-width)``; NaN for an empty histogram.
    """
    centres = fine_centres()
    h = np.asarray(counts, dtype=float)
    if h.sum() <= 0:
        return math.nan, math.nan
    radius = int(4 * SMOOTH_SD * FINE)
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / (SMOOTH_SD * FINE)) ** 2)
    smooth = np.convolve(h, kernel, mode="same")
    mode = float(centres[np.argmax(np.where(centres < MODE_BELOW, smooth, -1.0))])
    left = centres < mode
    if h[left].sum() <= 0:  # nothing below the mode: use the spread on both sides
        left = np.ones_like(left)
    width = math.sqrt(np.sum(h[left] * (centres[left] - mode) ** 2) / h[left].sum())
    return mode, max(width, 1e-3)


def peak(fine: np.ndarray) -> Peak:
    """Mode and left half-width of both margins of a fine 2-D histogram."""
    return Peak(*mode_and_left_width(fine.sum(axis=1)), *mode_and_left_width(fine.sum(axis=0)))


def centre_and_width(counts: np.ndarray) -> tuple[float, float]:
    """Centre and spread a normal would have, from its 10th and 35th percentiles.

    Args:
        counts: Fine 1-D histogram.

    Returns:
        ``(centre, width)``; NaN for an empty histogram.
    """
    h = np.asarray(counts, dtype=float)
    total = h.sum()
    if total <= 0:
        return math.nan, math.nan
    edges = fine_centres() + 0.5 / (100.0 * FINE)  # upper edge of each fine cell
    cum = np.cumsum(h) / total
    q = [float(np.interp(p, cum, edges)) for p in LOW_QUANTILES]
    width = max((q[1] - q[0]) / (_Z[1] - _Z[0]), 1e-3)
    return q[1] - _Z[1] * width, width


def lower_side(fine: np.ndarray) -> Peak:
    """Centre and spread of both margins of a fine 2-D histogram, from lower percentiles."""
    return Peak(*centre_and_width(fine.sum(axis=1)), *centre_and_width(fine.sum(axis=0)))


def first_guess(pk: Peak) -> Fair:
    """Fair parameters read straight off the peak.

    The share of the model is ``l / (l + r)`` with ``l ~ N(lam, sigma)`` and
    ``r ~ N(1 - lam, sigma)``; to first order its spread is ``sigma * sqrt(lam^2 +
    (1 - lam)^2)``, which gives ``sigma`` from the share's half-width.
    """
    lam = pk.share_mode
    sigma = pk.share_width / math.sqrt(lam**2 + (1.0 - lam) ** 2)
    return Fair(pk.turnout_mode, pk.turnout_width, lam, sigma)


def simulated_side(d: Draws, fair: Fair, f_i: float, f_e: float, alpha: float) -> Peak:
    """The lower side of the model simulated on draws ``d`` at the given parameters."""
    w0, o0 = fair_counts(d, fair)
    x = np.where(d.u < f_i, d.x_inc, np.where(1.0 - d.u < f_e, d.x_ext, 0.0))
    w, o = with_fraud(d.registered, w0, o0, x, alpha)
    votes = w + o
    ok = votes > 0
    k = CELLS * FINE
    turnout = np.bincount(fine_index(votes[ok] / d.registered[ok]), minlength=k)
    share = np.bincount(fine_index(w[ok] / votes[ok]), minlength=k)
    return Peak(*centre_and_width(turnout), *centre_and_width(share))


def invert(
    target: Peak, d: Draws, start: Fair, f_i: float, f_e: float, alpha: float, steps: int = 4
) -> Fair:
    """Fair parameters whose model, at these fraud shares, has the ``target`` lower side.

    A few fixed-point steps: shift each mean by the gap between the modes and scale each
    spread by the ratio of the half-widths. This also corrects the small biases of reading
    the model's parameters off binned data.

    Args:
        target: The observed lower side (:func:`lower_side`).
        d: Standard draws of the simulation.
        start: Starting fair parameters.
        f_i: Incremental share.
        f_e: Extreme share.
        alpha: Exponent of the moved votes.
        steps: Fixed-point steps.

    Returns:
        The fair parameters.
    """
    fair = start
    for _ in range(steps):
        sim = simulated_side(d, fair, f_i, f_e, alpha)
        fair = Fair(
            float(np.clip(fair.turnout_mean + target.turnout_mode - sim.turnout_mode, 0, 1)),
            float(np.clip(fair.turnout_sd * target.turnout_width / sim.turnout_width, 1e-3, 1)),
            float(np.clip(fair.share_mean + target.share_mode - sim.share_mode, 0, 1)),
            float(np.clip(fair.share_sd * target.share_width / sim.share_width, 1e-3, 1)),
        )
    return fair
