"""The upper tail of a sum of unequal Bernoulli trials: exact, and its normal approximation."""

import numpy as np
import pytest

from votebank.forensics.poisson_binomial import (
    _poisson_binomial_pmf,
    _refined_normal_sf,
    poisson_binomial_sf,
)


def test_poisson_binomial_matches_convolution():
    p = np.random.default_rng(0).random(57)
    pmf = np.array([1.0])
    for q in p:
        pmf = np.convolve(pmf, [1 - q, q])
    for k in (0, 10, 28, 40, 57, 58):
        assert poisson_binomial_sf(p, k) == pytest.approx(pmf[k:].sum(), abs=1e-12)
    assert poisson_binomial_sf(np.array([1.0, 1.0, 0.0]), 2) == 1.0
    assert poisson_binomial_sf(np.array([1.0, 1.0, 0.0]), 3) == 0.0


def test_the_normal_approximation_is_close_where_it_is_used():
    # Skewed chances (most near 0, as a station's chance of a round count is): the skewness
    # term is what keeps the tail right (a plain normal is 1e-3 off at 2 sd). Bound: 1e-4.
    p = np.random.default_rng(1).beta(0.5, 20.0, 20_000)
    exact = _poisson_binomial_pmf(p)
    mu, sd = p.sum(), np.sqrt(np.sum(p * (1 - p)))
    for z in (-2, 0, 1, 2, 3, 4):
        k = int(np.ceil(mu + z * sd))
        assert _refined_normal_sf(p, k) == pytest.approx(exact[k:].sum(), abs=1e-4)


def test_a_far_tail_is_its_own_size_not_rounding_noise():
    # 15 stations at exactly 100% turnout, each with a 1-in-60 chance: p is 60^-15, not 0
    # (the pile-up test read "p = 0"); and a tail of 1e-27 among 3,000 stations read 9e-15.
    assert poisson_binomial_sf(np.full(15, 1 / 60), 15) == pytest.approx(60.0**-15, rel=1e-9, abs=0)
    assert poisson_binomial_sf(np.full(15, 1 / 60), 14) == pytest.approx(
        (60.0**-15) * (1 + 15 * 59), rel=1e-9, abs=0
    )
    p = np.random.default_rng(0).uniform(0.005, 0.02, 3000)
    pmf = np.array([1.0])
    for q in p:
        pmf = np.convolve(pmf, [1 - q, q])[:200]
    for k in (100, 120, 150):
        assert poisson_binomial_sf(p, k) == pytest.approx(pmf[k:].sum(), rel=1e-9, abs=0)
