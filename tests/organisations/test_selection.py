"""Local selection: the selected candidate is the one the general election uses."""

from __future__ import annotations

import numpy as np
import pytest

import votebank as vb
from votebank.ensemble.compare import compare
from votebank.organisations.capacity import capacity
from votebank.organisations.members import generate_members
from votebank.organisations.selection import enthusiasm, select_candidates
from votebank.run.contests import build_contests
from votebank.scenario.organisations.load import load_organisations


def rigged(spec, **selection):
    """Every sitting candidate of the right; every member of the left, all loyal, all voting."""
    factions = [f.model_copy(update={"loyalty": 1.0, "turnout": 1.0}) for f in spec.faction]
    orgs = [o.model_copy(update={"factions": {"left": 1.0}}) for o in spec.organisation]
    orgs[0] = orgs[0].model_copy(update={"factions": {"office": 1.0}})
    sel = spec.selection.model_copy(
        update={"sitting_sides": {"right": 1.0}, "challenge_prob": 1.0, **selection}
    )
    return spec.model_copy(update={"faction": factions, "organisation": orgs, "selection": sel})


@pytest.fixture
def base(small):
    sc = vb.load_scenario(small)
    return sc, load_organisations(sc)


def test_selection_changes_the_candidate_used_in_the_general_election(base):
    sc, spec = base
    spec = rigged(spec, deselection_penalty=1.0)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=1)
    result = select_candidates(sc, members, spec, seed=1)
    assert result.deselected == 6
    assert (result.seats["selected_side"] == "left").all()
    delta = -0.05 - 0.0 - 1.0
    assert (result.seats["appeal_after"] - result.seats["appeal_before"]).to_numpy() == (
        pytest.approx(np.full(6, delta))
    )
    # The general election reads the new candidates: their appeal and their names.
    lab = sc.candidates["party"] == "Lab"
    old = build_contests(sc)
    new = build_contests(result.scenario)
    slots = old.party == old.party_ids.index("Lab")
    assert (new.appeal[slots] - old.appeal[slots]) == pytest.approx(np.full(6, delta))
    run = vb.simulate(result.scenario, seed=3)["candidates"]
    named = run[run["candidate_id"].isin(sc.candidates.loc[lab, "candidate"])]["name"]
    assert (named == "Challenger (left)").all()
    # ... and vote for them less: same runs, common random numbers.
    diff = compare(sc, result.scenario, runs=3, seed=5).candidates
    lab_diff = diff[diff["candidate_id"].str.endswith("-Lab")]["difference"]
    assert (lab_diff < 0).all()


def test_no_challenger_no_change(base):
    sc, spec = base
    spec = rigged(spec, challenge_prob=0.0)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=1)
    result = select_candidates(sc, members, spec, seed=1)
    assert result.deselected == 0
    assert result.scenario.candidates.equals(sc.candidates)
    assert (result.seats["challenger_side"] == "").all()


def test_votes_count_the_local_members(base):
    sc, spec = base
    spec = rigged(spec)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=1)
    result = select_candidates(sc, members, spec, seed=1)
    inside = members.member_of("L", spec.selection_date)
    local = np.bincount(members.home[inside], minlength=6)
    seats = result.seats.set_index("constituency_id")
    assert seats["members"].tolist() == local.tolist()
    # Everyone votes and every one of them is of the left, for the challenger.
    assert seats["votes_challenger"].tolist() == local.tolist()
    assert (seats["votes_sitting"] == 0).all()


def test_enthusiasm_multiplies_the_members_hours(base):
    sc, spec = base
    spec = rigged(spec)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=1)
    result = select_candidates(sc, members, spec, seed=1)
    mult = enthusiasm(members, spec, result)
    assert np.unique(mult).tolist() == [1.2]  # left members, left candidates everywhere
    plain = capacity(members, spec, sc.constituencies, sc.candidates)["hours"].sum()
    keen = capacity(members, spec, sc.constituencies, sc.candidates, enthusiasm=mult)
    assert keen["hours"].sum() == pytest.approx(1.2 * plain)


def test_selection_is_reproducible_seat_by_seat(base):
    sc, spec = base
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=2)
    a = select_candidates(sc, members, spec, seed=2).seats
    b = select_candidates(sc, members, spec, seed=2).seats
    assert a.equals(b)


def test_enthusiasm_is_only_for_the_selecting_partys_campaigners(base):
    # A Conservative organisation whose faction shares the name of a Labour side: Labour's
    # selection of a left candidate must not multiply the Conservative canvass.
    sc, spec = base
    spec = rigged(spec)
    tory = spec.organisation[1].model_copy(
        update={"id": "T", "party": "Con", "factions": {"left": 1.0}, "also_members": {}}
    )
    spec = spec.model_copy(update={"organisation": [*spec.organisation, tory]})
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=1)
    result = select_candidates(sc, members, spec, seed=1)
    mult = enthusiasm(members, spec, result)
    cap = capacity(members, spec, sc.constituencies, sc.candidates)
    keen = capacity(members, spec, sc.constituencies, sc.candidates, enthusiasm=mult)
    con, lab = cap["party"] == "Con", cap["party"] == "Lab"
    assert cap.loc[con, "hours"].sum() > 0
    assert keen.loc[con, "hours"].sum() == pytest.approx(cap.loc[con, "hours"].sum())
    assert keen.loc[lab, "hours"].sum() == pytest.approx(1.2 * cap.loc[lab, "hours"].sum())
