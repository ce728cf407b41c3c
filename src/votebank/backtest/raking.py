"""Raking: shares renormalised in each seat whose block totals match the given ones.

Every forecast and every run of every ensemble is raked, and fitting a forecast rakes
thousands of them, so the rounds run compiled: one pass over the candidates sums the
(block, label) cells, a second scales each candidate and sums its seat, a third
renormalises. The slate is ordered by seat.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from votebank.backtest.baselines import labels_of
from votebank.backtest.pair import Pair


def rake(
    pair: Pair, x: np.ndarray, block_of: np.ndarray, T: np.ndarray, given: str, rounds: int = 25
) -> np.ndarray:
    """Seat-normalised shares whose block totals (seats weighed by :meth:`Pair.sizes`) match ``T``.

    Alternately scale each label's candidates in a block to its given share and renormalise
    each seat (iterative proportional fitting); labels with no given share keep their size.
    With ``given`` none there is no total to match (``T`` is only the base, which the target
    slate may not fit), so the shares are only renormalised. ``x`` is one forecast
    (candidates) or an ensemble (runs x candidates): each run is raked on its own.
    """
    sl = pair.slate
    i = sl["i"].to_numpy()
    col = {q: k for k, q in enumerate(labels_of(pair))}
    k = sl["label"].map(col).to_numpy()
    blk = block_of[i]
    size = pair.sizes()[i]
    size = np.where(size > 0, size, size[size > 0].mean() if (size > 0).any() else 1.0)
    rows = seat_normalise(np.atleast_2d(x).astype(float), i, len(pair.seats))
    if given != "none":
        _fit_rounds(
            rows,
            i.astype(np.int64),
            (blk * T.shape[1] + k).astype(np.int64),
            blk.astype(np.int64),
            size.astype(float),
            T[blk, k].astype(float),
            len(pair.seats),
            T.size,
            len(T),
            rounds,
        )
    return rows[0] if np.ndim(x) == 1 else rows


def seat_normalise(x: np.ndarray, i: np.ndarray, n: int) -> np.ndarray:
    """Divide each candidate's value by its seat's total (last axis is candidates).

    ``i`` is each candidate's seat, in order; ``n`` the number of seats.
    """
    rows = np.atleast_2d(x)
    tot = np.zeros((rows.shape[0], n))
    starts = _seat_starts(i)
    seats = i[starts]
    tot[:, seats] = np.add.reduceat(rows, starts, axis=1)
    out = rows / tot[:, i]
    return out[0] if x.ndim == 1 else out


EXP_SAFE = 600.0
"""Logs within this of 0 are exponentiated as they are (exp overflows just above 709)."""


def seat_exp_normalise(log: np.ndarray, i: np.ndarray, n: int) -> np.ndarray:
    """:func:`seat_normalise` of ``exp(log)``, where it would overflow (or all vanish) too.

    A run drawn far into the tails (a volatility of e^5) put a log above 709: exp gave inf,
    and inf / inf a share that is not a number. Only such a seat's logs are shifted by their
    largest (which the shares do not depend on); every other seat is as it was, bit for bit.
    """
    rows = np.atleast_2d(log)
    starts = _seat_starts(i)
    top = np.zeros((rows.shape[0], n))
    top[:, i[starts]] = np.maximum.reduceat(rows, starts, axis=1)
    far = np.abs(top) > EXP_SAFE
    if far.any():  # rare: the common run pays one maximum, not a shift of every share
        rows = rows - np.where(far, top, 0.0)[:, i]
    out = seat_normalise(np.exp(rows), i, n)
    return out[0] if log.ndim == 1 else out


def _seat_starts(i: np.ndarray) -> np.ndarray:
    """Where each seat's candidates begin (``i`` is in order: no sort needed)."""
    return np.flatnonzero(np.r_[True, i[1:] != i[:-1]])


@njit(cache=True)
def _fit_rounds(rows, seat, cell, block, size, want, n_seats, n_cells, n_blocks, rounds):
    """``rounds`` of raking each row of ``rows`` (runs x candidates) in place."""
    got = np.empty(n_cells)
    tot = np.empty(n_blocks)
    seat_tot = np.empty(n_seats)
    for r in range(rows.shape[0]):
        x = rows[r]
        for _ in range(rounds):
            got[:] = 0.0
            tot[:] = 0.0
            for j in range(x.size):
                votes = x[j] * size[j]
                got[cell[j]] += votes
                tot[block[j]] += votes
            seat_tot[:] = 0.0
            for j in range(x.size):
                have = got[cell[j]] / max(tot[block[j]], 1e-12)
                if want[j] > 0 and have > 0:
                    x[j] *= want[j] / max(have, 1e-12)
                seat_tot[seat[j]] += x[j]
            for j in range(x.size):
                x[j] /= seat_tot[seat[j]]
