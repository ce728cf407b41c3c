"""Raking: each seat sums to 1, the block totals match the given ones, and the compiled rounds
do what the plain NumPy rounds they replaced did."""

import numpy as np

from tests.backtest.test_totals_volatility import block_totals, random_pair
from votebank.backtest.baselines import information, labels_of
from votebank.backtest.raking import rake, seat_exp_normalise, seat_normalise


def numpy_rounds(pair, x, block_of, T, rounds):
    """The rounds as array operations, one run at a time: the reference."""
    sl = pair.slate
    i = sl["i"].to_numpy()
    k = sl["label"].map({q: n for n, q in enumerate(labels_of(pair))}).to_numpy()
    blk, size = block_of[i], pair.sizes()[i]
    want = T[blk, k]
    out = []
    for row in np.atleast_2d(x):
        row = row / np.bincount(i, row)[i]
        for _ in range(rounds):
            got = np.zeros(T.shape)
            np.add.at(got, (blk, k), row * size)
            have = got[blk, k] / got.sum(axis=1)[blk]
            row = row * np.where((want > 0) & (have > 0), want / np.maximum(have, 1e-12), 1.0)
            row = row / np.bincount(i, row)[i]
        out.append(row)
    return np.array(out)


def runs(pair, n, seed):
    return np.random.default_rng(seed).uniform(0.05, 1.0, (n, len(pair.slate)))


def test_raked_runs_sum_to_one_in_each_seat_and_match_the_given_totals():
    pair = random_pair()
    blk, _, T = information(pair, "national")
    x = runs(pair, 5, seed=1)
    out = rake(pair, x, blk, T, "national")
    i = pair.slate["i"].to_numpy()
    sums = np.stack([np.bincount(i, r) for r in out])
    np.testing.assert_allclose(sums, 1.0, atol=1e-12)
    # The draws start far from the given shares (0.1 or more off); 25 rounds close the gap.
    assert np.abs(block_totals(pair, x) - T[0]).max() > 0.05
    np.testing.assert_allclose(block_totals(pair, out), np.tile(T[0], (5, 1)), atol=1e-6)


def test_compiled_rounds_equal_the_numpy_rounds():
    pair = random_pair(seed=8)
    blk, _, T = information(pair, "national")
    x = runs(pair, 4, seed=2)
    for rounds in (1, 3, 10):
        np.testing.assert_allclose(
            rake(pair, x, blk, T, "national", rounds),
            numpy_rounds(pair, x, blk, T, rounds),
            rtol=1e-12,
        )


def test_with_nothing_given_the_shares_are_only_renormalised():
    pair = random_pair()
    blk, _, T = information(pair, "none")
    x = runs(pair, 3, seed=3)
    i = pair.slate["i"].to_numpy()
    np.testing.assert_allclose(rake(pair, x, blk, T, "none"), seat_normalise(x, i, len(pair.seats)))
    np.testing.assert_allclose(
        seat_normalise(x[0], i, len(pair.seats)), x[0] / np.bincount(i, x[0])[i]
    )


def test_shares_of_logs_too_large_for_exp_are_numbers():
    # A run far into the tails drew a log of 800: exp gave inf, and the seat's shares NaN
    # (the backtest then stopped with a traceback). Seats within reach are as before.
    i = np.array([0, 0, 1, 1, 2, 2])
    log = np.array([[800.0, 799.0, np.log(0.3), np.log(0.7), -900.0, -901.0]])
    out = seat_exp_normalise(log, i, 3)
    e = 1 / (1 + np.exp(-1.0))
    np.testing.assert_allclose(out[0], [e, 1 - e, 0.3, 0.7, e, 1 - e])
    assert np.array_equal(out[0, 2:4], seat_normalise(np.exp(log[:, 2:4]), i[2:4] - 1, 1)[0])
