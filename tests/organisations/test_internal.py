"""Internal elections: votekit counts them; plurality, block vote and STV on a hand example."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from votekit import Ballot, PreferenceProfile
from votekit.elections import STV, BlocPlurality, Plurality

import votebank as vb
from votebank.organisations.internal import (
    Ballots,
    compare_rules,
    count,
    draw_ballots,
    run_internal,
)
from votebank.organisations.members import generate_members
from votebank.organisations.rules import apply_rules
from votebank.organisations.scenario import load_organisations

# A hand-checked profile of 100 voters: faction A (A1, A2) has 55, faction B (B1, B2) 45.
CANDIDATES = ("A1", "A2", "B1", "B2")
ROWS = [
    (("B1", "B2", "A1", "A2"), 40),
    (("A1", "A2", "B1", "B2"), 33),
    (("A2", "A1", "B2", "B1"), 22),
    (("B2", "B1", "A2", "A1"), 5),
]
# By hand:
# * one place: plurality B1 (40 first preferences); STV (= IRV, quota 51): B2 out (5 to B1: 45),
#   A2 out (22 to A1: 55): A1; block vote with one place is plurality: B1.
# * two places: Droop quota floor(100 / 3) + 1 = 34. STV: B1 elected on 40, surplus 6 goes to
#   B2 (11); nobody else reaches 34; B2 out, its 5 ballots pass B1 (elected) to A2 (27) and the
#   surplus (6) to A1 (39): A1 elected. STV: B1, A1. Plurality (SNTV): B1 40, A1 33: B1, A1.
#   Block vote (top two each): A1 55, A2 55, B1 45, B2 45: A1, A2, the majority faction sweeps.
EXPECTED = {
    (1, "plurality"): {"B1"},
    (1, "stv"): {"A1"},
    (1, "block"): {"B1"},
    (2, "plurality"): {"B1", "A1"},
    (2, "stv"): {"B1", "A1"},
    (2, "block"): {"A1", "A2"},
}


def library(rule: str, seats: int) -> set[str]:
    """The same count straight from votekit, with a profile built here."""
    if rule == "block":
        ballots = tuple(Ballot(scores=dict.fromkeys(r[:seats], 1), weight=w) for r, w in ROWS)
        election = BlocPlurality(PreferenceProfile(ballots=ballots), m=seats)
    else:
        ballots = tuple(Ballot(ranking=tuple(frozenset({c}) for c in r), weight=w) for r, w in ROWS)
        kind = STV if rule == "stv" else Plurality
        election = kind(PreferenceProfile(ballots=ballots), m=seats)
    return {c for group in election.get_elected() for c in group}


@pytest.mark.parametrize(("seats", "rule"), list(EXPECTED))
def test_hand_example_matches_the_library_and_the_hand_count(seats, rule):
    ballots = Ballots.of(CANDIDATES, ROWS)
    got = count(ballots, rule, seats)
    assert len(got) == seats
    assert set(got) == EXPECTED[seats, rule] == library(rule, seats)


def test_rules_differ_as_expected_on_the_hand_example():
    ballots = Ballots.of(CANDIDATES, ROWS)
    # A leader: vote splitting in A hands plurality to B1; transfers give STV to A1.
    assert count(ballots, "plurality", 1) == ("B1",)
    assert count(ballots, "stv", 1) == ("A1",)
    # A committee of two: the block vote gives the 55 % faction both places, STV one each.
    assert set(count(ballots, "block", 2)) == {"A1", "A2"}
    assert set(count(ballots, "stv", 2)) == {"A1", "B1"}


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown rule"):
        count(Ballots.of(CANDIDATES, ROWS), "borda", 1)


def test_ballots_follow_faction_loyalty_and_turnout(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=4)
    # Perfect loyalty and turnout, no reordering: first preferences are the slate leaders.
    factions = [f.model_copy(update={"loyalty": 1.0, "turnout": 1.0}) for f in spec.faction]
    election = spec.internal[0].model_copy(update={"order_noise": 0.0})
    exact = spec.model_copy(update={"faction": factions, "internal": [election]})
    ballots = draw_ballots(members, exact, 0, seed=4)
    entitled = members.member_of("M", election.date)
    assert ballots.voters == ballots.electorate == entitled.sum()
    first = np.bincount(ballots.rankings[:, 0], ballots.weights, minlength=6)
    sizes = np.bincount(members.faction[entitled], minlength=4)
    assert first.tolist() == [sizes[0], 0, 0, sizes[1], 0, 0]
    # Every ballot ranks its own slate in slate order before the other slate.
    assert (ballots.rankings[:, :3] // 3 == ballots.rankings[:, :1] // 3).all()
    assert (np.diff(ballots.rankings[:, :3], axis=1) == 1).all()


def test_committee_result_and_every_rule_on_the_same_ballots(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members, _ = apply_rules(
        generate_members(spec, sc.constituencies, sc.candidates, seed=4), spec, seed=4
    )
    result = run_internal(members, spec, 0, seed=4)
    assert len(result.elected) == 3
    assert result.rule == "stv"
    assert sum(result.by_faction.values()) == 3
    # The 60/40 split of the movement gives STV a 2-1 committee; the block vote is a sweep.
    assert result.by_faction["office"] == 2
    assert result.by_faction["grassroots"] == 1
    table = compare_rules(members, spec, 0, seed=4)
    block = table.set_index("rule").loc["block"]
    assert block["office"] == 3
    again = run_internal(members, spec, 0, seed=4)
    assert again.elected == result.elected
    other_day = spec.internal[0].model_copy(update={"date": dt.date(2016, 1, 1)})
    earlier = spec.model_copy(update={"internal": [other_day]})
    assert draw_ballots(members, earlier, 0, seed=4).electorate < result.ballots.electorate
