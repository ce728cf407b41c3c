"""The power study's compilation kind: levels of seats shifted, stuffing off, truth recorded."""

import math

import numpy as np
import pytest

import votebank as vb
from votebank.forensics.power_compilation import (
    compilation_levels,
    compilation_power,
    compilation_table,
    compilation_truth,
    level_scenario,
)


def test_levels_are_shares_of_seats_with_none_first():
    levels = compilation_levels("max,10%,0.25")
    assert [lv.name for lv in levels] == ["none", "10%", "25%", "max"]
    assert levels[0].target == 0
    assert math.isinf(levels[-1].target)


def test_every_seat_asked_for_twice_is_one_level():
    """A share of 1 shifts every seat, as max does: it was run a second time as "100%"."""
    assert [lv.name for lv in compilation_levels("1,max")] == ["none", "max"]
    assert [lv.name for lv in compilation_levels("100%")] == ["none", "100%"]


def test_a_level_switches_stuffing_off_and_compilation_on_at_its_share():
    sc = vb.load_scenario("tiny")
    none, ten, top = compilation_levels("0.1,max")
    for lv, on, share in ((none, False, None), (ten, True, 0.1), (top, True, 1.0)):
        spec = level_scenario(sc, lv).spec
        assert spec.mechanisms.stuffing.enabled is False
        assert spec.mechanisms.compilation.enabled is on
        if share is not None:
            assert spec.mechanisms.compilation.seat_share == share


def test_the_truth_counts_the_votes_moved():
    sc = vb.load_scenario("tiny")
    rigged = level_scenario(sc, compilation_levels("max")[-1])
    outcome = vb.Model.of(rigged, 3).outcome(0)
    truth = compilation_truth(outcome)
    moved = outcome.truth["compilation"]["station_moved"].sum()
    assert truth["votes_moved"] == moved / outcome.votes.sum() > 0
    assert truth["seats_shifted"] == np.mean(outcome.truth["compilation"]["seat_shifted"]) > 0
    clean = vb.Model.of(level_scenario(sc, compilation_levels("none")[0]), 3).outcome(0)
    assert compilation_truth(clean) == {
        "seats_shifted": 0.0,
        "votes_moved": 0.0,
        "forms_rewritten": 0.0,
    }


@pytest.mark.slow
def test_a_small_study_scores_every_test_at_every_level():
    sc = vb.load_scenario("tiny")
    result = compilation_power(sc, levels="max", runs_per_level=2, bootstrap=0, seed=1)
    assert set(result.records["level"]) == {"none", "max"}
    top = result.records[result.records["level"] == "max"]
    assert (top["votes_moved"] > 0).all()
    assert (result.records.loc[result.records["level"] == "none", "votes_moved"] == 0).all()
    assert len(result.rates) > 0
    assert compilation_table(result).row_count == len(result.rates["test"].unique())


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("runs_per_level", 2.5),
        ("seed", -1),
        ("progress", 5),
        ("overrides", 5),
        ("overrides", {"mechanisms.compilation.shift": (0.2, 0.1)}),
        ("overrides", {"no.such.field": 1}),
    ],
)
def test_every_argument_is_checked_before_the_first_run(argument, value):
    # Each failed inside the study as TypeError, ValueError, KeyError or pydantic's
    # ValidationError (forensics_power checks the same arguments as input errors).
    sc = vb.load_scenario("tiny")
    arguments = {"levels": "none", "runs_per_level": 2, "bootstrap": 0, argument: value}
    with pytest.raises(vb.InputError) as info:
        compilation_power(sc, **arguments)
    assert argument in str(info.value)


def test_a_scenario_with_no_favoured_candidate_is_refused_before_it_runs():
    # With no government party and no favoured_parties, no returning officer has anyone to
    # favour: every fraud level moved nothing, and its 0% was reported as power (AUC 0.50).
    sc = vb.load_scenario("tiny")
    spec = sc.spec.model_copy(
        update={"parties": [p.model_copy(update={"government": False}) for p in sc.spec.parties]}
    )
    ran = []
    with pytest.raises(vb.InputError) as info:
        compilation_power(
            sc.with_spec(spec),
            levels="0.5,max",
            runs_per_level=2,
            bootstrap=0,
            progress=lambda done, total: ran.append(done),
        )
    problem = info.value.problems[0]
    assert problem.file == "--levels"
    assert "favoured" in problem.message
    assert ran == []
    # The clean level alone is still a study (its false-positive rates).
    clean = compilation_power(sc.with_spec(spec), levels="none", runs_per_level=2, bootstrap=0)
    assert set(clean.records["level"]) == {"none"}
