"""The Klimek fit's shortcuts give the numbers of the direct computation, to the bit.

A profile point (klimek_point) is fit_grid cut to what the fit reads; the smoother skips
empty lines; the smoothed grid loss smooths only the allowed f_e; a bootstrap resample is
summed from its counts without its fine histogram. Each must change no result: every
comparison here is of the bytes, not approximate.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d

from votebank.forensics.klimek_corner import corner_cap, f_e_grid_for
from votebank.forensics.klimek_fit import coarse, fine_histogram, fit_grid, make_draws
from votebank.forensics.klimek_grid import CELLS, F_E_GRID
from votebank.forensics.klimek_model import Fair, joined
from votebank.forensics.klimek_pieces import changes, grid_loss, smoothed_loss
from votebank.forensics.klimek_point import profile_point
from votebank.forensics.klimek_resample import Occupied
from votebank.forensics.klimek_smooth import TRUNCATE, Smoother, smoother_for
from votebank.forensics.synthetic import klimek_synthetic

FAIR = Fair(0.55, 0.08, 0.45, 0.07)


def bits(x) -> bytes:
    return np.asarray(x, dtype=float).tobytes()


def observed(seed: int, **fraud: float) -> np.ndarray:
    res, _ = klimek_synthetic(1_500, rng=np.random.default_rng(seed), **fraud)
    ok = res.valid > 0
    turnout = res.ballots[ok] / res.registered[ok]
    share = res.leader_votes[ok] / res.valid[ok]
    return fine_histogram(turnout, share)


@pytest.mark.parametrize(
    ("fraud", "alpha", "f_i", "smooth"),
    [
        ({}, 1.0, 0.0, True),  # clean: the cap allows f_e 0 only
        ({"f_i": 0.1, "f_e": 0.03}, 0.5, 0.2, True),  # the cap allows 9 of 21 values
        ({"f_e": 0.5}, 1.0, 0.3, True),  # a large corner: 64 of 71 allowed
        ({"f_e": 0.5}, 2.0, 0.9, True),  # f_i + f_e <= 1 allows 21 of 71
        ({"f_i": 0.1, "f_e": 0.03}, 1.0, 0.4, False),  # unsmoothed: fit_grid itself
    ],
)
def test_profile_point_is_fit_grid_at_one_point(fraud, alpha, f_i, smooth):
    fine = observed(3, **fraud)
    obs = coarse(fine)
    n = int(fine.sum())
    cap = corner_cap(fine)
    grid_e = f_e_grid_for(F_E_GRID, cap, n)
    rng = np.random.default_rng(4)
    reps = [make_draws(np.full(500, 900.0), 2_000, 0.15, rng=rng) for _ in range(3)]
    k = smoother_for(0.08, 0.07, n) if smooth else None
    g = fit_grid(
        obs, FAIR, reps, alphas=(alpha,), f_i_grid=np.array([f_i]), f_e_grid=grid_e,
        details=False, f_e_max=cap, smooth=k,
    )  # fmt: skip
    pt = profile_point(obs, FAIR, joined(reps), alpha, f_i, grid_e, cap, k)
    assert bits(pt.f_e) == bits(g.f_e)
    assert bits(pt.compared_loss) == bits(g.compared_loss)
    assert bits(pt.loss) == bits(g.loss)
    assert bits(pt.model) == bits(g.model)


def test_smoothed_grid_loss_reads_only_the_allowed_f_e():
    rng = np.random.default_rng(5)
    d = make_draws(rng.integers(200, 2000, 500).astype(float), 3_000, 0.15, rng=rng)
    grid_i = np.round(np.arange(0.0, 1.0 + 1e-9, 0.1), 4)
    ch = changes(d, FAIR, (1.0,), grid_i, F_E_GRID)[1.0]
    p = coarse(observed(6, f_e=0.05)).ravel() / 1_500
    k = smoother_for(0.08, 0.07, 1_500)
    valid = (grid_i[:, None] + F_E_GRID[None, :] <= 1.0 + 1e-9) & (F_E_GRID[None, :] <= 0.2)
    whole = smoothed_loss(ch.clean, ch.inc.toarray(), ch.ext.toarray(), p, len(d), k)
    assert bits(grid_loss(ch, p, len(d), valid, k)) == bits(np.where(valid, whole, np.inf))


def test_smoother_skips_empty_lines_exactly():
    rng = np.random.default_rng(7)
    stack = np.zeros((4, CELLS, CELLS))
    stack[0, 40:60, 30:50] = rng.normal(size=(20, 20))  # a cluster
    cells = rng.integers(0, CELLS, (30, 2))
    stack[1, cells[:, 0], cells[:, 1]] = rng.choice([-1.0, 1.0], 30)  # a sparse piece
    stack[2] = -0.0  # smoothed, negative zeros stay negative (+0 would be the same number)
    stack[3] = rng.random((CELLS, CELLS))  # dense
    k = Smoother(3.3, 2.7)
    plain = gaussian_filter1d(stack, k.turnout_h, axis=1, mode="constant", truncate=TRUNCATE)
    plain = gaussian_filter1d(plain, k.share_h, axis=2, mode="constant", truncate=TRUNCATE)
    assert bits(k(stack.reshape(4, -1))) == bits(plain.reshape(4, -1))
    assert bits(k(stack[0].ravel())) == bits(plain[0].ravel())
    assert bits(k(np.zeros(CELLS * CELLS))) == bits(np.zeros(CELLS * CELLS))


def test_resample_sums_equal_the_fine_histograms():
    fine = observed(8, f_i=0.1, f_e=0.05)
    occupied = Occupied(fine)
    rng = np.random.default_rng(9)
    for _ in range(20):
        counts = occupied.draw(rng)
        fb = occupied.fine(counts)
        assert fb.sum() == fine.sum()
        assert bits(occupied.shares(counts)) == bits(coarse(fb).ravel() / occupied.n)
        assert bits(occupied.cap(counts)) == bits(corner_cap(fb))
