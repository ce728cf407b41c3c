"""The smoothed loss of the Klimek fit, its noise accounting, and the stratified draws."""

from __future__ import annotations

import numpy as np
import pytest

from votebank.forensics.klimek_fit import make_draws
from votebank.forensics.klimek_grid import CELLS, F_E_GRID
from votebank.forensics.klimek_model import Fair, fair_counts
from votebank.forensics.klimek_pieces import changes, grid_loss
from votebank.forensics.klimek_smooth import loss_se, sim_noise, smoother_for


def blob(t0=55.0, s0=45.0, st=8.0, ss=7.0) -> np.ndarray:
    t, s = np.meshgrid(np.arange(CELLS), np.arange(CELLS), indexing="ij")
    q = np.exp(-0.5 * (((t - t0) / st) ** 2 + ((s - s0) / ss) ** 2)).ravel()
    return q / q.sum()


def test_bandwidth_follows_scotts_rule():
    k = smoother_for(0.08, 0.07, 10_000)
    assert k.turnout_h == pytest.approx(8.0 * 10_000 ** (-1 / 6))
    assert k.share_h == pytest.approx(7.0 * 10_000 ** (-1 / 6))
    assert smoother_for(0.08, 0.07, 1_000_000).turnout_h < k.turnout_h


def test_smoothed_sim_noise_is_unbiased():
    # E|K (q_hat - q)|^2 over multinomial means of m stations is what sim_noise says, both
    # from the true q (divided by m) and, on average, from the noisy q_hat (by m - 1).
    q = blob()
    k = smoother_for(0.08, 0.07, 10_000)
    m = 4_000
    rng = np.random.default_rng(0)
    hats = rng.multinomial(m, q, size=300) / m
    seen = np.sum((k(hats) - k(q)) ** 2, axis=1)
    expected = sim_noise(q, m + 1, k)  # (m + 1) - 1 = m: the formula at the true q
    assert np.mean(seen) == pytest.approx(expected, rel=0.05)
    assert np.mean([sim_noise(h, m, k) for h in hats[:50]]) == pytest.approx(expected, rel=0.05)
    # Smoothing removes most of the cell noise (the point of it).
    assert expected < 0.1 * sim_noise(q, m + 1)


def test_smoothed_grid_loss_equals_the_direct_sum():
    rng = np.random.default_rng(1)
    d = make_draws(rng.integers(200, 2000, 500).astype(float), 3_000, 0.15, rng=rng)
    fair = Fair(0.55, 0.08, 0.45, 0.07)
    grid_i = np.round(np.arange(0.0, 1.0 + 1e-9, 0.1), 4)
    ch = changes(d, fair, (1.0,), grid_i, F_E_GRID)[1.0]
    p = blob(60.0, 50.0)
    k = smoother_for(0.08, 0.07, 3_000)
    valid = np.ones((len(grid_i), len(F_E_GRID)), dtype=bool)
    loss = grid_loss(ch, p, len(d), valid, k)
    for i, e in [(0, 0), (4, 3), (10, 20)]:
        direct = np.sum((k(p) - k(ch.histogram(i, e) / len(d))) ** 2)
        assert loss[i, e] == pytest.approx(direct, rel=1e-9, abs=1e-15)
    # Without the kernel it is the plain sum of squares.
    plain = grid_loss(ch, p, len(d), valid)
    assert plain[4, 3] == pytest.approx(np.sum((p - ch.histogram(4, 3) / len(d)) ** 2))


def test_loss_se_matches_resampled_loss_differences():
    q1, q2 = blob(), blob(57.0, 47.0, 9.0, 7.5)
    k = smoother_for(0.08, 0.07, 2_000)
    n = 2_000
    rng = np.random.default_rng(2)
    ps = rng.multinomial(n, q1, size=400) / n
    diff = np.sum((k(ps) - k(q1)) ** 2, axis=1) - np.sum((k(ps) - k(q2)) ** 2, axis=1)
    se = loss_se(np.array([q1, q2]), q1, n, k)[0, 1]
    assert np.std(diff) == pytest.approx(se, rel=0.12)


def test_stratified_draws_steady_the_simulated_percentiles():
    # The fair parameters are solved by matching simulated lower percentiles to observed
    # ones; stratified draws make the simulated percentile far steadier than plain ones,
    # while each draw keeps its distribution.
    reg = np.full(100, 1000.0)
    fair = Fair(0.55, 0.08, 0.45, 0.07)

    def q10(stratified: bool, seed: int) -> float:
        d = make_draws(reg, 20_000, 0.15, rng=np.random.default_rng(seed), stratified=stratified)
        w, o = fair_counts(d, fair)
        return float(np.quantile((w + o) / d.registered, 0.10))

    plain = np.std([q10(False, s) for s in range(30)])
    strat = np.std([q10(True, s) for s in range(30)])
    assert strat < 0.6 * plain  # measured: 0.4 (integer counts keep some noise)
    d = make_draws(reg, 50_000, 0.15, rng=np.random.default_rng(3), stratified=True)
    assert np.mean(d.z_turnout) == pytest.approx(0.0, abs=0.01)
    assert np.std(d.z_leader) == pytest.approx(1.0, abs=0.01)
    assert np.mean(d.u < 0.3) == pytest.approx(0.3, abs=0.001)
