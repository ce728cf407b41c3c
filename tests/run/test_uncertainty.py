"""Runs that draw their parameters from [scenario.parameter_uncertainty]."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import truncnorm
from typer.testing import CliRunner

import votebank as vb
from tests.hostile.helpers import assert_nothing_written, assert_user_error, main
from votebank.cli import app
from votebank.errors import InputError
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.run.uncertainty import (
    describe,
    draw_values,
    drawn_spec,
    field_range,
    fixed_paths,
    varied_paths,
    with_parameter_draws,
)
from votebank.scenario.overrides import with_overrides
from votebank.scenario.save import write_scenario

SDS = {
    "mechanisms.biradari.cohesion": 0.3,  # wide against its range 0-1: truncation is hit
    "turnout.seat_sd": 0.2,  # range 0 and up
    "mechanisms.biradari.win_weight": 0.05,
    "electorate.bloc_membership_rural": 0.05,  # the electorate builder reads it: fixed
}


@pytest.fixture(scope="module")
def tiny():
    sc = vb.load_scenario("tiny")
    spec = with_overrides(sc.spec, {"scenario.parameter_uncertainty": SDS})
    return with_parameter_draws(sc.with_spec(spec))


def test_draws_are_reproducible_per_run_and_differ_between_runs(tiny):
    a = draw_values(tiny.spec, 11, 3)
    assert a == draw_values(tiny.spec, 11, 3)
    assert a != draw_values(tiny.spec, 11, 4)
    assert a != draw_values(tiny.spec, 12, 3)
    assert set(a) == set(varied_paths(tiny.spec))


def test_draws_stay_in_the_declared_range_and_centre_on_the_value(tiny):
    draws = [draw_values(tiny.spec, 5, i) for i in range(400)]
    cohesion = np.array([d["mechanisms.biradari.cohesion"] for d in draws])
    seat_sd = np.array([d["turnout.seat_sd"] for d in draws])
    win = np.array([d["mechanisms.biradari.win_weight"] for d in draws])
    assert field_range(tiny.spec, ("mechanisms", "biradari", "cohesion")) == (0, 1)
    assert cohesion.min() >= 0
    assert cohesion.max() <= 1
    assert seat_sd.min() >= 0
    # Cohesion (0.8, sd 0.3) is truncated at 1: the mean of the draws is the truncated
    # normal's (about 0.68), within 4 standard errors.
    a, b = (0 - 0.8) / 0.3, (1 - 0.8) / 0.3
    expected = truncnorm(a, b, loc=0.8, scale=0.3)
    assert tiny.spec.mechanisms.biradari.cohesion == pytest.approx(0.8)
    assert abs(cohesion.mean() - expected.mean()) < 4 * expected.std() / np.sqrt(400)
    # Far from its bounds, win_weight is a plain normal: mean within 4 standard errors, sd
    # within 15% (400 draws).
    centre = tiny.spec.mechanisms.biradari.win_weight
    assert abs(win.mean() - centre) < 4 * 0.05 / np.sqrt(400)
    assert win.std() == pytest.approx(0.05, rel=0.15)


def test_parameters_the_builder_reads_stay_fixed_and_are_named(tiny):
    assert fixed_paths(tiny.spec) == ["electorate.bloc_membership_rural"]
    assert "electorate.bloc_membership_rural" not in varied_paths(tiny.spec)
    spec = drawn_spec(tiny.spec, 5, 0)
    assert spec.electorate == tiny.spec.electorate
    assert "electorate.bloc_membership_rural" in describe(tiny.spec)


def test_results_differ_from_fixed_parameters_and_repeat(tiny):
    fixed = tiny.with_spec(with_overrides(tiny.spec, {"scenario.draw_parameters": False}))
    drawn = Model.of(tiny, seed=3).outcome(0).votes
    again = Model.of(tiny, seed=3).outcome(0).votes
    plain = Model.of(fixed, seed=3).outcome(0).votes
    np.testing.assert_array_equal(drawn, again)
    assert not np.array_equal(drawn, plain)


def test_a_run_depends_only_on_its_index_not_the_order(tiny):
    forward = dict(many_runs(tiny, 8, [0, 1, 2]))
    backward = dict(many_runs(tiny, 8, [2, 1, 0]))
    for i in range(3):
        np.testing.assert_array_equal(forward[i].votes, backward[i].votes)


def test_a_scenario_without_uncertainty_is_refused():
    with pytest.raises(InputError, match="parameter_uncertainty"):
        with_parameter_draws(vb.load_scenario("tiny"))


@pytest.mark.slow
def test_one_and_two_workers_give_the_same_runs(tiny):
    one = vb.run_ensemble(tiny, runs=4, seed=2, workers=1)
    two = vb.run_ensemble(tiny, runs=4, seed=2, workers=2)
    plain = vb.run_ensemble("tiny", runs=4, seed=2, workers=1)
    for table in ("seats", "constituencies", "candidates"):
        pd.testing.assert_frame_equal(two[table], one[table])
    assert not one["candidates"]["votes"].equals(plain["candidates"]["votes"])


def test_the_run_command_draws_and_says_what_stays_fixed(tiny, tmp_path):
    folder = tmp_path / "tiny-uncertain"
    plain = tiny.with_spec(with_overrides(tiny.spec, {"scenario.draw_parameters": False}))
    write_scenario(plain, folder)
    out = tmp_path / "out"
    args = ["run", str(folder), "--runs", "2", "--out", str(out), "--parameter-uncertainty"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "draws 3 parameters" in result.output
    assert "electorate.bloc_membership_rural" in result.output
    refused = CliRunner().invoke(app, ["run", "tiny", "--runs", "1", "--parameter-uncertainty"])
    assert isinstance(refused.exception, InputError)  # the entry point exits 2 with it
    assert "parameter_uncertainty" in refused.exception.render()


def test_paths_that_name_no_real_parameter_are_refused_together(tmp_path):
    bad = {"mechanisms.biradari.cohesoin": 0.1, "scenario.name": 0.1, "turnout.seat_sd": 0.1}
    tiny = vb.load_scenario("tiny")
    scenario = tiny.with_spec(with_overrides(tiny.spec, {"scenario.parameter_uncertainty": bad}))
    with pytest.raises(InputError) as err:
        with_parameter_draws(scenario)
    where = "scenario.parameter_uncertainty."
    found = {p.location.removeprefix(where): p.message for p in err.value.problems}
    assert sorted(found) == ["mechanisms.biradari.cohesoin", "scenario.name"]
    assert found["mechanisms.biradari.cohesoin"].startswith("no field 'cohesoin' here")
    assert found["scenario.name"] == "not a real-valued parameter: a run cannot draw it"
    # The same file is refused when it is loaded, before any run could be stored.
    write_scenario(scenario, tmp_path / "sc")
    with pytest.raises(InputError, match="cohesoin"):
        vb.load_scenario(tmp_path / "sc")


# A draw that the scenario's rules refuse (a rule over two fields, a mapping's entry) stopped
# the ensemble at that run with a raw ValidationError, the runs before it stored.
ALLIANCES = {
    "mechanisms.alliances.enabled": True,
    "mechanisms.alliances.transfer": 0.4,
    "mechanisms.alliances.boycotts": ["OTH"],  # something to act on (else refused as idle)
}


def drawing(sds: dict[str, float], **values) -> vb.Scenario:
    sc = vb.load_scenario("tiny")
    settings = {**ALLIANCES, **values, "scenario.parameter_uncertainty": sds}
    return sc.with_spec(with_overrides(sc.spec, {**settings, "scenario.draw_parameters": True}))


def test_a_draw_that_breaks_a_rule_is_refused_before_anything_is_stored(
    tmp_path, monkeypatch, capsys
):
    folder, out = tmp_path / "sc", tmp_path / "out"
    write_scenario(drawing({"mechanisms.alliances.transfer": 0.3}), folder)
    code, text, err = main(
        ["run", str(folder), "--runs", "20", "--out", str(out)], monkeypatch, capsys
    )
    where = "scenario.parameter_uncertainty.mechanisms.alliances.transfer"
    assert_user_error(code, text, err, "scenario.toml", where, "transfer + abstain must be at")
    assert_user_error(code, text, err, "mechanisms.alliances.transfer = 1", "smaller sd")
    assert_nothing_written(out)


def test_draws_that_break_a_rule_only_together_are_refused():
    # Alone each stays within transfer + abstain <= 1 (0.65 + 0.3, 0.4 + 0.55); together not.
    sds = {"mechanisms.alliances.transfer": 0.03, "mechanisms.alliances.abstain": 0.03}
    sc = drawing(sds, **{"mechanisms.alliances.abstain": 0.3})
    with pytest.raises(InputError) as err:
        list(many_runs(sc, 1, range(3)))
    (problem,) = err.value.problems
    assert problem.location == "scenario.parameter_uncertainty"
    assert "transfer + abstain must be at most 1" in problem.message


def test_a_sweep_names_a_point_whose_draws_break_a_rule():
    # A swing share has no declared range: a wide sd draws shares below 0.
    sds = {"mechanisms.swing.target.RED": 0.2}
    sc = drawing(sds, **{"mechanisms.swing.target": {"RED": 0.3, "BLUE": 0.5}})
    sc = sc.with_spec(with_overrides(sc.spec, {"scenario.draw_parameters": False}))
    with pytest.raises(InputError) as err:
        vb.sweep(sc, {"scenario.draw_parameters": [False, True]}, runs=2, seed=1)
    assert any("shares must be fractions" in p.message for p in err.value.problems)


def test_draw_parameters_with_nothing_to_draw_is_refused(tmp_path, monkeypatch, capsys):
    # draw_parameters = true with no sd (or only those the builder reads) ran with every
    # parameter fixed, in silence; --parameter-uncertainty and a sweep refused the same.
    folder = tmp_path / "sc"
    sc = vb.load_scenario("tiny")
    write_scenario(
        sc.with_spec(with_overrides(sc.spec, {"scenario.draw_parameters": True})), folder
    )
    code, text, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(code, text, err, "scenario.draw_parameters", "none that a run can draw")
    fixed = {"electorate.bloc_membership_rural": 0.05}
    spec = with_overrides(sc.spec, {"scenario.parameter_uncertainty": fixed})
    only_fixed = sc.with_spec(with_overrides(spec, {"scenario.draw_parameters": True}))
    with pytest.raises(InputError, match="none that a run can draw"):
        many_runs(only_fixed, 1, range(2))


def test_from_python_a_scenario_with_nothing_to_draw_names_the_argument():
    # The message named only the command line's --parameter-uncertainty, which a notebook
    # caller of run_ensemble(parameter_uncertainty=True) never gave.
    with pytest.raises(InputError, match="parameter_uncertainty=True"):
        vb.run_ensemble("tiny", runs=1, seed=1, parameter_uncertainty=True)


def test_a_calibrated_scenario_with_nothing_to_draw_says_calibrate_writes_no_sds():
    # A user ran `votebank calibrate`, then `run OUT --parameter-uncertainty`, and was told the
    # scenario had no sds: nothing said that calibrate never writes them, nor how to add them.
    with pytest.raises(InputError) as caught:
        vb.run_ensemble("tiny", runs=1, seed=1, parameter_uncertainty=True)
    message = str(caught.value)
    assert "votebank calibrate does not write them" in message
    assert '"turnout.base" = 0.02' in message


def test_nothing_to_draw_is_refused_before_a_cluster_is_started(monkeypatch):
    # With workers=2 the Dask cluster was started (seconds) before the refusal.
    import votebank.api

    def no_cluster(*_args, **_kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(votebank.api, "cluster_client", no_cluster)
    with pytest.raises(InputError, match="parameter_uncertainty=True"):
        vb.run_ensemble("tiny", runs=2, seed=1, workers=2, parameter_uncertainty=True)


def test_a_built_in_is_named_by_its_name_as_when_it_is_loaded(monkeypatch, capsys):
    # Refused after loading, a built-in was named by its install path
    # (.../votebank/scenarios/tiny/scenario.toml); loading names it 'tiny'.
    code, out, err = main(
        ["run", "tiny", "--runs", "3", "--parameter-uncertainty"], monkeypatch, capsys
    )
    assert_user_error(code, out, err, "tiny: [scenario.parameter_uncertainty]")
    assert "scenarios/tiny" not in err


def test_one_parameter_drawn_is_said_in_the_singular():
    # "each run draws 1 parameters from their sd"
    sc = vb.load_scenario("tiny")
    spec = with_overrides(sc.spec, {"scenario.parameter_uncertainty": {"turnout.seat_sd": 0.01}})
    assert "each run draws 1 parameter from its sd" in describe(spec)


def test_a_drawn_parameter_of_a_mechanism_that_is_off_is_named():
    # It was counted among the parameters each run draws, though no run reads it.
    sc = vb.load_scenario("tiny")
    sds = {"turnout.seat_sd": 0.01, "mechanisms.biradari.cohesion": 0.05}
    spec = with_overrides(
        sc.spec,
        {"scenario.parameter_uncertainty": sds, "mechanisms.biradari.enabled": False},
    )
    assert "no run reads (their mechanism is off): mechanisms.biradari.cohesion" in describe(spec)
    assert "no run reads" not in describe(
        with_overrides(spec, {"mechanisms.biradari.enabled": True})
    )
