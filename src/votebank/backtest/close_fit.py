"""Fit the close-seat error (:mod:`close`) on earlier pairs' seat totals.

For each point of :data:`CLOSE_GRID` x :data:`MU_GRID`, ensembles on the earlier pairs (the
first fitted ``scale``, no volatility draw: each earlier pair's volatility is its own) give
each of the pair's three largest parties' seat totals a mean and sd; the real totals, each
taken as normal, give the likelihood (:func:`close.totals_loglik`).

* ``mu_close`` is the grid value of the largest likelihood (over ``sd_close`` too) if it
  beats ``mu_close = 0`` by more than :data:`LR_GAIN` in the log (a likelihood-ratio test at
  5 %) on at least :data:`LEAN_PAIRS` earlier pairs, else 0: like ``lam`` and ``phi``, a
  departure from the prior that needs clear evidence, and one pair's three seat totals are
  one draw of how close seats broke (fitted on UK 1997 -> 2001 alone, the lean went to the
  grid's end, -2, and UK 2005 given regional got 49 winners wrong against 34).
  Not a posterior mean: where the earlier pairs favour no lean (UK 2010 -> 2015's
  best point is ``mu_close = sd_close = 0``) it would still lean (0.2-0.5), pulled by how
  slowly the likelihood falls on one side; nor the bare mode, which jumps to the grid's
  ends when the likelihood is flat.
* ``sd_close`` is the posterior mean (flat prior over :data:`CLOSE_GRID`) at that
  ``mu_close``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from votebank.backtest.close import totals_loglik
from votebank.backtest.forecast import Params, ensemble, mean_shares, winners

CLOSE_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6)
MU_GRID = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)
LR_GAIN = 1.92  # log-likelihood gain a lean must show: chi-square(1) at 5 %, over 2
# Earlier pairs a lean needs: one pair is three seat totals, one draw of how close seats broke.
LEAN_PAIRS = 2


def fit_close(data, p: Params, given: str, runs: int) -> tuple[float, float]:
    """``(sd_close, mu_close)`` for ``data``, the earlier pairs as :func:`fit.fit` holds them."""
    # The mean shares do not depend on the close-seat error: one per pair, not per grid point.
    means = [mean_shares(pr, *info, p, given) for pr, info, _, _ in data]
    loglik = np.zeros((len(CLOSE_GRID), len(MU_GRID)))
    for a, c in enumerate(CLOSE_GRID):
        for b, m in enumerate(MU_GRID):
            q = replace(p, sd_close=c, mu_close=m, tau=0.0, scale_sd=0.0)
            for (pr, info, _, _), mean in zip(data, means, strict=True):
                shares = ensemble(pr, mean, q, given, runs, 0, info)
                loglik[a, b] += totals_loglik(pr.actual_winner, winners(pr, shares))
    profile = loglik.max(axis=0)
    mu = int(profile.argmax())
    if len(data) < LEAN_PAIRS or profile[mu] - profile[MU_GRID.index(0.0)] <= LR_GAIN:
        mu = MU_GRID.index(0.0)  # no clear evidence of a lean: none
    w = np.exp(loglik[:, mu] - loglik[:, mu].max())
    return float(w @ np.asarray(CLOSE_GRID) / w.sum()), MU_GRID[mu]
