"""Tests that can fail: false alarms on clean elections, and detection of stuffing and fabrication.

All seeds are fixed, so each test is deterministic; the bounds are chosen so that a correctly
calibrated test would fail them only rarely for a random choice of seeds (reasoning inline).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from votebank.forensics.digits import last_digit_test, second_digit_test
from votebank.forensics.fingerprint import fit_klimek
from votebank.forensics.integers import integer_test
from votebank.forensics.shape import shape_stats
from votebank.forensics.synthetic import klimek_synthetic

ALPHA = 0.05
N_SEEDS = 40
N_STATIONS = 2_000
# If a test's false-positive rate is exactly alpha = 0.05, its rejections in 40 independent
# clean elections are Binomial(40, 0.05): mean 2, and P(X >= 7) = 0.014. Allowing at most 6
# of 40 therefore fails a well-calibrated test with probability about 1.4%, while a test whose
# real rate is 15% or more (mean 6) would fail it about half the time or more.
MAX_REJECTIONS = 6


@pytest.fixture(scope="module")
def clean_pvalues():
    """p-values of every p-value test on 40 clean 2,000-station elections."""
    rows = []
    for seed in range(N_SEEDS):
        res, _ = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(seed))
        ints = integer_test(res, alpha=ALPHA)
        shape = shape_stats(res, rng=np.random.default_rng(seed), bootstrap=0, alpha=ALPHA)
        rows.append(
            {
                "integer combined": ints.p_value,
                **{f"integer {g.grain}%": g.p_value for g in ints.grains},
                "100% pile-up": shape.at_100_p_value,
                "last digit leader": last_digit_test(res.leader_votes).p_value,
                "last digit others": last_digit_test(res.other_votes).p_value,
            }
        )
    return {key: np.array([r[key] for r in rows]) for key in rows[0]}


@pytest.mark.parametrize(
    "test",
    [
        "integer combined",
        "integer 1%",
        "integer 5%",
        "integer 10%",
        "100% pile-up",
        "last digit leader",
        "last digit others",
    ],
)
def test_false_positive_rate_on_clean_elections(clean_pvalues, test):
    p = clean_pvalues[test]
    assert np.all((p >= 0) & (p <= 1))
    assert np.count_nonzero(p < ALPHA) <= MAX_REJECTIONS


def test_klimek_rarely_flags_clean_elections():
    # Ten clean elections with a small bootstrap. The extreme-fraud share should have a lower
    # bound of exactly 0 in every run (no clean station comes near 100%/100%); the flag, which
    # also looks at the incremental share, may fire by chance in at most 2 of 10 (a 5%-level
    # flag exceeds that with probability ~1%).
    flagged = fe_zero = 0
    for seed in range(10):
        res, _ = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(100 + seed))
        fit = fit_klimek(res, rng=np.random.default_rng(seed), bootstrap=20)
        flagged += fit.flagged
        fe_zero += fit.f_e_interval[0] == 0.0
    assert fe_zero >= 9
    assert flagged <= 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_klimek_recovers_extreme_stuffing(seed):
    # 5% extreme stuffing, no incremental fraud. The extreme stations form a separate cluster
    # near 100%/100%, so the fit should land within 0.02 of the truth, i.e. in [0.03, 0.07],
    # and the bootstrap lower bound should clear 0.
    res, truth = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(seed), f_e=0.05, f_i=0.0)
    fit = fit_klimek(res, rng=np.random.default_rng(50 + seed), bootstrap=20)
    assert abs(fit.f_e - 0.05) <= 0.02
    assert fit.f_e_interval[0] > 0
    # The whole 95% bootstrap interval should sit inside [0.025, 0.075].
    assert fit.f_e_interval[0] >= 0.025
    assert fit.f_e_interval[1] <= 0.075
    assert fit.flagged
    assert np.mean(truth["fraud_kind"] == 2) == pytest.approx(0.05, abs=0.015)


def test_klimek_flags_heavy_incremental_fraud():
    # Incremental fraud on 40% of stations of 10,000 (at 2,000 the interval of f_i is too wide
    # to exclude 0: the fit asks for two standard errors of evidence before it reads fraud).
    # The fair cluster is solved at the fitted f_i, so f_i is recovered, here within 0.1.
    res, _ = klimek_synthetic(10_000, rng=np.random.default_rng(9), f_i=0.4)
    fit = fit_klimek(res, rng=np.random.default_rng(9), bootstrap=20)
    assert fit.f_i_interval[0] > 0
    assert abs(fit.f_i - 0.4) <= 0.1
    assert fit.flagged


@pytest.mark.parametrize("seed", range(5))
def test_integer_test_flags_fabricated_protocols(seed):
    # 5% of protocols written to whole percents add about 2 * 100 * 0.8 = 160 hits to roughly
    # 730 expected with sd ~ 25: far beyond any plausible null fluctuation.
    res, truth = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(seed), fabricate=0.05)
    result = integer_test(res, alpha=ALPHA)
    assert result.flagged
    assert result.grains[0].observed > result.grains[0].expected + 100
    assert result.both_round >= truth["fabricated"].sum()


def test_integer_test_quiet_on_clean_elections():
    # The same five seeds without fabrication: at most one flag (expected rate <= 5%).
    flags = 0
    for seed in range(5):
        res, _ = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(seed))
        flags += integer_test(res, alpha=ALPHA).flagged
    assert flags <= 1


def test_pile_up_at_100_detected():
    # Rewrite 30 high-turnout stations to exactly 100%: against ~1 expected, p must be tiny.
    res, _ = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(4), f_e=0.05)
    ballots = res.ballots.copy()
    top = np.argsort(res.ballots / res.registered)[-30:]
    ballots[top] = res.registered[top]
    bumped = replace(res, ballots=ballots, valid=np.minimum(res.valid, ballots))
    shape = shape_stats(bumped, rng=np.random.default_rng(0), bootstrap=0)
    assert shape.at_100 >= 30
    assert shape.at_100_p_value < 1e-6
    assert shape.flagged


def test_last_digit_detects_invented_digits():
    # Counts ending in 0 or 5 for a third of the stations: a classic human-invented pattern.
    res, _ = klimek_synthetic(N_STATIONS, rng=np.random.default_rng(7))
    votes = res.leader_votes.copy()
    rows = np.arange(0, len(votes), 3)
    votes[rows] = np.round(votes[rows] / 5) * 5
    assert last_digit_test(votes).p_value < 1e-6


def test_second_digit_benford_is_miscalibrated_on_clean_elections():
    # The documented weakness, pinned: clean counts of this shape do not follow Benford's
    # second-digit law, so with 20,000 stations the 2BL test rejects nearly every clean
    # election, while the last-digit test stays quiet. This is why 2BL never counts as a flag.
    rejections_2bl = rejections_last = 0
    for seed in range(6):
        res, _ = klimek_synthetic(20_000, rng=np.random.default_rng(seed))
        rejections_2bl += second_digit_test(res.other_votes).p_value < ALPHA
        rejections_last += last_digit_test(res.other_votes).p_value < ALPHA
    assert rejections_2bl >= 5
    assert rejections_last <= 2
