"""compare checks its counts and both scenarios at entry, as run_ensemble does."""

import pytest

import votebank as vb
from votebank.ensemble.compare import compare
from votebank.errors import InputError


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.mark.parametrize(
    ("argument", "value"),
    [("runs", 0), ("runs", -3), ("runs", "3"), ("runs", 2.0), ("seed", -1), ("seed", True)],
)
def test_bad_counts_are_refused(tiny, argument, value):
    given = {"runs": 2, "seed": 1, argument: value}
    with pytest.raises(InputError) as exc:
        compare(tiny, tiny, **given)
    assert [p.file for p in exc.value.problems] == [argument]


def test_scenarios_that_are_no_scenarios_are_refused_together():
    with pytest.raises(InputError) as exc:
        compare(None, 5, runs=0)
    assert [p.file for p in exc.value.problems] == ["runs", "a", "b"]


def test_a_name_is_loaded(tiny):
    assert compare("tiny", tiny, runs=2, seed=1).parties.equals(
        compare(tiny, tiny, runs=2, seed=1).parties
    )


def test_a_variant_changed_in_memory_is_checked(tiny):
    turnout = tiny.spec.turnout.model_copy(update={"female_ratio": 5.0})
    bad = tiny.with_spec(tiny.spec.model_copy(update={"turnout": turnout}))
    with pytest.raises(InputError) as exc:
        compare(tiny, bad, runs=2, seed=1)
    assert [(p.file, p.location) for p in exc.value.problems] == [("b", "turnout.female_ratio")]
