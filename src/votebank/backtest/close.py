"""A party's error in the seats that are close: correlated across seats, it moves seat totals.

Independent seat errors flip close seats both ways, so a party's seat total stays near the
sum of its win probabilities, within a few seats; in real elections a party tends to win or
lose its close seats *together* (in all three shipped pairs the largest winner took more
seats than independent errors allow: PML-N 132 in 1997 against a 90 % interval of 105-117).
Each run therefore gives every party one more log-share error, ``u ~ N(0, sd_close)``,
weighed in each seat by how close that seat is *in that run* (:func:`run_closeness`): it
moves votes only where they change a winner, so raking to the given totals does not cancel
it (a shift of a party's votes in every seat alike would be raked away), and it leaves the
seats that are safe in the run, hence the Brier score, nearly unchanged.

The error is not centred on 0: its mean is ``mu_close`` times the party's given change in
its block (:func:`gains`). In every Pakistani pair the parties whose given share rose took
more seats than the ensemble expected and those whose share fell fewer (PML-N 1997, PPP and
PML-N 2008, PML-N 2013; PPP 1997, PML-Q 2008, PPP 2013): close seats went to the side the
swing ran to. Not in the UK (Labour's share rose in 2015 and 2017 and it won fewer seats
than expected), which is why the lean is fitted, and used only on clear evidence.

``sd_close`` and ``mu_close`` are fitted on earlier pairs (:func:`totals_loglik`). With no
earlier pair the prior is what that fit gives with no data: ``sd_close`` the mean of
:data:`CLOSE_GRID` (its posterior mean under the fit's flat prior), ``mu_close`` 0.
"""

from __future__ import annotations

import numpy as np

from votebank.backtest.baselines import labels_of

WIDTH = 0.15  # [E] log ratio to the rival at which a seat counts as 1/e^0.5 close
MAX_GAIN = 1.0  # [E] a given change beyond e-fold says no more about close seats
# The values of sd_close the fit weighs (module close_fit), with a flat prior over them.
CLOSE_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6)


def run_closeness(pair, shares: np.ndarray, width: float = WIDTH) -> np.ndarray:
    """Runs x candidates: ``exp(-d^2 / 2 width^2)`` from each run's own shares.

    ``d`` is the log ratio of the candidate's share to the best other named candidate's in
    its seat in that run (the runner-up's for the leader): 1 for a dead heat, 0.6 at a
    ratio of ``exp(width)``, nearly 0 in a safe or hopeless seat; 0 for an aggregate row
    (it cannot win). The slate is ordered by seat.
    """
    sl = pair.slate
    i = sl["i"].to_numpy()
    agg = sl["aggregate"].to_numpy(bool)
    x = np.where(agg[None, :], -np.inf, np.log(np.maximum(np.atleast_2d(shares), 1e-12)))
    # Segments of the seats that have candidates (a seat without any has no segment).
    _, starts, seg = np.unique(i, return_index=True, return_inverse=True)
    top = np.maximum.reduceat(x, starts, axis=1)[:, seg]
    is_top = x >= top
    second = np.maximum.reduceat(np.where(is_top, -np.inf, x), starts, axis=1)[:, seg]
    # Two candidates level at the top are each other's rival.
    second = np.where(np.add.reduceat(is_top, starts, axis=1)[:, seg] > 1, top, second)
    with np.errstate(invalid="ignore"):
        d = x - np.where(is_top, second, top)
        g = np.exp(-0.5 * (d / width) ** 2)
    return np.where(agg[None, :] | ~np.isfinite(g), 0.0, g)


def gains(pair, info) -> np.ndarray:
    """Per slate candidate: its label's given change in its block, ``log(T / B)`` in +-1.

    0 where either share is 0 (a label new to the block or gone from it) or with no
    ``info`` (nothing given); with ``--given none`` ``T`` is ``B``, so 0 everywhere.
    """
    sl = pair.slate
    if info is None:
        return np.zeros(len(sl))
    block_of, B, T = info
    col = {q: k for k, q in enumerate(labels_of(pair))}
    k = sl["label"].map(col).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where((B > 0) & (T > 0), np.log(T / np.where(B > 0, B, 1.0)), 0.0)
    return np.clip(c, -MAX_GAIN, MAX_GAIN)[block_of[sl["i"].to_numpy()], k]


def totals_loglik(actual: np.ndarray, won: np.ndarray, top: int = 3) -> float:
    """Log-likelihood of the ``top`` largest parties' real seat totals under an ensemble.

    ``won`` is runs x seats (winning labels); each party's total is taken as normal with the
    runs' mean and sd (sd at least 0.5 seat).
    """
    labels, counts = np.unique(actual, return_counts=True)
    out = 0.0
    for label in labels[np.argsort(-counts, kind="stable")][:top]:
        tot = (won == label).sum(axis=1)
        sd = max(float(tot.std()), 0.5)
        out += -0.5 * ((int((actual == label).sum()) - tot.mean()) / sd) ** 2 - np.log(sd)
    return float(out)
