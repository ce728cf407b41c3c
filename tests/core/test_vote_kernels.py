"""The compiled vote loops draw what NumPy would draw, and their conditionals are right."""

import numpy as np
import pytest
from numba import njit

from votebank.core.vote_kernels import _categorical
from votebank.rng import conditionals


@njit
def _numba_binomials(gen, n, p):
    out = np.empty(n.shape[0], np.int64)
    for i in range(n.shape[0]):
        out[i] = gen.binomial(n[i], p[i])
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_numba_binomial_matches_numpy_draw_for_draw(seed):
    # Small n*p (inversion), large n*p (BTPE), p above one half, and the edges 0 and 1.
    rng = np.random.default_rng(seed)
    n = np.concatenate([rng.integers(0, 60, 5000), rng.integers(0, 2_000_000, 5000), [0, 7, 7]])
    p = np.concatenate([rng.random(10_000), [0.3, 0.0, 1.0]])
    ours = _numba_binomials(np.random.Generator(np.random.PCG64(seed)), n, p)
    numpy = np.random.Generator(np.random.PCG64(seed)).binomial(n, p)
    assert np.array_equal(ours, numpy)


def test_conditionals_multiply_back_to_the_probabilities():
    probs = np.random.default_rng(0).dirichlet(np.ones(5), size=200)
    probs[:10, 2:] = 0.0  # candidates absent from a seat
    probs[:10] /= probs[:10].sum(axis=1, keepdims=True)
    cond = conditionals(probs)
    untaken = np.cumprod(np.hstack([np.ones((200, 1)), 1 - cond[:, :-1]]), axis=1)
    assert np.allclose(cond * untaken, probs, atol=1e-12)
    assert np.all((cond >= 0) & (cond <= 1))
    assert np.allclose(cond[probs[:, -1] > 0, -1], 1.0)


def test_direct_entry_point_draws_as_the_dispatcher():
    from votebank.core.vote_kernels import direct

    n, p = np.arange(1, 200), np.linspace(0.01, 0.99, 199)
    via_dispatch = _numba_binomials(np.random.default_rng(3), n, p)
    kernel = direct(_numba_binomials, (np.random.default_rng(0), n, p))
    assert kernel is not _numba_binomials
    assert np.array_equal(kernel(np.random.default_rng(3), n, p), via_dispatch)
    plain = _numba_binomials.py_func
    assert direct(plain, ()) is plain  # Python originals (floor.py's recording) pass through


def test_seats_of_individuals_are_recognised_seat_by_seat():
    from votebank.core.vote import one_voter_seats

    # Seat 0: cohorts of one; seat 1 holds none; seat 2 one cohort of two; seat 3 of one.
    count = np.array([1, 1, 1, 2, 1, 1])
    bounds = np.array([0, 3, 3, 4, 6])
    seats = np.array([0, 2, 3])
    assert one_voter_seats(count, bounds, seats).tolist() == [True, False, True]
    assert (
        one_voter_seats(np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), seats[:0]).size
        == 0
    )


@njit
def _categoricals(cum, gen, n):
    out = np.zeros(cum.shape[0], np.int64)
    for _ in range(n):
        out[_categorical(cum, gen)] += 1
    return out


def test_a_voter_s_categorical_draw_has_the_right_chances():
    # Chi-square bound: 4 live categories, 3 degrees of freedom, p = 1e-6 -> 30.7.
    probs = np.array([0.5, 0.0, 0.3, 0.2, 0.0])
    n = 200_000
    got = _categoricals(np.cumsum(probs), np.random.default_rng(4), n)
    assert got[1] == 0
    assert got[4] == 0
    live = probs > 0
    expected = n * probs[live]
    assert ((got[live] - expected) ** 2 / expected).sum() < 30.7
