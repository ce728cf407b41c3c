"""A person stands once in a seat: two rows of one seat with the same ``person`` are refused."""

from __future__ import annotations

import pytest

import votebank as vb
from votebank.errors import InputError
from votebank.scenario.check import check_scenario


def test_a_scenario_changed_in_memory_is_held_to_it():
    sc = vb.load_scenario("tiny")
    cands = sc.candidates.copy()
    cands.loc[cands["candidate"] == "T-2-a", "person"] = "mian"  # beside mian in T-2
    with pytest.raises(InputError) as info:
        check_scenario(sc.with_tables(sc.constituencies, cands))
    (problem,) = info.value.problems
    assert (problem.file, problem.location, problem.value) == (
        "candidates",
        "row 6, column person",  # the second of the two rows
        "'mian'",
    )
    assert "'T-2' (row 5)" in problem.message


def test_one_person_in_several_seats_is_right():
    cands = vb.load_scenario("tiny").candidates
    assert cands.loc[cands["person"] == "mian", "constituency"].tolist() == ["T-1", "T-2"]
