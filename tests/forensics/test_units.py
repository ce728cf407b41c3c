"""Unit checks of the building blocks, the report and the output files."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from votebank.forensics import analyze, klimek_synthetic, write_outputs
from votebank.forensics.digits import BENFORD_SECOND, last_digit_test, second_digits
from votebank.forensics.fingerprint import estimate_fair, fingerprint
from votebank.forensics.integers import hit_probability, is_round_percent
from votebank.forensics.shape import moments
from votebank.forensics.stations import StationResults
from votebank.jsonable import json_safe


def small_results(n=300, seed=0, **kw):
    res, _ = klimek_synthetic(n, rng=np.random.default_rng(seed), **kw)
    return res


def test_round_percent_exact_and_nearest_count():
    # 80% of 1263 is 1010.4: the written count is 1010, which must count as a hit.
    assert is_round_percent(np.array([1010]), np.array([1263]))[0]
    assert not is_round_percent(np.array([1012]), np.array([1263]))[0]
    assert is_round_percent(np.array([50, 25]), np.array([200, 100]), grain=5).all()
    assert not is_round_percent(np.array([26]), np.array([100]), grain=5)[0]
    assert is_round_percent(np.array([30]), np.array([100]), grain=10)[0]


@pytest.mark.parametrize(("count", "total"), [(560, 1260), (20, 57), (101, 200), (3, 150)])
@pytest.mark.parametrize("grain", [1, 5, 10])
def test_hit_probability_matches_enumeration(count, total, grain):
    ks = np.arange(total + 1)
    pmf = stats.binom.pmf(ks, total, count / total)
    brute = float(np.sum(pmf * is_round_percent(ks, np.full_like(ks, total), grain)))
    got = hit_probability(np.array([count / total]), np.array([total]), grain)[0]
    assert got == pytest.approx(brute, abs=1e-9)


def test_digits():
    np.testing.assert_array_equal(
        second_digits(np.array([10, 19, 99, 100, 109, 1000, 999_999, 10**6])),
        [0, 9, 9, 0, 0, 0, 9, 0],
    )
    assert BENFORD_SECOND.sum() == pytest.approx(1.0)
    assert BENFORD_SECOND[0] == pytest.approx(0.11968, abs=1e-4)
    assert math.isnan(last_digit_test(np.arange(100, 130)).p_value)  # too few counts


def test_moments_match_scipy():
    x = np.random.default_rng(1).gamma(2.0, size=500)
    skew, kurt = moments(x)
    assert skew == pytest.approx(stats.skew(x))
    assert kurt == pytest.approx(stats.kurtosis(x))


def test_fair_estimate_ignores_extreme_cluster():
    res, _ = klimek_synthetic(5000, rng=np.random.default_rng(2), f_e=0.1)
    # The first guess reads the mode and left half-width; a mode of 5,000 stations wanders by
    # about a fifth of a standard deviation (0.02 here), hence the tolerance.
    fair = estimate_fair(res.turnout, res.share)
    assert fair.turnout_mean == pytest.approx(0.45, abs=0.03)
    assert fair.turnout_sd == pytest.approx(0.09, abs=0.015)
    assert fair.share_mean == pytest.approx(0.45, abs=0.03)


def test_fingerprint_counts_every_station_once():
    res = small_results(n=1000, f_e=0.1)
    fp = fingerprint(res)
    assert fp.counts.shape == (101, 101)
    assert fp.counts.sum() == fp.n_stations == np.count_nonzero(res.valid > 0)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 300),
    f_i=st.floats(0, 0.6),
    f_e=st.floats(0, 0.4),
    fabricate=st.floats(0, 1),
    alpha=st.sampled_from([0.5, 1.0, 2.0]),
)
def test_synthetic_counts_are_consistent(seed, n, f_i, f_e, fabricate, alpha):
    res, truth = klimek_synthetic(
        n, rng=np.random.default_rng(seed), f_i=f_i, f_e=f_e, fabricate=fabricate, alpha=alpha
    )
    assert (res.registered > 0).all()
    assert (res.ballots <= res.registered).all()
    assert (res.valid <= res.ballots).all()
    assert (res.other_votes >= 0).all()
    assert (res.leader_votes >= 0).all()
    np.testing.assert_array_equal(res.leader_votes + res.other_votes.sum(axis=1), res.valid)
    fab = truth["fabricated"]
    assert is_round_percent(res.ballots[fab], res.registered[fab]).all()
    ok = fab & (res.valid > 0)
    assert is_round_percent(res.leader_votes[ok], res.valid[ok]).all()


def test_synthetic_is_reproducible_and_uses_only_its_generator():
    a, _ = klimek_synthetic(200, rng=np.random.default_rng(5), f_e=0.1)
    np.random.seed(0)  # the global generator must play no part
    b, _ = klimek_synthetic(200, rng=np.random.default_rng(5), f_e=0.1)
    np.testing.assert_array_equal(a.leader_votes, b.leader_votes)


def test_analyze_is_reproducible_and_json_safe():
    res = small_results(n=400, f_e=0.05)
    one = analyze(res, seed=7, bootstrap=8).to_dict()
    two = analyze(res, seed=7, bootstrap=8).to_dict()
    assert one == two
    text = json.dumps(one, allow_nan=False)
    assert json.loads(text)["klimek"]["bootstrap"] == 8
    assert {f["test"] for f in one["flags"]} >= {
        "Integer percentages (Kobak et al.)",
        "Klimek fingerprint: extreme fraud share f_e",
    }
    for flag in one["flags"]:
        assert isinstance(flag["flagged"], bool)
        assert flag["reading"]


def test_analyze_tiny_election_degrades_gracefully():
    res = StationResults(
        registered=np.array([100, 50]),
        ballots=np.array([40, 0]),
        valid=np.array([39, 0]),
        leader_votes=np.array([20, 0]),
        source="tiny",
    )
    report = analyze(res, seed=0, bootstrap=5)
    d = report.to_dict()
    json.dumps(d, allow_nan=False)
    assert "too few" in d["klimek"]["reading"]
    assert not report.klimek.flagged


def test_json_safe():
    out = json_safe({"a": np.float64("nan"), "b": [np.int64(3), math.inf], "c": np.arange(2)})
    assert out == {"a": None, "b": [3, None], "c": [0, 1]}


def test_write_outputs_atomic_files(tmp_path):
    res = small_results(n=300, f_e=0.05)
    report = analyze(res, seed=1, bootstrap=5)
    paths = write_outputs(report, res, tmp_path / "deep" / "out")
    assert sorted(p.name for p in (tmp_path / "deep" / "out").iterdir()) == [
        "fingerprint.png",
        "fingerprint.svg",
        "flagged_stations.csv",
        "forensics.json",
    ]  # no temporary files left behind
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = paths["svg"].read_text(encoding="utf-8")
    assert "<svg" in svg
    assert "Turnout" in svg
    json.loads(paths["json"].read_text(encoding="utf-8"))


def test_the_integer_test_leaves_out_small_denominators():
    from votebank.forensics.integers import MIN_DENOMINATOR, integer_test

    res = StationResults(
        registered=np.array([99, 100, 400, 500]),
        ballots=np.array([50, 60, 99, 300]),
        valid=np.array([50, 60, 99, 300]),
        leader_votes=np.array([25, 30, 50, 150]),
    )
    test = integer_test(res)
    assert MIN_DENOMINATOR == 100
    assert (test.n_turnout, test.n_share) == (3, 1)  # registered >= 100; valid >= 100


@pytest.mark.parametrize("last", ["fingerprint.svg", "regions.png"])
def test_a_full_disk_part_way_leaves_the_earlier_report_whole(tmp_path, disk_full_at, last):
    """A file not written: the folder holds the earlier report alone, none of this one's."""
    res = small_results(n=300, f_e=0.05)
    if last == "regions.png":  # with regions, the last file written is their plot
        res = dataclasses.replace(res, regions=np.array(["North", "South", "East"] * 100))
    report = analyze(res, seed=1, bootstrap=5)
    out = tmp_path / "out"
    out.mkdir()
    names = ["forensics.json", "fingerprint.png", "fingerprint.svg", "flagged_stations.csv", last]
    earlier = {name: f"earlier {name}" for name in names}
    for name, text in earlier.items():
        (out / name).write_text(text)
    disk_full_at(last)
    with pytest.raises(OSError, match="No space"):
        write_outputs(report, res, out)
    assert {
        p.name: p.read_bytes().decode(errors="replace") for p in out.iterdir()
    } == earlier  # no temporary file either
