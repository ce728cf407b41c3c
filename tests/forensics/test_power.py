"""The power study: false alarms on clean simulated elections, detection, recovery, outputs.

The scenario is twelve evenly spaced pakistan-2008 constituencies (about 3,000 polling
stations), with every resident landlord armed (the study's default), so that stuffing can reach
about 14% of stations. All seeds are fixed, so every test is deterministic; the bounds below
say how often a correctly behaving method would fail them for a random choice of seed.
"""

from __future__ import annotations

import functools
import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import votebank as vb
from votebank.errors import InputError
from votebank.forensics import fingerprint, fit_klimek
from votebank.forensics.power import (
    forensics_power,
    level_scenario,
    simulated_stations,
    subset_seats,
)
from votebank.forensics.power_arguments import study_overrides
from votebank.forensics.power_cli import forensics_power_command
from votebank.forensics.power_levels import calibrate_levels, parse_levels
from votebank.forensics.power_outputs import write_power_outputs
from votebank.forensics.power_rates import ANY, TESTS, roc_points
from votebank.forensics.power_result import read_power
from votebank.run.model import Model
from votebank.scenario.overrides import with_overrides

SEED = 11
RUNS = 8
# A test whose false-positive rate is exactly alpha = 0.05 flags Binomial(8, 0.05) of 8 clean
# runs: P(X >= 3) = 0.0058. Allowing at most 2 of 8 therefore fails a calibrated test about
# once in 170 seeds, while a test with a real rate of 30% fails it more often than not.
MAX_CLEAN_FLAGS = 2


@functools.cache
def scenario() -> vb.Scenario:
    # These tests hold the fit to the Klimek model's stuffing; the calibrated default fills 72%
    # of captured boxes past the roll (FAFEN's 2% of stations over 100%), which the model has
    # not, so they keep the earlier 10%.
    sc = vb.load_scenario("pakistan-2008")
    sc = sc.with_spec(with_overrides(sc.spec, {"mechanisms.stuffing.overfill_prob": 0.1}))
    return subset_seats(sc, 12)


@pytest.fixture(scope="module")
def study():
    """Three levels (none, 2% and every armed station), 8 runs each, a small bootstrap.

    20 refits: the fewest whose Klimek p-value can fall below 0.05 (1/21), the report's rule.
    """
    return forensics_power(
        scenario(), levels="none,2%,max", runs_per_level=RUNS, seed=SEED, bootstrap=20
    )


def _rate(study, test: str, level: str) -> float:
    r = study.rates
    return float(r.loc[(r["test"] == test) & (r["level"] == level), "rate"].iloc[0])


# Second-digit Benford tests are known to reject honest counts of this shape (Deckert et al.
# 2011; docs/forensics.md): on these elections they flag 1 to 3 of 8 clean runs, so no bound
# at the nominal level holds for them and they are left out here (and out of the headline).
UNBOUNDED = {"benford_leader", "benford_others"}


@pytest.mark.parametrize(
    "test",
    [
        *(t.key for t in TESTS if t.key not in UNBOUNDED),
        ANY.key,
    ],
)
def test_clean_elections_flag_no_more_than_nominal(study, test):
    clean = study.records[study.records["level"] == "none"]
    assert len(clean) == RUNS
    assert (clean["stuffed"] == 0).all()
    assert clean[f"flag_{test}"].sum() <= MAX_CLEAN_FLAGS


def test_clean_elections_show_no_extreme_cluster(study):
    # Not one of the clean runs may have an f_e interval above 0 or a point estimate above one
    # grid step: no clean station comes near 100% turnout and 100% for the leader.
    clean = study.records[study.records["level"] == "none"]
    assert (clean["f_e_lo"] == 0).all()
    assert (clean["f_e"] <= 0.005).all()


@pytest.mark.parametrize("test", ["klimek_fe", "integers", "pileup"])
def test_detection_rises_with_stuffing(study, test):
    # Levels are nested (common random numbers: a station captured at 2% is captured at max),
    # so the rate should not fall; allow a fall of one run in 8 for Monte Carlo error. At the
    # top level (about 14% of stations stuffed, 6% for the leader's party) each of these tests
    # should catch nearly every run: at least 6 of 8.
    rates = [_rate(study, test, lv.name) for lv in study.levels]
    assert [lv.name for lv in study.levels] == ["none", "2%", "max"]
    for lower, higher in itertools.pairwise(rates):
        assert higher >= lower - 1 / RUNS
    assert rates[-1] >= 6 / RUNS
    assert rates[-1] - rates[0] >= 0.5


def test_levels_reach_their_targets(study):
    realised = study.records.groupby("level")["stuffed"].mean()
    level = {lv.name: lv for lv in study.levels}
    # The 2% level: expected share 2% (run 0's capacities); realised within 0.6 points.
    assert level["2%"].expected_share == pytest.approx(0.02)
    assert realised["2%"] == pytest.approx(0.02, abs=0.006)
    assert realised["max"] == pytest.approx(level["max"].expected_share, abs=0.01)
    assert realised["max"] > 0.1
    # Nested captures: in every run, max stuffs more stations than 2%.
    per_run = study.records.pivot(index="run", columns="level", values="stuffed")
    assert (per_run["max"] > per_run["2%"]).all()


def test_f_e_recovers_the_extreme_share_for_the_leader(study):
    # f_e reads about one grid step (0.005) high here: over seeds 11-16 the mean error was
    # +0.0043 to +0.0064 and the rms 0.0046 to 0.0068 (measured 2026-12-04, before and after
    # cut scenarios kept each seat's streams). The bounds allow one and a half steps.
    top = study.records[study.records["level"] == "max"]
    err = top["f_e"] - top["extreme_leader"]
    assert abs(err.mean()) < 0.0075
    assert np.sqrt((err**2).mean()) < 0.0075


def test_heavy_extreme_stuffing_is_recovered_and_visible():
    # Every captured station stuffed to the extreme, on 5% of stations. The national leader's
    # column sees the stations stuffed for its own candidates (about 2% of stations here); the
    # rest show up at ~100% turnout with a leader share near 0, which the model cannot fit.
    sc = scenario()
    base = study_overrides(extreme_share=1.0)
    clean = Model(level_scenario(sc, None, base), SEED)
    (level,) = calibrate_levels([0.05], clean.outcome(0), sc.name)
    model = Model(level_scenario(sc, level, base), SEED)
    clean_res, _ = simulated_stations(clean, 0)
    clean_fp = fingerprint(clean_res)
    assert clean_fp.counts[90:, :].sum() <= 0.002 * clean_fp.n_stations
    for run in (0, 1):
        res, truth = simulated_stations(model, run)
        assert truth.share("extreme") == pytest.approx(0.05, abs=0.01)
        visible = truth.share("extreme", for_leader=True)
        assert visible > 0.01
        fit = fit_klimek(res, rng=np.random.default_rng(run), bootstrap=20)
        # Tolerance: one step of the f_e grid (0.005) beyond the interval's ends.
        lo, hi = fit.f_e_interval
        assert lo - 0.005 <= visible <= hi + 0.005, (fit.f_e_interval, visible)
        assert lo > 0  # and the fit flags it
        # The fingerprint has mass near 100% turnout: at least 80% of the extreme stations in
        # the turnout >= 90% rows, and 80% of those stuffed for the leader in the top-right
        # corner (share >= 80%).
        fp = fingerprint(res)
        n_ext = int((truth.stuffing == "extreme").sum())
        n_mine = int(((truth.stuffing == "extreme") & truth.for_leader).sum())
        assert fp.counts[90:, :].sum() >= 0.8 * n_ext
        assert fp.counts[90:, 80:].sum() >= 0.8 * n_mine


def test_a_klimek_rate_is_the_report_s_own_raw_decision():
    # With 5 refits a bootstrap p-value is at least 1/6, so the report can never flag f_e or
    # f_i at alpha 0.05 (its reading: "no cluster beyond chance"); the study counted the runs
    # whose interval's lower bound was above 0 instead (f_e 67% at tiny's top level, f_i a
    # third of na184-2008's clean runs).
    result = forensics_power("tiny", levels="max", runs_per_level=3, seed=0, bootstrap=5)
    records = result.records
    assert (records["f_e_lo"] > 0).any()  # the interval alone would have flagged
    assert not records["flag_klimek_fe"].any()
    assert not records["flag_klimek_fi"].any()


def test_roc_points_and_auc():
    pts = roc_points(np.array([0.1, 0.2, 0.3]), np.array([0.25, 0.35, 0.5]))
    np.testing.assert_allclose(pts["fpr"], [0, 0, 0, 1 / 3, 1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(pts["tpr"], [0, 1 / 3, 2 / 3, 2 / 3, 1, 1, 1])
    area = np.sum(np.diff(pts["fpr"]) * (pts["tpr"].to_numpy()[1:] + pts["tpr"].to_numpy()[:-1]))
    assert area / 2 == pytest.approx(8 / 9)


def test_study_roc_matches_rates_and_auc(study):
    for t in TESTS:
        for lv in study.levels[1:]:
            pts = study.roc[(study.roc["test"] == t.key) & (study.roc["level"] == lv.name)]
            fpr, tpr = pts["fpr"].to_numpy(), pts["tpr"].to_numpy()
            assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0, 0, 1, 1)
            assert np.all(np.diff(fpr) >= 0)
            assert np.all(np.diff(tpr) >= 0)
            # The test's own rule is one point of its curve.
            point = (_rate(study, t.key, "none"), _rate(study, t.key, lv.name))
            assert any(np.isclose(fpr, point[0]) & np.isclose(tpr, point[1]))
            area = np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])) / 2
            auc = study.auc[(study.auc["test"] == t.key) & (study.auc["level"] == lv.name)]
            assert auc["auc"].iloc[0] == pytest.approx(area)


def test_outputs_are_written(study, tmp_path):
    paths = write_power_outputs(study, tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["format_version"] == 1
    assert [lv["name"] for lv in data["levels"]] == ["none", "2%", "max"]
    assert len(data["records"]) == 3 * RUNS
    assert {r["test"] for r in data["rates"]} == {t.key for t in (*TESTS, ANY)}
    assert {"bias", "rmse", "coverage", "coverage_grid"} <= set(data["recovery"][0])
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in paths["svg"].read_text(encoding="utf-8")[:2000]
    assert not list(tmp_path.glob(".*.tmp"))
    again = read_power(tmp_path)
    assert again.levels == study.levels
    pd.testing.assert_frame_equal(again.rates, study.rates)
    pd.testing.assert_frame_equal(again.recovery, study.recovery)


def test_parse_levels():
    assert parse_levels("0.05, 2%, max, none") == (0.0, 0.02, 0.05, math.inf)
    assert parse_levels([0.1]) == (0.0, 0.1)
    with pytest.raises(InputError):
        parse_levels("5x")
    with pytest.raises(InputError):
        parse_levels("1.5")
    for empty in ("", " , ", []):  # the clean level alone would have been run
        with pytest.raises(InputError, match="give at least one level"):
            parse_levels(empty)
    assert parse_levels("none") == (0.0,)


def test_unreachable_level_is_an_input_error():
    sc = scenario()
    clean = Model(level_scenario(sc, None, study_overrides()), SEED)
    with pytest.raises(InputError, match="armed patron"):
        calibrate_levels([0.9], clean.outcome(0), sc.name)


def test_the_advice_to_arm_more_landlords_is_given_only_while_some_are_unarmed():
    sc = scenario()
    for militia, advised in ((1.0, False), (0.5, True)):
        with pytest.raises(InputError, match="armed patron") as info:
            forensics_power(sc, levels=[0.99], runs_per_level=2, militia_prob=militia)
        assert ("raise --militia-prob" in str(info.value)) is advised


def test_forensics_power_command(tmp_path):
    app = typer.Typer()
    app.command()(forensics_power_command)
    app.command("other")(lambda: None)  # two commands: typer then expects the name
    args = ["forensics-power-command", "tiny", "--runs", "2", "--bootstrap", "0"]
    ok = CliRunner().invoke(app, [*args, "--levels", "none,max", "--out", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert "Detection rate" in ok.output
    assert (tmp_path / "power.json").is_file()
    assert (tmp_path / "roc.svg").is_file()
    bad = CliRunner().invoke(app, [*args, "--levels", "0.99", "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2
    assert not (tmp_path / "bad").exists()


def test_a_full_disk_part_way_leaves_the_earlier_study_whole(study, tmp_path, disk_full_at):
    """The SVG not written: the folder holds the earlier study's three files, none of this one's."""
    earlier = {name: f"earlier {name}" for name in ("power.json", "roc.png", "roc.svg")}
    for name, text in earlier.items():
        (tmp_path / name).write_text(text)
    disk_full_at("roc.svg")
    with pytest.raises(OSError, match="No space"):
        write_power_outputs(study, tmp_path)
    assert {
        p.name: p.read_bytes().decode(errors="replace") for p in tmp_path.iterdir()
    } == earlier  # nor a temporary file
