"""Holm's family decision over the counted tests, and the Klimek bootstrap p-value it uses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from votebank.forensics import klimek
from votebank.forensics.family import any_flag, family_flags, holm
from votebank.forensics.fingerprint import fit_klimek
from votebank.forensics.report import Flag
from votebank.forensics.synthetic import klimek_synthetic


def test_holm_hand_worked_step_down_stops_at_the_first_acceptance():
    # Sorted: 0.005 x4 = 0.02, 0.01 x3 = 0.03, 0.03 x2 = 0.06 (stop), 0.04 x1 -> max 0.06.
    adjusted, rejected = holm([0.01, 0.04, 0.03, 0.005], 0.05)
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # 0.04 is below 0.05 on its own but is not rejected: the step-down stopped at 0.03.
    assert rejected == [True, False, False, True]


def test_holm_is_more_powerful_than_bonferroni():
    # 0.01 x4 = 0.04, 0.015 x3 = 0.045, 0.02 x2 = 0.04, 0.04 x1: all below 0.05, all rejected,
    # where Bonferroni (p < 0.0125) would reject only the first.
    adjusted, rejected = holm([0.04, 0.02, 0.015, 0.01], 0.05)
    assert adjusted == pytest.approx([0.045, 0.045, 0.045, 0.04])
    assert rejected == [True, True, True, True]


def test_holm_missing_p_values_count_as_one_and_m_stays_the_family_size():
    adjusted, rejected = holm([None, math.nan, 0.001, 0.2], 0.05)
    assert adjusted == pytest.approx([1.0, 1.0, 0.004, 0.6])
    assert rejected == [False, False, True, False]
    # 0.02 alone would pass; with three undecidable tests beside it, 4 x 0.02 = 0.08 does not.
    assert holm([0.02, None, None, None], 0.05)[1] == [False, False, False, False]


def test_holm_single_test_and_ties_and_edges():
    assert holm([0.05], 0.05) == ([0.05], [False])  # strict, like every single flag
    assert holm([0.0499], 0.05)[1] == [True]
    adjusted, rejected = holm([0.02, 0.02], 0.05)
    assert adjusted == pytest.approx([0.04, 0.04])
    assert rejected == [True, True]
    assert holm([], 0.05) == ([], [])
    assert holm([0.9, 0.8], 0.05)[0] == [1.0, 1.0]


def test_holm_controls_the_family_wise_rate_of_independent_null_tests():
    # 20,000 families of 4 independent uniform p-values (all nulls true). Holm's exact rate
    # here is 1 - (1 - 0.0125)^4 = 0.049; its Monte Carlo SE is 0.0015, so allowing 0.055 fails
    # a correct rule with probability < 1e-4, while the unadjusted rule (rate 0.185) or half
    # the adjustment (rate ~0.096) fail it surely.
    p = np.random.default_rng(5).uniform(size=(20_000, 4))
    any_reject = np.array([any(holm(row.tolist(), 0.05)[1]) for row in p])
    assert any_reject.mean() <= 0.055
    assert (p < 0.05).any(axis=1).mean() > 0.17  # the family the adjustment protects against


def _flag(p, counted=True, flagged=None):
    raw = p is not None and p < 0.05
    return Flag("t", 0.0, p, None, raw if flagged is None else flagged, counted, "Reading.")


def test_family_flags_decide_counted_tests_only_and_say_when_the_adjustment_overrules():
    flags = (_flag(0.01), _flag(0.04), _flag(0.03), _flag(0.005), _flag(0.001, counted=False))
    out = family_flags(flags, 0.05)
    assert [f.flagged for f in out] == [True, False, False, True, True]
    assert [f.p_adjusted for f in out[:4]] == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert out[4] == flags[4]  # digit test untouched: own decision, no adjusted p-value
    assert out[4].p_adjusted is None
    assert [f.p_value for f in out[:4]] == [0.01, 0.04, 0.03, 0.005]  # raw p-values kept
    assert "Holm-adjusted p = 0.06" in out[1].reading
    assert "On its own" not in out[0].reading
    assert any_flag(out)
    assert not any_flag(family_flags((_flag(0.04), _flag(0.5), _flag(0.001, counted=False)), 0.05))


def test_bootstrap_p_value_formula():
    values = np.array([0.0, 0.0, 0.1, 0.2, 0.05, 0.0, 0.3, 0.1, 0.1])
    assert klimek.p_value(values, 0.1) == pytest.approx(4 / 10)
    assert klimek.p_value(values, 0.0) == 1.0  # point estimate 0: no evidence
    assert klimek.p_value(np.array([]), 0.1) == 1.0  # no bootstrap: not decidable
    assert klimek.p_value(np.full(20, 0.02), 0.02) == pytest.approx(1 / 21)


@pytest.mark.parametrize("b", [20, 21, 37, 38, 50, 99, 100, 101, 200, 399])
def test_interval_flag_implies_p_value_flag_and_they_agree_at_20_refits(b):
    for zeros in range(b + 1):
        for estimate in (0.0, 0.04):
            values = np.r_[np.zeros(zeros), np.full(b - zeros, 0.04)]
            by_interval = klimek.interval(values, estimate, 0.95)[0] > 0
            by_p = klimek.p_value(values, estimate) < 0.05
            assert by_p or not by_interval, (b, zeros, estimate)
            if b == 20:
                assert by_p == by_interval, (zeros, estimate)


def test_fitted_p_values_agree_with_the_interval_flags_on_clean_and_stuffed_elections():
    seen = set()
    for k, (f_i, f_e) in enumerate([(0, 0), (0, 0), (0.1, 0.05), (0.3, 0), (0, 0.03)]):
        res, _ = klimek_synthetic(1_000, rng=np.random.default_rng([3, k]), f_i=f_i, f_e=f_e)
        fit = fit_klimek(res, rng=np.random.default_rng([3, k, 1]), bootstrap=20)
        for p, interval in (
            (fit.f_i_p_value, fit.f_i_interval),
            (fit.f_e_p_value, fit.f_e_interval),
        ):
            assert 0 < p <= 1
            assert (p < 0.05) == (interval[0] > 0)
            seen.add(bool(p < 0.05))
    assert seen == {True, False}  # both decisions occur, so the agreement is not vacuous


def test_report_flags_headline_and_regions_use_the_family_decision():
    from votebank.forensics.analyze import analyze
    from votebank.forensics.synthetic import regional_synthetic

    res, _ = klimek_synthetic(2_000, rng=np.random.default_rng(4), fabricate=0.05)
    report = analyze(res, seed=0, bootstrap=20)
    counted = [f for f in report.flags if f.counted]
    run = [f for f in counted if f.p_value is not None]  # the pile-up: none near 100 %
    assert len(run) == 3
    adjusted, rejected = holm([f.p_value for f in run], report.alpha)
    assert [f.p_adjusted for f in run] == adjusted
    assert [f.flagged for f in run] == rejected
    assert rejected[2]  # written protocols: the integer test carries the verdict
    assert all(f.p_adjusted is None for f in report.flags if not f.counted)
    assert f"{sum(rejected)} of 3 main tests flag this election at the 5% family-wise" in (
        report.headline
    )
    assert "family-wise level (Holm)" in report.headline
    assert "at most 5% of the time" in report.headline
    assert "by chance" not in report.headline
    data = report.to_dict()
    assert data["flags"][2]["p_adjusted"] == pytest.approx(adjusted[2])
    # With B refits a Klimek p-value is at least 1 / (B + 1); at 5 it could not reach 0.05.
    assert min(counted[0].p_value, counted[1].p_value) >= 1 / 21
    few = analyze(res, seed=0, bootstrap=5).flags
    assert few[0].p_value is None
    assert few[1].p_value is None
    assert "Not tested: 5 bootstrap refits cannot give a p-value below 0.05" in few[0].reading

    regional, _ = regional_synthetic(400, rng=np.random.default_rng(2))
    by_region = analyze(regional, seed=0, bootstrap=5)
    assert by_region.regions
    for r in by_region.regions:
        c = [f for f in r.flags if f.counted and f.p_value is not None]
        assert [f.p_adjusted for f in c] == holm([f.p_value for f in c], 0.05)[0]


def test_a_counted_test_that_was_not_run_is_left_out_of_the_family():
    # No p-value: the test was not run. It keeps no decision and no adjusted p-value, and the
    # tests that were run are adjusted among themselves (0.02 x 2, not x 3).
    out = family_flags((_flag(None), _flag(0.02), _flag(0.3)), 0.05)
    assert out[0].p_adjusted is None
    assert not out[0].flagged
    assert [f.p_adjusted for f in out[1:]] == pytest.approx([0.04, 0.3])
    assert out[1].flagged


def test_a_klimek_fit_on_too_few_stations_shows_no_p_value_and_the_headline_says_so():
    # 30 stations: the fit is not made. Its flags said "p = 1" and "[-, -]", as if tested and
    # clean, and the headline counted it among "the 4 main tests".
    from votebank.forensics.analyze import analyze

    res, _ = klimek_synthetic(30, rng=np.random.default_rng(4))
    report = analyze(res, seed=0, bootstrap=5)
    klimek_flags = [f for f in report.flags if f.test.startswith("Klimek")]
    assert len(klimek_flags) == 2
    for f in klimek_flags:
        assert (f.p_value, f.interval, f.p_adjusted, f.flagged) == (None, None, None, False)
        assert "too few" in f.reading
    assert "The 1 main test that could be run" in report.headline  # no station near 100 %
    assert "3 main tests could not be run here" in report.headline


def test_a_klimek_test_held_back_by_its_few_refits_says_how_many_would_do():
    # --bootstrap 20 on a file with 5% of its stations at 100%/100%: f_e 5.0% [4.5%, 6.0%],
    # p = 1/21 in every refit, read "not flagged" with nothing said of the refits.
    klimek = Flag("Klimek fingerprint: extreme fraud share f_e", 0.05, 1 / 21, None, True, True, "")
    others = (_flag(0.5), _flag(0.6), _flag(0.7))
    (out, *_) = family_flags((klimek, *others), 0.05, refits=20)
    assert not out.flagged
    assert "the least 20 bootstrap refits can give" in out.reading
    assert "below 0.0125 here: give --bootstrap 80 or more." in out.reading
    # 80 refits give 1/81, below 0.05/4: flagged, and nothing to add.
    klimek = Flag(klimek.test, 0.05, 1 / 81, None, True, True, "")
    (out, *_) = family_flags((klimek, *others), 0.05, refits=80)
    assert out.flagged
    assert "refits" not in out.reading
    # A p above its floor is the data's, not the refits': no advice.
    klimek = Flag(klimek.test, 0.05, 2 / 21, None, False, True, "")
    assert "refits" not in family_flags((klimek, *others), 0.1, refits=20)[0].reading
