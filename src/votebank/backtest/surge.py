"""Fit the first-defence surge (:func:`central.first_defence`) on earlier pairs.

A party that took a seat at the last election runs ahead of its swing at the next: its new
MP adds a personal vote the base share did not hold, and the party that lost the seat loses
its former MP's (the "sophomore surge" and "double incumbency" of British studies, at every
election since about 1979: levers.md 8.3, Kellner 2014, T. Smith via Mark Pack 2014 [S-weak]).
Chosen from that literature before any backtest was run with it.

``surge`` is how far those parties' log-share residuals run above those of the parties
defending seats they already held, the same party at the same base strength (least squares,
:func:`_gap`), in the earlier pairs where the election before the base is on the same seats
(pooled over pairs, weighed by the seats gained). It replaces the prior 0 only where it is
clear: at least :data:`MIN_SEATS` such seats, and a gap more than :data:`T_CLEAR` standard
errors from 0 with no lean applied (a t-test at about 5 %), like every other departure from
the prior. The lean is then raised in :data:`PASSES` passes until the forecast's shares show
that gap: renormalising each seat and raking take back about half of it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from votebank.backtest.central import defenders
from votebank.backtest.forecast import Params, mean_shares, strength

MIN_SEATS = 10
T_CLEAR = 2.0
PASSES = 4  # each seat's renormalisation keeps about half of a lean: passes to settle
CLIP = 3.0  # as the kinds' offsets: a candidate who all but vanished says little of a lean


def fit_surge(data, p: Params, given: str) -> float:
    """``surge`` for ``data``, the earlier pairs as :func:`fit.fit_on` holds them."""
    surge = 0.0
    for step in range(PASSES):
        gap, se, seats = _pooled(data, replace(p, surge=surge), given)
        # Tested where no lean is applied: the gap the shares show, not the larger lean that
        # renormalising needs to leave that gap in them.
        if step == 0 and (seats < MIN_SEATS or abs(gap) <= T_CLEAR * se):
            return 0.0
        surge += gap
    return round(surge, 3)


def _pooled(data, p: Params, given: str) -> tuple[float, float, int]:
    """``(gap, its standard error, seats gained)`` over the pairs, weighed by seats gained."""
    gaps = [_gap(pr, mean_shares(pr, *info, p, given), actual) for pr, info, _, actual in data]
    gaps = [g for g in gaps if g is not None]
    if not gaps:
        return 0.0, 0.0, 0
    gap, var, n = (np.array(column, dtype=float) for column in zip(*gaps, strict=True))
    return float(gap @ n / n.sum()), float(np.sqrt(var @ n**2) / n.sum()), int(n.sum())


def _gap(pair, mean: np.ndarray, actual: np.ndarray) -> tuple[float, float, int] | None:
    """``(residual of gained seats' defenders over held ones', its variance, seats gained)``.

    Least squares of the defenders' log residuals on their party, their party's log base
    share in the seat (:func:`forecast.strength`) and whether the seat was gained: a party's
    national error moves all its seats alike, and the seats a party has just taken are ones
    where it was weaker than where it held on. None where that cannot be measured.
    """
    if pair.gained is None:
        return None
    defends, gained = defenders(pair), pair.gained[pair.slate["i"].to_numpy()]
    took, held = defends & gained, defends & ~gained
    label = pair.slate["label"].to_numpy(dtype=object)
    both = np.intersect1d(label[took], label[held])  # parties with seats on both sides
    rows = (took | held) & np.isin(label, both)
    r = np.clip(np.log(np.maximum(actual, 1e-6) / np.maximum(mean, 1e-6)), -CLIP, CLIP)[rows]
    dummies = [label[rows] == party for party in both]
    x = np.column_stack([*dummies, strength(pair)[rows], took[rows]]).astype(float)
    dof = len(r) - x.shape[1]
    if took[rows].sum() < 2 or dof < 2:
        return None
    coef, *_ = np.linalg.lstsq(x, r, rcond=None)
    resid = r - x @ coef
    cov = np.linalg.pinv(x.T @ x) * (resid @ resid / dof)
    return float(coef[-1]), float(cov[-1, -1]), int(took[rows].sum())
