"""The next election's volatility from the earlier pairs' own: a random-effects mean, its sd
and the between-pair sd."""

import numpy as np
import pytest

from tests.backtest.test_totals_volatility import random_pair
from votebank.backtest.baselines import information
from votebank.backtest.fit import _scale
from votebank.backtest.forecast import Params
from votebank.backtest.volatility import MIN_PAIRS, between_pairs, posterior


def test_equal_pairs_have_no_spread_and_their_common_mean():
    mu, se, tau = between_pairs(np.full(4, -0.5), np.full(4, 0.2))
    assert mu == pytest.approx(-0.5)
    assert tau == 0.0
    # Four equal measurements of sd 0.2: the mean's sd is 0.1.
    assert se == pytest.approx(0.1)


def test_pairs_far_apart_are_a_spread_not_a_precise_mean():
    y = np.array([-1.2, -0.9, -0.1, -0.2, -1.05, -0.5])
    mu, se, tau = between_pairs(y, np.full(6, 0.02))
    # Measured almost exactly, six log scales spread by their own sd: tau is that sd and the
    # mean is nearly their plain mean, not the most precise pair's.
    assert tau == pytest.approx(y.std(ddof=1), rel=0.02)
    assert mu == pytest.approx(y.mean(), abs=0.01)
    assert se == pytest.approx(y.std(ddof=1) / np.sqrt(6), rel=0.05)


@pytest.mark.parametrize(("n", "low", "high"), [(3, 0.66, 0.78), (6, 0.75, 0.86)])
def test_the_next_elections_volatility_and_its_90_percent_interval(n, low, high):
    # Simulated histories (seed 40): log scales drawn around -0.5 with sd 0.4 between
    # elections, each measured with an sd of 0.05-0.25. The between-pair sd is recovered
    # (a little low with few pairs: DerSimonian-Laird's known bias), and a normal interval
    # around so few measurements holds the next election's less often than it says: 72 %
    # with 3 pairs, 80 % with 6 (measured; bounds 3 sd of a binomial of 4000, about 2 points,
    # and more). The forecast draws it so (volatility.py says why it is not widened).
    rng = np.random.default_rng(40)
    hit, taus = [], []
    for _ in range(4000):
        se = rng.uniform(0.05, 0.25, n)
        mu, s, tau = between_pairs(rng.normal(-0.5, 0.4, n) + rng.normal(0, se), se)
        taus.append(tau)
        hit.append(abs(rng.normal(-0.5, 0.4) - mu) <= 1.645 * np.hypot(tau, s))
    assert 0.3 <= np.mean(taus) <= 0.42
    assert low <= np.mean(hit) <= high


def test_a_flat_likelihood_leaves_the_grid_mean():
    x = np.log(np.geomspace(0.3, 3.0, 17))
    mu, sd = posterior(np.zeros(17), x)
    assert mu == pytest.approx(x.mean())
    assert sd == pytest.approx(x.std())


def test_three_pairs_fit_one_volatility_each_and_fewer_pool_their_seats():
    pair = random_pair()
    one = [(pair, information(pair, "regional"), None, None)]
    p = Params(tau=0.123)
    # One pair: its seats pooled; the between-pair sd is the stand-in given (Params.tau).
    scale, sd, tau = _scale(one, p, "regional")
    assert tau == 0.123
    # The same pair three times: three equal volatilities, no spread; the mean is that
    # pair's own and its sd is the one pair's over sqrt(3).
    scale3, sd3, tau3 = _scale(one * MIN_PAIRS, p, "regional")
    assert tau3 == 0.0
    assert scale3 == pytest.approx(scale, rel=1e-6)
    assert sd3 == pytest.approx(sd / np.sqrt(3), rel=1e-6)
