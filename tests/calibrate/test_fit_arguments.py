"""calibrate() checks every parameter it is given, as the command line's, before any trial."""

from __future__ import annotations

import pytest

import votebank as vb
from tests.calibrate.test_align import OK, results_file
from votebank.calibrate.fit import calibrate
from votebank.calibrate.params import Param

COHESION = ("mechanisms", "biradari", "cohesion")


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.fixture
def real(tmp_path):
    return results_file(tmp_path / "res.csv", OK)


def _refused(tiny, real, params, **kwargs) -> str:
    with pytest.raises(vb.InputError) as err:
        calibrate(tiny, real, params, trials=3, runs_per_trial=1, **kwargs)
    return " ".join(str(err.value).split())


@pytest.mark.parametrize(
    ("param", "says"),
    [
        (1.5, "parameter 1: must be PATH or PATH=LOW:HIGH"),  # StopIteration before
        (None, "parameter 1: must be PATH or PATH=LOW:HIGH"),
        # A Param's bounds went to the search unchecked: Optuna's ValueError, or a value
        # the field refuses when a trial reached it.
        (Param("mechanisms.biradari.cohesion", COHESION, float("nan"), 0.9), "finite bounds"),
        (Param("mechanisms.biradari.cohesion", COHESION, 0.9, 0.6), "LOW < HIGH"),
        (Param("mechanisms.biradari.cohesion", COHESION, 0.5, 5.0), "HIGH 5.0 is out of"),
        (Param("mechanisms.biradari.cohesion", COHESION, True, 0.9), "bounds must be numbers"),
    ],
)
def test_a_bad_parameter_is_named(tiny, real, param, says):
    assert says in _refused(tiny, real, [param])


def test_parameters_that_are_no_list_are_named(tiny, real):
    assert "params: give a list of parameters" in _refused(tiny, real, 5)  # TypeError before


def test_parameters_given_as_a_dict_of_ranges_are_refused(tiny, real):
    # {"mechanisms.biradari.cohesion": (0.3, 0.31)} searched 0.6 to 0.95, the field's default
    # range: the keys were read as the list of paths and the ranges dropped in silence.
    said = _refused(tiny, real, {"mechanisms.biradari.cohesion": (0.3, 0.31)})
    assert "params: a dict's values would be left out" in said


def test_a_good_param_is_searched_within_its_bounds(tiny, real):
    param = Param("mechanisms.biradari.cohesion", COHESION, 0.6, 0.9)
    result = calibrate(tiny, real, [param], trials=3, runs_per_trial=1, seed=2)
    assert result.params == [param]
    assert result.trials["mechanisms.biradari.cohesion"].between(0.6, 0.9).all()


def test_a_start_that_names_no_parameter_is_refused(tiny, real):
    # A misspelt path was ignored: the search began at the scenario's own value instead.
    says = _refused(tiny, real, ["mechanisms.biradari.cohesion"], start={"biradari.cohesion": 0.7})
    assert "start: biradari.cohesion: names no parameter being fitted" in says
    assert "mechanisms.biradari.cohesion" in says


def test_a_part_the_results_cannot_measure_is_recorded_as_none(tiny, real, tmp_path):
    # The results give no turnout: calibration.json said "turnout": 0.0, a perfect fit,
    # where nothing was compared (the command's table already showed "-").
    import json

    param = ["mechanisms.biradari.cohesion"]
    calibrate(tiny, real, param, trials=1, runs_per_trial=1, out=tmp_path / "fit")
    summary = json.loads((tmp_path / "fit" / "calibration.json").read_text(encoding="utf-8"))
    assert summary["best_components"]["turnout"] is None
    assert summary["best_components"]["share"] > 0


def test_a_part_the_results_cannot_measure_is_left_blank_in_the_trial_log(tiny, real, tmp_path):
    # calibration.json said null for it, but trials.csv still gave every trial turnout 0.0:
    # a perfect fit, where nothing was compared.
    import pandas as pd

    param = ["mechanisms.biradari.cohesion"]
    calibrate(tiny, real, param, trials=2, runs_per_trial=1, out=tmp_path / "fit")
    log = pd.read_csv(tmp_path / "fit" / "trials.csv")
    assert log["turnout"].isna().all()
    assert (log["share"] > 0).all()


def test_results_and_parameters_that_cannot_be_read_are_refused_with_the_counts(tiny):
    # The results were named only once the counts were right, the parameters once both were.
    with pytest.raises(vb.InputError) as err:
        calibrate(tiny, "pakistan:2099", ["turnout.bas"], trials=0)
    problems = err.value.problems
    assert [p.file for p in problems][::2] == ["trials", "params"]
    assert "no general election that year" in problems[1].message
    assert "turnout.bas" in problems[2].value


@pytest.fixture(scope="module")
def fitted(tiny, tmp_path_factory):
    real = results_file(tmp_path_factory.mktemp("res") / "res.csv", OK)
    return calibrate(tiny, real, ["mechanisms.biradari.cohesion=0.6:0.9"], trials=2, seed=1)


@pytest.mark.parametrize("noise", ["0.1", -1, float("nan"), None])
def test_a_noise_that_is_no_sd_is_named(fitted, noise):
    # accepted("0.1") failed with "unsupported operand type(s) for +: 'float' and 'str'";
    # accepted(-1) gave no trial, and uncertainty(nan) NaN means, without a word.
    with pytest.raises(vb.InputError) as exc:
        fitted.uncertainty(noise)
    assert [p.file for p in exc.value.problems] == ["noise"]


@pytest.mark.parametrize("out", [5, "FILE"])
def test_writing_where_no_folder_can_be_is_named(fitted, tmp_path, out):
    # A file's path raised FileExistsError from mkdir, and 5 a TypeError from pathlib.
    if out == "FILE":
        out = tmp_path / "taken"
        out.write_text("x")
    with pytest.raises(vb.InputError) as exc:
        fitted.write(out)
    assert [p.file for p in exc.value.problems] == ["out"]
