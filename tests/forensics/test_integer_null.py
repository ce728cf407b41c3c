"""The integer test's null: fractions pulled to the mean by the spread counting noise explains.

Redrawing each count from its observed fraction adds counting noise twice; where the true
fractions barely differ, clean elections read as rounded (benchmarks/forensics_integer_null.py).
"""

from __future__ import annotations

import numpy as np

from votebank.forensics.integers import integer_test, null_fractions
from votebank.forensics.synthetic import klimek_synthetic

NO_SPREAD = {"turnout_mean": 0.6, "turnout_sd": 0.0, "share_mean": 0.5, "share_sd": 0.0}


def _flagged(elections: int, seed: int, *, shrink: bool = True, **kw) -> int:
    return sum(
        integer_test(
            klimek_synthetic(1_000, rng=np.random.default_rng([seed, k]), **kw)[0], shrink=shrink
        ).p_value
        < 0.05
        for k in range(elections)
    )


def test_fractions_that_differ_by_counting_noise_alone_are_pulled_to_their_mean():
    rng = np.random.default_rng(0)
    total = rng.integers(300, 2_500, 2_000)
    count = rng.binomial(total, 0.6)
    pulled = null_fractions(count, total)
    assert np.ptp(pulled) < 0.25 * np.ptp(count / total)  # (0 were the noise estimate exact)
    assert abs(pulled.mean() - (count / total).mean()) < 1e-12


def test_fractions_that_differ_far_more_than_counting_noise_barely_move():
    rng = np.random.default_rng(1)
    total = rng.integers(300, 2_500, 2_000)
    count = rng.binomial(total, rng.uniform(0.3, 0.8, 2_000))
    moved = np.abs(null_fractions(count, total) - count / total)
    assert moved.max() < 0.005


def test_fractions_of_exactly_0_or_1_stay_where_they_carry_no_information():
    total = np.array([500, 500, 800, 1_000, 1_200])
    count = np.array([0, 500, 480, 610, 700])
    pulled = null_fractions(count, total)
    assert pulled[0] == 0.0
    assert pulled[1] == 1.0
    assert not np.array_equal(pulled[2:], count[2:] / total[2:])


def test_clean_elections_whose_true_fractions_do_not_differ_are_not_read_as_rounded():
    # 100 clean elections of 1,000 stations, every true turnout 60 % and share 50 %. At the
    # 5 % level more than 10 flags has probability 0.011; the paper's null (observed fractions)
    # flagged 134 of 200 such elections (the benchmark), so the bound tells the two apart.
    assert _flagged(100, 43, **NO_SPREAD) <= 10


def test_pulling_the_fractions_keeps_what_written_protocols_show():
    # 1 % of protocols written to whole percents, stations differing by 9-10 points as in
    # most real files: the benchmark flags 42 of 200 with either null; on the same 60 files
    # the pulled null flags at least as many as the paper's less 2 (seed noise of the pull).
    pulled = _flagged(60, 47, fabricate=0.01)
    observed = _flagged(60, 47, shrink=False, fabricate=0.01)
    assert pulled >= observed - 2
    assert pulled >= 5  # P(fewer than 5 of 60 | 21 %) < 0.001
