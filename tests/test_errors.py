"""A callback argument that cannot be called is named before any work, at every entry."""

import numpy as np
import pytest

from votebank.calibrate.fit import calibrate
from votebank.ensemble.compare import compare
from votebank.errors import InputError, callback_problem, flag_problem
from votebank.forensics import klimek_synthetic
from votebank.forensics.analyze import analyze
from votebank.forensics.power import forensics_power

ENTRIES = {
    "compare": lambda progress: compare("tiny", "tiny", runs=2, seed=1, progress=progress),
    "analyze": lambda progress: analyze(
        klimek_synthetic(60, rng=np.random.default_rng(0))[0], bootstrap=2, progress=progress
    ),
    "forensics_power": lambda progress: forensics_power(
        "tiny", levels="0.1", runs_per_level=2, bootstrap=2, progress=progress
    ),
    "calibrate": lambda progress: calibrate(
        "na184-2008",
        "pakistan:2008",
        ["mechanisms.fear.beta"],
        trials=1,
        runs_per_trial=1,
        progress=progress,
    ),
}


@pytest.mark.parametrize("entry", list(ENTRIES))
@pytest.mark.parametrize("progress", [True, 5])
def test_a_progress_that_is_no_function_is_named(entry, progress):
    # Before, progress=True (read as "show progress") failed with "'bool' object is not
    # callable" once the first run or resample was done.
    with pytest.raises(InputError) as exc:
        ENTRIES[entry](progress)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("progress", repr(progress))


def test_none_and_any_callable_are_right():
    assert callback_problem("progress", None) is None
    assert callback_problem("progress", print) is None
    assert callback_problem("progress", lambda *_: None) is None


def test_a_ctrl_c_noted_in_an_earlier_command_does_not_stop_the_next(monkeypatch, capsys):
    # A notebook or test process runs many commands: once one had seen a Ctrl-C, every later
    # command's error was reported as an interrupt (exit 130).
    import signal

    from tests.hostile.helpers import main
    from votebank import errors

    monkeypatch.setattr(errors, "_ctrl_c", {"pressed": True})
    code, _, err = main(["run", "tiny", "--runs", "0"], monkeypatch, capsys)
    assert code == 2, err
    assert "interrupted" not in err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Python's, again


def test_problems_differing_only_in_value_are_one_with_the_values_joined():
    from votebank.errors import Problem, values_joined

    found = values_joined(
        [
            Problem("grid", "turnout.bse", "0.4", "no field"),
            Problem("grid", "turnout.bse", "0.6", "no field"),
            Problem("grid", "turnout.bse", "0.6", "no field"),
            Problem("grid", "mood.X", "0.4", "unknown party"),
        ]
    )
    assert found == [
        Problem("grid", "turnout.bse", "0.4, 0.6", "no field"),
        Problem("grid", "mood.X", "0.4", "unknown party"),
    ]


def test_a_numpy_flag_is_true_or_false():
    # NumPy 2 names np.bool_ "bool": np.False_ (a DataFrame's cell) was refused, "must be True
    # or False (got np.False_)", by run_ensemble, analyze, backtest and every other flag.
    assert flag_problem("per_region", np.False_) is None
    assert flag_problem("per_region", np.array([True])[0]) is None
    assert flag_problem("per_region", np.int64(1)) is not None


def test_a_table_given_for_a_scenario_is_shown_by_its_kind_and_size():
    # "got    a | 0  1": the DataFrame's repr, over lines, cut at 80 characters mid-row.
    import pandas as pd

    import votebank as vb

    with pytest.raises(InputError) as exc:
        vb.simulate(pd.DataFrame({"a": [1]}), seed=1)
    assert [p.value for p in exc.value.problems] == ["a DataFrame of shape (1, 1)"]
    with pytest.raises(InputError) as exc:
        vb.load_scenario("tiny").with_overrides(pd.DataFrame({"turnout.base": [0.4]}))
    assert [p.value for p in exc.value.problems] == ["a DataFrame of shape (1, 1)"]
