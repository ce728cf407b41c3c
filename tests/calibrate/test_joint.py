"""calibrate(also=...): the other elections of a joint fit, by name or object, checked first."""

from __future__ import annotations

import pytest

import votebank as vb
from tests.calibrate.test_inputs import REAL
from votebank.calibrate.fit import calibrate
from votebank.calibrate.joint import joint_elections

pytest.importorskip("optuna")


@pytest.fixture
def real(tmp_path):
    path = tmp_path / "real.csv"
    path.write_text(REAL)
    return str(path)


def test_an_election_named_as_the_main_one_may_be_is_fitted_jointly(real):
    # Before: AttributeError: 'str' object has no attribute 'constituencies', in the first trial.
    result = calibrate(
        "tiny",
        real,
        ["mood.national.RED=-1:1"],
        trials=1,
        runs_per_trial=1,
        also=[("tiny", real, None)],
    )
    assert {"loss_0", "loss_1"} <= set(result.trials.columns)


@pytest.mark.parametrize(
    ("also", "says"),
    [
        ([("tiny", "x.csv")], "also: entry 1: give (scenario, results, over_roll or None)"),
        ("tiny", "also: give a list"),
        ([("tiny", "REAL", 2.0)], "also: entry 1, over_roll: must be a share"),
        ([("no-such-scenario", "REAL", None)], "no-such-scenario"),
    ],
)
def test_a_malformed_joint_election_is_named(real, also, says):
    also = [tuple(real if x == "REAL" else x for x in e) for e in also] if also != "tiny" else also
    with pytest.raises(vb.InputError) as err:
        joint_elections(also)
    assert says in " ".join(str(err.value).split())


def test_a_joint_election_with_nothing_to_fit_is_an_input_error(real):
    with pytest.raises(vb.InputError, match="no seat of tiny whose real winner"):
        calibrate(
            "tiny",
            real,
            ["mood.national.RED=-1:1"],
            trials=1,
            runs_per_trial=1,
            also=[("tiny", "pakistan:2008", None)],
        )


def test_runs_past_the_memory_are_refused_before_the_trials_file_is_begun(
    real, tmp_path, monkeypatch
):
    # The memory was found short in the first trial: the refused calibration left --out
    # holding only an empty trials.partial.jsonl.
    monkeypatch.setattr("votebank.calibrate.objective.total_memory", lambda: 1000)
    out = tmp_path / "fit"
    with pytest.raises(vb.InputError, match="more than this machine's"):
        calibrate("tiny", real, ["mood.national.RED=-1:1"], trials=2, runs_per_trial=50, out=out)
    assert not out.exists()
