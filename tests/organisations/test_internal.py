"""Internal elections: votekit counts them; plurality, block vote and STV on a hand example."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

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
from votebank.scenario.organisations.load import load_organisations

from .conftest import hand_members

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


def test_places_nobody_voted_for_are_left_unfilled():
    # Two of four candidates have every first preference: three places cannot all be filled
    # by votes (votekit refused to count, after the tables had been printed).
    only_leaders = Ballots.of(CANDIDATES, [(("A1",), 55), (("B1",), 45)])
    for rule in ("plurality", "block", "stv"):
        assert set(count(only_leaders, rule, 3)) == {"A1", "B1"}
    # Plurality counts first preferences only; STV every preference.
    ranked = Ballots.of(CANDIDATES, [(("A1", "A2"), 55), (("B1", "B2"), 45)])
    assert set(count(ranked, "plurality", 3)) == {"A1", "B1"}
    assert len(count(ranked, "stv", 3)) == 3
    # A surplus of nothing exhausts the only ballot: STV stops with the place unfilled.
    assert count(Ballots.of(CANDIDATES, [(("A1", "B1", "B2"), 1)]), "stv", 2) == ("A1",)
    nobody = Ballots(
        CANDIDATES, np.full(4, -1), np.zeros((0, 4), np.int64), np.zeros(0, int), 9, {}
    )
    assert all(count(nobody, rule, 2) == () for rule in ("plurality", "block", "stv"))


def exact(spec, seats: int, **election):
    """The small section's election, every member loyal and voting, with the changes given."""
    factions = [f.model_copy(update={"loyalty": 1.0, "turnout": 1.0}) for f in spec.faction]
    changed = spec.internal[0].model_copy(update={"seats": seats, **election})
    return spec.model_copy(update={"faction": factions, "internal": [changed]})


def test_an_election_with_fewer_candidates_voted_for_than_places_is_counted(small):
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=4)
    # One preference each, no reordering: only the two slate leaders get votes, for 3 places.
    leaders = exact(spec, 3, ranks=1, order_noise=0.0)
    result = run_internal(members, leaders, 0, seed=4)
    assert set(result.elected) == {"O1", "G1"}
    assert result.unfilled == 1
    table = compare_rules(members, leaders, 0, seed=4).set_index("rule")
    assert table["unfilled"].tolist() == [1, 1, 1]
    # Nobody votes: no one is elected, every place is unfilled.
    silent = leaders.model_copy(
        update={"faction": [f.model_copy(update={"turnout": 0.0}) for f in leaders.faction]}
    )
    result = run_internal(members, silent, 0, seed=4)
    assert (result.elected, result.unfilled, result.ballots.voters) == ((), 3, 0)


def test_ties_are_broken_by_the_seed(small):
    # Two members, one in each faction, both voting for their own one candidate: a tie
    # every rule leaves to chance, which was votekit's unseeded draw.
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = hand_members([[0, None], [0, None]], faction=[0, 1], factions=spec.faction_ids)
    slates = [
        spec.faction[0].model_copy(update={"slate": ["O1"]}),
        spec.faction[1].model_copy(update={"slate": ["G1"]}),
        *spec.faction[2:],
    ]
    tie = exact(spec.model_copy(update={"faction": slates}), 1)
    for rule in ("plurality", "block", "stv"):
        winners = {}
        for seed in range(12):
            again = {run_internal(members, tie, 0, seed, rule).elected for _ in range(5)}
            assert len(again) == 1, (rule, seed, again)
            winners[seed] = again.pop()
        assert set(winners.values()) == {("O1",), ("G1",)}, rule


def test_tie_breaks_do_not_depend_on_the_process():
    # A set of names is ordered by string hashes, which change from one process to the next:
    # a draw from it in that order differs between processes whatever the seed.
    code = (
        "from votebank.organisations.internal import Ballots, count\n"
        "names = ('P', 'Q', 'R', 'S')\n"
        "b = Ballots.of(names, [((c,), 1) for c in names])\n"
        "print([count(b, rule, 2) for rule in ('plurality', 'block', 'stv') for _ in range(6)])\n"
    )
    outs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        outs.add(done.stdout)
    assert len(outs) == 1


def test_an_elections_draws_do_not_depend_on_its_place_in_the_list(small):
    # Its stream was named by its index: listing another election first redrew its ballots.
    sc = vb.load_scenario(small)
    spec = load_organisations(sc)
    members = generate_members(spec, sc.constituencies, sc.candidates, seed=4)
    first = spec.internal[0]
    other = first.model_copy(update={"office": "leader", "seats": 1})
    moved = spec.model_copy(update={"internal": [other, first]})
    alone, second = draw_ballots(members, spec, 0, seed=4), draw_ballots(members, moved, 1, seed=4)
    assert np.array_equal(alone.rankings, second.rankings)
    assert (
        run_internal(members, moved, 1, seed=4).elected == run_internal(members, spec, 0, 4).elected
    )
    # The other election draws its own ballots, not the first one's.
    assert not np.array_equal(draw_ballots(members, moved, 0, seed=4).rankings, alone.rankings)
