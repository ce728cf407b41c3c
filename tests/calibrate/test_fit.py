"""Calibration recovers a parameter that generated synthetic results, reproducibly."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import votebank as vb
from votebank.calibrate.cli import calibrate_command
from votebank.calibrate.fit import calibrate
from votebank.calibrate.params import apply_to_scenario, parse_param
from votebank.calibrate.target import Target
from votebank.scenario.save import write_scenario
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.toml_writer import to_toml

pytest.importorskip("optuna")

TRUE_BASE = 0.55
TOLERANCE = 0.05  # of turnout.base, on 20 seats and one run per trial


@pytest.fixture(scope="module")
def subset():
    """Every 13th seat of pakistan-2008 (20 seats, four of the five regions), seat turnouts
    removed so that ``turnout.base`` sets every seat's level."""
    sc = vb.load_scenario("pakistan-2008")
    ids = sc.constituencies["id"].iloc[::13].iloc[:20]
    cons = sc.constituencies[sc.constituencies["id"].isin(ids)].reset_index(drop=True)
    cons = cons.assign(turnout=np.nan)
    cands = sc.candidates[sc.candidates["constituency"].isin(ids)].reset_index(drop=True)
    # The seat shock the bound on the turnout error below is stated for (the calibrated
    # default, 0.28, widens it).
    return apply_to_scenario(sc.with_tables(cons, cands), {"turnout.seat_sd": 0.15})


@pytest.fixture(scope="module")
def truth(subset):
    """Synthetic "real" results: one run at turnout.base = 0.55, with another seed."""
    real = vb.simulate(apply_to_scenario(subset, {"turnout.base": TRUE_BASE}), seed=99)
    return Target.from_run(real, "run at turnout.base 0.55")


def test_calibration_recovers_turnout_base(subset, truth):
    assert subset.spec.turnout.base == pytest.approx(0.44)  # the start is 0.11 away
    result = calibrate(subset, truth, ["turnout.base"], trials=12, runs_per_trial=1, seed=3)
    assert result.start == {"turnout.base": pytest.approx(0.44)}
    assert abs(result.best["turnout.base"] - TRUE_BASE) <= TOLERANCE
    assert result.best_loss < result.trials["loss"].iloc[0]
    assert result.scenario.spec.turnout.base == result.best["turnout.base"]
    assert len(result.trials) == 12
    assert result.best_components["turnout"] < 5.0  # points: seat shocks of sd 0.15 logit
    # With no loss noise only the best trial is accepted; with a wide one, every trial.
    assert len(result.accepted(0.0)) == 1
    tight = result.uncertainty(0.0)["turnout.base"]
    assert tight["sd"] == 0.0
    assert tight["mean"] == tight["best"] == result.best["turnout.base"]
    wide = result.uncertainty(1e9)["turnout.base"]
    assert wide["sd"] == pytest.approx(result.trials["turnout.base"].std(ddof=1))
    assert wide["min"] <= wide["best"] <= wide["max"]


def test_same_seed_gives_the_same_trials(subset, truth):
    params = ["turnout.base", "mechanisms.biradari.cohesion"]
    a = calibrate(subset, truth, params, trials=5, runs_per_trial=1, seed=8)
    b = calibrate(subset, truth, params, trials=5, runs_per_trial=1, seed=8)
    cols = ["trial", *params, "loss", "share", "turnout", "margin"]
    pd.testing.assert_frame_equal(a.trials[cols], b.trials[cols])
    c = calibrate(subset, truth, params, trials=5, runs_per_trial=1, seed=9)
    assert not np.allclose(a.trials[params].iloc[1:], c.trials[params].iloc[1:])


def test_a_joint_fit_sums_the_elections_losses(subset, truth):
    # Two "elections": the subset's first 10 seats and its last 10, each with its real results.
    ids = list(subset.constituencies["id"])
    a, b = subset.with_seats(ids[:10]), subset.with_seats(ids[10:])
    ta, tb = truth.subset(ids[:10]), truth.subset(ids[10:])
    params = ["turnout.base=0.3:0.7"]
    joint = calibrate(a, ta, params, trials=6, runs_per_trial=1, seed=3, also=[(b, tb, None)])
    alone_a = calibrate(a, ta, params, trials=6, runs_per_trial=1, seed=3)
    alone_b = calibrate(b, tb, params, trials=1, runs_per_trial=1, seed=3)
    log = joint.trials
    np.testing.assert_allclose(log["loss"], log["loss_0"] + log["loss_1"])
    # The first trial (the start) is the same values on the same seed: the same losses.
    assert log["loss_0"].iloc[0] == pytest.approx(alone_a.trials["loss"].iloc[0])
    assert log["loss_1"].iloc[0] == pytest.approx(alone_b.trials["loss"].iloc[0])
    # The joint fit moves toward the truth (0.55, start 0.44) and its best is its lowest sum.
    assert joint.best_loss == pytest.approx(log["loss"].min())
    assert abs(joint.best["turnout.base"] - TRUE_BASE) < abs(0.44 - TRUE_BASE)


def test_a_given_start_is_the_first_trial(subset, truth):
    p = parse_param("turnout.base=0.3:0.7")
    result = calibrate(subset, truth, [p], trials=2, runs_per_trial=1, seed=1, start={p.path: 0.9})
    assert result.trials["turnout.base"].iloc[0] == pytest.approx(0.7)  # clipped to bounds


def test_written_folder_loads_with_the_fitted_values(subset, truth, tmp_path):
    result = calibrate(
        subset, truth, ["turnout.base"], trials=3, runs_per_trial=1, seed=2, out=tmp_path / "fit"
    )
    folder = tmp_path / "fit"
    again = vb.load_scenario(folder)
    assert again.spec.turnout.base == pytest.approx(result.best["turnout.base"])
    mech, fitted = again.spec.mechanisms, result.scenario.spec.mechanisms
    assert (mech.biradari, mech.stuffing, mech.fear) == (
        fitted.biradari,
        fitted.stuffing,
        fitted.fear,
    )
    assert "Balochistan" not in mech.reserved_seats.women_seats
    assert again.spec.mood == {k: v for k, v in subset.spec.mood.items() if k != "Balochistan"}
    assert "Left out" in (folder / "scenario.toml").read_text()
    assert len(again.constituencies) == 20
    pd.testing.assert_frame_equal(again.candidates, subset.candidates)
    log = pd.read_csv(folder / "trials.csv")
    assert len(log) == 3
    assert {"turnout.base", "loss"} <= set(log.columns)
    summary = json.loads((folder / "calibration.json").read_text())
    assert summary["best"] == result.best
    assert summary["target"] == "run at turnout.base 0.55"
    assert (folder / "scenario.toml").read_text().startswith("# Calibrated by votebank")


@pytest.mark.parametrize("name", ["tiny", "pakistan-2008", "uk-2015-from-2010"])
def test_toml_writer_round_trips_specs(name):
    spec = vb.load_scenario(name).spec
    text = to_toml(spec.model_dump(exclude_unset=True))
    assert ScenarioSpec.model_validate(tomllib.loads(text)) == spec


def test_calibrate_command(subset, tmp_path):
    folder = tmp_path / "subset"
    write_scenario(subset, folder)
    app = typer.Typer()
    app.command("calibrate")(calibrate_command)
    app.command("noop")(lambda: None)  # keep the sub-command name
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "calibrate",
            str(folder),
            "--against",
            str(folder),
            "-p",
            "turnout.instructed_boost=0:1",
            "--trials",
            "2",
            "--runs",
            "1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "turnout.instructed_boost" in result.output
    assert (out / "trials.csv").exists()
    assert vb.load_scenario(out).name == subset.name


def test_ctrl_c_keeps_the_finished_trials_and_says_where(tmp_path, monkeypatch, capsys):
    # Ctrl-C printed Optuna's traceback and lost every finished trial (Typer's exit 130 was
    # silent, so the command said nothing either).
    from tests.hostile.helpers import interrupt_third_ensemble, main
    from votebank.calibrate import fit

    interrupt_third_ensemble(monkeypatch, fit)
    out = tmp_path / "fit"
    param = "mechanisms.landlords.pir_follower_share"
    argv = ["calibrate", "na184-2008", "--against", "na184-2008", "-p", param]
    code, _, err = main(
        [*argv, "--trials", "6", "--runs", "1", "--out", str(out)], monkeypatch, capsys
    )
    assert code == 130
    assert "Traceback" not in err
    kept = out / "trials-interrupted.csv"
    assert f"2 of 6 trials finished, kept in {kept}" in " ".join(err.split())
    assert len(pd.read_csv(kept)) == 2
    assert not (out / "scenario.toml").exists()  # no half-made result
    # Run again without --resume: the stopped search's trials are not thrown away unasked.
    monkeypatch.undo()
    again = [*argv, "--trials", "6", "--runs", "1", "--out", str(out)]
    code, _, err = main(again, monkeypatch, capsys)
    assert code == 2
    assert "add --resume to go on" in err
    # Resumed to the end, the interrupted trials no longer lie beside the complete ones.
    code, _, err = main([*again, "--resume"], monkeypatch, capsys)
    assert code == 0, err
    assert (out / "trials.csv").exists()
    assert not kept.exists()


def test_a_stopped_search_resumes_to_the_trials_of_one_never_stopped(tmp_path, monkeypatch, capsys):
    """Ctrl-C at the third trial, then --resume: two trials read back, the rest run."""
    from tests.hostile.helpers import interrupt_third_ensemble, main
    from votebank.calibrate import fit
    from votebank.calibrate.trials_kept import TRIALS_NAME

    param = "mechanisms.landlords.pir_follower_share"
    argv = ["calibrate", "na184-2008", "--against", "na184-2008", "-p", param]
    argv += ["--trials", "5", "--runs", "1", "--seed", "4"]
    whole, stopped = tmp_path / "whole", tmp_path / "stopped"
    code, _, err = main([*argv, "--out", str(whole)], monkeypatch, capsys)
    assert code == 0, err
    interrupt_third_ensemble(monkeypatch, fit)
    code, _, err = main([*argv, "--out", str(stopped)], monkeypatch, capsys)
    assert code == 130
    assert "--resume" in err
    monkeypatch.undo()
    other, _, err = main([*argv[:-1], "5", "--out", str(stopped), "--resume"], monkeypatch, capsys)
    assert other == 2  # another seed: another search, refused by name
    assert TRIALS_NAME in err
    assert "--seed 4 in the file, 5 now" in " ".join(err.split())
    runs = []
    real = fit.simulate_ensemble
    monkeypatch.setattr(fit, "simulate_ensemble", lambda *a, **k: runs.append(1) or real(*a, **k))
    code, out, err = main([*argv, "--out", str(stopped), "--resume"], monkeypatch, capsys)
    assert code == 0, err
    assert len(runs) == 3  # trials 0 and 1 were kept
    # The resume said nothing of the trials it read back: it says how many, and how many it ran.
    said = " ".join(out.split())
    assert f"2 of 5 trials read back from the stopped search ({TRIALS_NAME}), 3 run now" in said
    timed = ["seconds"]
    pd.testing.assert_frame_equal(
        pd.read_csv(stopped / "trials.csv").drop(columns=timed),
        pd.read_csv(whole / "trials.csv").drop(columns=timed),
    )
    assert not (stopped / TRIALS_NAME).exists()


def test_resume_without_an_output_folder_is_refused(subset, truth):
    with pytest.raises(vb.InputError, match="resume"):
        calibrate(subset, truth, ["turnout.base"], trials=2, runs_per_trial=1, resume=True)


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"trials": float("nan")}, "trials: must be an integer"),  # it searched forever
        ({"trials": "2"}, "trials: must be an integer"),
        ({"runs_per_trial": 1.5}, "runs_per_trial: must be an integer"),
        ({"seed": -1}, "seed: must be an integer from 0"),
        ({"params": "turnout.base"}, "params: give a list of parameters"),
        ({"weights": {"share": float("nan")}}, "weights: share: must be a finite number"),
        ({"weights": {"foo": 1.0}}, "weights: foo: no such part"),
        ({"start": {"turnout.base": float("nan")}}, "start: turnout.base: must be a finite"),
        ({"over_roll": 5.0}, "over_roll: must be a share"),
        ({"over_roll": 0.02}, "over_roll: no part of this loss scores it"),  # it was ignored
    ],
)
def test_bad_arguments_are_named_before_any_trial(subset, truth, kwargs, says):
    args = {"params": ["turnout.base"], "trials": 2, "runs_per_trial": 1, **kwargs}
    with pytest.raises(vb.InputError) as err:
        calibrate(subset, truth, **args)
    assert says in " ".join(str(err.value).split())


def test_a_scenario_and_its_results_may_be_named():
    # As validate_against takes them: a built-in name, and anything load_target reads.
    param = ["mechanisms.swing.seat_sd=0:6"]  # the swing sets its own choice: no [choice]
    result = calibrate("copeland-2017", "copeland-2017", param, trials=2, runs_per_trial=1, seed=1)
    assert len(result.trials) == 2


@pytest.mark.parametrize("blank_roll", [False, True])
def test_a_loss_part_the_results_cannot_measure_is_not_shown_as_zero(
    blank_roll, tmp_path, monkeypatch, capsys
):
    # Results without a roll or ballots give no turnout: the summary said "turnout 0.00", a
    # perfect fit, where nothing was compared.
    from tests.hostile.helpers import main

    real = pd.read_csv(
        Path(vb.__file__).parent / "data" / "pakistan" / "na_pa_results_1993_2008.csv"
    )
    if blank_roll:
        real[["voter_reg", "votes_cast", "turnout"]] = ""
    results = tmp_path / "results.csv"
    real.to_csv(results, index=False)
    argv = ["calibrate", "na184-2008", "--against", f"{results}:2008-02-18"]
    param = "mechanisms.landlords.pir_follower_share"
    argv += ["-p", param, "--trials", "2", "--runs", "1", "--out", str(tmp_path / "fit")]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    assert ("turnout - (no real turnout)" in said) == blank_roll
    assert ("turnout 0.00" in said) is False


@pytest.mark.parametrize(("option", "value"), [("--trials", "100001"), ("--seed", str(2**32))])
def test_an_option_beyond_what_calibrate_takes_is_refused_before_anything_prints(
    option, value, tmp_path, monkeypatch, capsys
):
    # Refused by calibrate() after the notes and a "0/N" progress bar had printed.
    from tests.hostile.helpers import main

    argv = ["calibrate", "na184-2008", "--against", "na184-2008"]
    argv += ["-p", "mechanisms.landlords.pir_follower_share"]
    out = tmp_path / "fit"
    code, said, err = main([*argv, option, value, "--out", str(out)], monkeypatch, capsys)
    assert code == 2
    assert option in " ".join(err.split())
    assert said == ""
    assert not out.exists()


@pytest.mark.parametrize("over_roll", [None, "0.02"])
def test_the_over_roll_part_without_a_target_share_is_not_shown_as_zero(
    over_roll, tmp_path, monkeypatch, capsys
):
    # The distributional loss without --over-roll scores no stations over the roll, but the
    # table, trials.csv and calibration.json gave it 0.00, a perfect fit.
    import json

    from tests.hostile.helpers import main

    argv = ["calibrate", "na184-2008", "--against", "pakistan:2008", "--loss", "distributional"]
    argv += ["-p", "mechanisms.landlords.pir_follower_share", "--trials", "2", "--runs", "1"]
    argv += ["--out", str(tmp_path / "fit"), *(["--over-roll", over_roll] if over_roll else [])]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    assert ("over_roll - (no --over-roll)" in said) == (over_roll is None)
    summary = json.loads((tmp_path / "fit" / "calibration.json").read_text(encoding="utf-8"))
    assert (summary["best_components"]["over_roll"] is None) == (over_roll is None)
    log = pd.read_csv(tmp_path / "fit" / "trials.csv")
    assert log["over_roll"].isna().all() == (over_roll is None)
    # The target itself is recorded, so that the fit can be made again from its record.
    assert summary["over_roll"] == (None if over_roll is None else float(over_roll))
    header = (tmp_path / "fit" / "scenario.toml").read_text(encoding="utf-8")
    assert ("# target over 100% turnout 0.02" in header) == (over_roll is not None)


def test_a_range_with_a_negative_bound_reads_unambiguously(tmp_path, monkeypatch, capsys):
    # The table gave a mood's range as "-3-3" and "-2--1" (minus signs and dashes alike).
    from tests.hostile.helpers import main

    argv = ["calibrate", "na184-2008", "--against", "pakistan:2008"]
    argv += ["-p", "mood.national.PPPP=-2:-1", "--trials", "1", "--runs", "1"]
    code, out, err = main([*argv, "--out", str(tmp_path / "fit")], monkeypatch, capsys)
    assert code == 0, err
    assert "-2..-1" in out


def test_an_over_roll_target_the_means_loss_ignores_is_refused_before_anything_starts(
    tmp_path, monkeypatch, capsys
):
    # It was refused only once the worker cluster had started and the progress bar was drawn,
    # naming the Python argument (over_roll), not the option.
    from tests.hostile.helpers import assert_nothing_written, assert_user_error, main
    from votebank.ensemble import cluster

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(cluster, "cluster_client", no_cluster)
    out = tmp_path / "fit"
    argv = ["calibrate", "na184-2008", "--against", "na184-2008", "-p", "turnout.seat_sd"]
    argv += ["--over-roll", "0.02", "--workers", "2", "--out", str(out)]
    code, stdout, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, stdout, err, "--over-roll", "0.02", "--loss distributional")
    assert_nothing_written(out)


def test_the_calibrated_file_counts_one_trial_and_one_run(subset, truth, tmp_path):
    # calibrate --trials 1 --runs 1 headed its scenario.toml "1 trials x 1 runs".
    result = calibrate(subset, truth, ["turnout.base"], trials=1, runs_per_trial=1, seed=3)
    result.write(tmp_path / "fitted")
    head = (tmp_path / "fitted" / "scenario.toml").read_text(encoding="utf-8")
    assert "seed 3, 1 trial x 1 run; loss" in head


@pytest.mark.parametrize("seats", [["T-2"], ["T-1", "T-2", "T-3"]])
def test_the_independents_part_where_none_stands_is_not_shown_as_zero(
    seats, tmp_path, monkeypatch, capsys
):
    # With no independent standing in a compared seat the distributional loss compares no
    # independents' share, but the table, trials.csv and calibration.json gave it 0.00.
    from tests.hostile.helpers import main

    tiny = Path(vb.__file__).parent / "scenarios" / "tiny" / "candidates.csv"
    real = pd.read_csv(tiny)
    real["actual_votes"] = [30000, 20000, 5000, 25000, 24000, 18000, 22000, 3000]
    results = tmp_path / "results.csv"
    real[real["constituency"].isin(seats)].to_csv(results, index=False)
    argv = ["calibrate", "tiny", "--against", str(results), "--loss", "distributional"]
    argv += ["-p", "choice.candidate_shock_sd", "--trials", "2", "--runs", "1"]
    code, out, err = main([*argv, "--out", str(tmp_path / "fit")], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    unmeasured = seats == ["T-2"]  # T-2 has no independent candidate
    assert ("ks_independent_share - (no independent stands)" in said) == unmeasured
    assert ("ks_independent_share 0.00" in said) is False
    summary = json.loads((tmp_path / "fit" / "calibration.json").read_text(encoding="utf-8"))
    assert (summary["best_components"]["ks_independent_share"] is None) == unmeasured
    log = pd.read_csv(tmp_path / "fit" / "trials.csv")
    assert log["ks_independent_share"].isna().all() == unmeasured


def test_a_write_stopped_part_way_keeps_the_earlier_calibration_whole(
    subset, truth, tmp_path, monkeypatch
):
    # The fitted scenario replaced the earlier one before the trial log was written: a write
    # stopped there left it beside the earlier search's trials.csv and calibration.json.
    first, second = (
        calibrate(subset, truth, ["turnout.base"], trials=2, runs_per_trial=1, seed=s)
        for s in (1, 2)
    )
    folder = tmp_path / "fit"
    first.write(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = pd.DataFrame.to_csv

    def full_disk(frame, *args, **kwargs):
        if "loss" in frame.columns:
            raise OSError(28, "No space left on device")
        return real(frame, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", full_disk)
    with pytest.raises(OSError, match="No space left"):
        second.write(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
