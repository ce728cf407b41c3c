"""How volatile the next election will be, from the earlier pairs' own volatilities.

Each earlier pair supports its own error scale (a posterior over ``log scale`` from how far
its seats' Brier scores are from what its ensembles expect: :func:`votebank.backtest.fit`).
Elections differ in volatility: fitted each on its own, the shipped UK pairs' scales run from
0.30 (2010 -> 2015) to 0.91 (1983 -> 1987), with no relation to the size of the national
change (docs/validation.md). With three or more earlier pairs that spread can be measured,
and the next election is one more draw from it: a random-effects mean of the pairs' log
scales (DerSimonian and Laird's between-pair variance), the sd of that mean, and the
between-pair sd. With fewer, one or two pairs measure no spread.

Drawn normal around so few measurements, the next election's log scale falls inside its
90 % interval about 72 % of the time with three pairs and 80 % with six (simulated:
tests/backtest/test_volatility.py). Widening both sds to Student's t with ``n - 1`` df
(86-87 %) was tried and not kept: on the shipped UK pairs it worsened the log score in six
rows of eight and put 95-97 % of the 1992 shares inside their 90 % intervals
(docs/validation.md, fortieth pass).
"""

from __future__ import annotations

import numpy as np

MIN_PAIRS = 3  # fewer pairs measure no spread between elections


def posterior(loglik: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    """Mean and sd of ``x`` (log scales) under a flat prior and this log-likelihood."""
    w = np.exp(loglik - loglik.max())
    w /= w.sum()
    mu = float((w * x).sum())
    return mu, float(np.sqrt((w * (x - mu) ** 2).sum()))


def between_pairs(mu: np.ndarray, sd: np.ndarray) -> tuple[float, float, float]:
    """``(mean, sd of the mean, between-pair sd)`` of log scales ``mu`` known to ``sd``."""
    s2 = np.maximum(np.asarray(sd, dtype=float) ** 2, 1e-6)  # a grid's edge gives sd 0
    y = np.asarray(mu, dtype=float)
    w = 1.0 / s2
    fixed = (w * y).sum() / w.sum()
    q = (w * (y - fixed) ** 2).sum()
    tau2 = max(0.0, (q - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    w = 1.0 / (s2 + tau2)
    return float((w * y).sum() / w.sum()), float(np.sqrt(1.0 / w.sum())), float(np.sqrt(tau2))
