"""Fit the close-seat error (:mod:`close`) on earlier pairs' seat totals.

For each point of :data:`CLOSE_GRID` x :data:`MU_GRID`, ensembles on the earlier pairs (the
first fitted ``scale``, no volatility draw: each earlier pair's volatility is its own) give
each of the pair's three largest parties' seat totals a mean and sd; the real totals, each
taken as normal, give the likelihood (:func:`close.totals_loglik`).

* ``mu_close`` is the grid value of the largest likelihood (over ``sd_close`` too) if it
  beats ``mu_close = 0`` by more than :data:`LR_GAIN` in the log (a likelihood-ratio test at
  5 %) and each of at least :data:`LEAN_PAIRS` earlier pairs, on its own, likes it better
  than no lean; else 0: like ``lam`` and ``phi``, a departure from the prior that needs clear
  evidence, and one pair's three seat totals are one draw of how close seats broke (fitted
  on UK 1997 -> 2001 alone, the lean went to the grid's end, -2, and UK 2005 given regional
  got 49 winners wrong against 34; carried by UK 2017's totals against 2015's, it went to
  -1 and UK 2019 given national got 63 winners wrong against its central path's 57).
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

from votebank.backtest.close import CLOSE_GRID, totals_loglik
from votebank.backtest.forecast import Params, ensemble, mean_shares, winners

MU_GRID = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)
LR_GAIN = 1.92  # log-likelihood gain a lean must show: chi-square(1) at 5 %, over 2
# Earlier pairs a lean needs: one pair is three seat totals, one draw of how close seats broke.
LEAN_PAIRS = 2


def fit_close(data, p: Params, given: str, runs: int) -> tuple[float, float]:
    """``(sd_close, mu_close)`` for ``data``, the earlier pairs as :func:`fit.fit_on` holds them."""
    # The mean shares do not depend on the close-seat error: one per pair, not per grid point.
    means = [mean_shares(pr, *info, p, given) for pr, info, _, _ in data]
    per_pair = np.zeros((len(data), len(CLOSE_GRID), len(MU_GRID)))
    for a, c in enumerate(CLOSE_GRID):
        for b, m in enumerate(MU_GRID):
            q = replace(p, sd_close=c, mu_close=m, tau=0.0, scale_sd=0.0)
            for i, ((pr, info, _, _), mean) in enumerate(zip(data, means, strict=True)):
                shares = ensemble(pr, mean, q, given, runs, 0, info)
                per_pair[i, a, b] = totals_loglik(pr.actual_winner, winners(pr, shares))
    loglik = per_pair.sum(axis=0)
    profile = loglik.max(axis=0)
    mu, none = int(profile.argmax()), MU_GRID.index(0.0)
    own = per_pair.max(axis=1)  # each pair's profile over the lean
    supported = int((own[:, mu] > own[:, none]).sum())
    if supported < LEAN_PAIRS or profile[mu] - profile[none] <= LR_GAIN:
        mu = none  # no clear evidence of a lean: none
    w = np.exp(loglik[:, mu] - loglik[:, mu].max())
    return float(w @ np.asarray(CLOSE_GRID) / w.sum()), MU_GRID[mu]
