"""A person stands once in a seat, and for one party: rows of one ``person`` that do not fail."""

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


def test_one_person_for_two_parties_is_refused():
    sc = vb.load_scenario("tiny")
    cands = sc.candidates.copy()
    cands.loc[cands["candidate"] == "T-2-b", "party"] = "BLUE"  # mian: RED in T-1
    cands.loc[cands["candidate"] == "T-2-a", "party"] = "RED"
    with pytest.raises(InputError) as info:
        check_scenario(sc.with_tables(sc.constituencies, cands))
    (problem,) = info.value.problems
    assert (problem.file, problem.location, problem.value) == (
        "candidates",
        "row 6, column party",
        "'BLUE'",
    )
    assert "'mian' stands for 'RED' in 'T-1' (row 2)" in problem.message


def test_a_party_ticket_in_one_seat_and_an_independent_run_in_another_pass():
    sc = vb.load_scenario("tiny")
    cands = sc.candidates.copy()
    cands.loc[cands["candidate"] == "T-2-b", "party"] = "IND"
    check_scenario(sc.with_tables(sc.constituencies, cands))


def test_a_person_twice_in_a_seat_for_two_parties_is_one_problem():
    sc = vb.load_scenario("tiny")
    cands = sc.candidates.copy()
    cands.loc[cands["candidate"] == "T-2-a", "person"] = "mian"  # BLUE beside mian's RED
    with pytest.raises(InputError) as info:
        check_scenario(sc.with_tables(sc.constituencies, cands))
    assert [p.location for p in info.value.problems] == ["row 6, column person"]
