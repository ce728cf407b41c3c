"""validate_against checks its arguments and scenario at entry, before any run."""

import pytest

import votebank as vb
from tests.calibrate.test_align import OK, results_file
from votebank.calibrate.validate import validate_against
from votebank.errors import InputError


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.mark.parametrize(
    ("argument", "value"),
    [("runs", 0), ("runs", -2), ("runs", "3"), ("runs", True), ("seed", 1.5), ("seed", -1)],
)
def test_bad_counts_are_refused(tiny, argument, value):
    given = {"runs": 3, "seed": 1, argument: value}
    with pytest.raises(InputError) as exc:
        validate_against(tiny, "pakistan:2008", **given)
    assert [p.file for p in exc.value.problems] == [argument]


def test_a_scenario_that_is_no_scenario_is_refused_with_the_counts():
    with pytest.raises(InputError) as exc:
        validate_against(5, "pakistan:2008", runs=0)
    assert [p.file for p in exc.value.problems] == ["runs", "scenario"]


def test_results_that_cannot_be_read_are_refused_with_the_counts(tiny):
    # Named only once the counts were put right.
    with pytest.raises(InputError) as exc:
        validate_against(tiny, "pakistan:2099", runs=0)
    runs, results = exc.value.problems
    assert runs.file == "runs"
    assert "no general election that year" in results.message


def test_a_scenario_changed_in_memory_is_checked(tiny):
    turnout = tiny.spec.turnout.model_copy(update={"female_ratio": float("nan")})
    bad = tiny.with_spec(tiny.spec.model_copy(update={"turnout": turnout}))
    with pytest.raises(InputError, match="female_ratio"):
        validate_against(bad, "pakistan:2008", runs=2, seed=1)


def test_a_name_is_loaded_as_the_api_does(tiny, tmp_path):
    path = str(results_file(tmp_path / "res.csv", OK))
    by_name = validate_against("tiny", path, runs=2, seed=1)
    assert by_name.to_json() == validate_against(tiny, path, runs=2, seed=1).to_json()


def test_validate_ensemble_reads_results_named_and_names_a_wrong_ensemble(tiny, tmp_path):
    from votebank.calibrate.objective import simulate_ensemble
    from votebank.calibrate.validate import validate_ensemble

    ensemble = simulate_ensemble(tiny, 2, seed=1)
    real = results_file(tmp_path / "res.csv", OK)
    # AttributeError: 'str' object has no attribute 'align', before.
    named = validate_ensemble(ensemble, str(real), scenario="tiny")
    assert named.seats_compared == 3
    with pytest.raises(InputError, match="ensemble: give an Ensemble"):
        validate_ensemble("tiny", str(real))
