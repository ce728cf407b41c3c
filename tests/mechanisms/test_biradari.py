"""Biradari vote blocs: cohesive members vote as their bloc commits; the best offer wins a bloc."""

import numpy as np
import pytest

from tests.mechanisms.conftest import EXACT_FOLLOW, per_station, seat_slot, state_of, variant
from votebank.core.labels import CLAN, OWN, ROUTES

NO_LANDLORDS = {"mechanisms.biradari.cohesion": 1.0, "mechanisms.landlords.enabled": False}


def members(state):
    return state.electorate.cohort_bloc >= 0


@pytest.mark.parametrize("run", [0, 1, 2])
def test_cohesive_members_vote_exactly_as_their_bloc(run):
    # Instructed turnout is exactly 1 and nothing is rejected, so the clan route must hold
    # every member, for the bloc's choice, at the member's station: an exact identity.
    scenario = variant({**NO_LANDLORDS, **EXACT_FOLLOW, "mechanisms.fear.enabled": False})
    state = state_of(scenario, run)
    el, member = state.electorate, members(state)
    assert member.any()
    assert (~member).any()
    instructed = state.bloc_choice[np.maximum(el.cohort_bloc, 0)]
    assert np.array_equal(state.clan_target, np.where(member, instructed, -1))
    assert np.array_equal(state.p_clan, np.where(member, 1.0, 0.0))
    assert np.array_equal(state.tally[:, :, CLAN], per_station(state, member, state.clan_target))
    # Nobody else votes on an instruction; own-choice votes come from non-members only.
    others = [r for r in range(len(ROUTES)) if r not in (CLAN, OWN)]
    assert state.tally[:, :, others].sum() == 0
    free = np.bincount(el.cohort_station[~member], el.cohort_count[~member], el.stations)
    assert (state.tally[:, :, OWN].sum(axis=1) <= free).all()


def test_when_everyone_is_in_a_bloc_no_one_votes_their_own_way():
    scenario = variant(
        {
            **NO_LANDLORDS,
            "electorate.bloc_membership_rural": 1.0,
            "electorate.bloc_membership_urban": 1.0,
        }
    )
    for run in range(3):
        state = state_of(scenario, run)
        assert members(state).all()
        assert state.tally[:, :, OWN].sum() == 0
        assert state.tally[:, :, CLAN].sum() == state.tally.sum() > 0


def test_members_turn_out_at_the_instructed_rate():
    # With the scenario's own turnout (fear on, instructed boost 0.5), each seat's clan-route
    # votes are a sum of independent binomials with mean E = sum(members x follow turnout x
    # station turnout) and variance below E: |votes - E| < 5 sqrt(E) fails with p < 1e-6 per seat.
    scenario = variant({**NO_LANDLORDS, "turnout.rejected_share": 0.0})
    for run in range(3):
        state = state_of(scenario, run)
        el, member = state.electorate, members(state)
        p = state.follow_turnout * state.station_turnout[el.cohort_station]
        expected = np.bincount(el.cohort_seat, el.cohort_count * member * p, minlength=3)
        got = np.bincount(el.station_seat, state.tally[:, :, CLAN].sum(axis=1), minlength=3)
        assert (np.abs(got - expected) < 5 * np.sqrt(expected)).all(), (got, expected)
        # A station's clan votes go only to candidates some bloc voting there chose.
        told = per_station(state, member, state.clan_target) > 0
        assert not (state.tally[:, :, CLAN] > 0)[~told].any()


def test_cohesion_zero_leaves_the_clan_route_empty():
    scenario = variant({"mechanisms.biradari.cohesion": 0.0})  # every other mechanism on
    for run in range(4):
        state = state_of(scenario, run)
        assert (state.p_clan == 0).all()
        assert state.tally[:, :, CLAN].sum() == 0
        assert state.tally.sum() > 0


AUCTION = {
    "mechanisms.biradari.choice_noise": 0.0,
    "mechanisms.biradari.win_weight": 0.0,
    "mechanisms.biradari.kin_weight": 0.0,
    "mechanisms.biradari.promise_value": 0.0,
}


@pytest.mark.parametrize(
    "rich",
    [
        # The tiny scenario's own budgets.
        {},
        # A much bigger purse buys every bloc, however weak the candidate.
        {"T-1-b": 1e9, "T-2-a": 1e9, "T-3-c": 1e9},
    ],
    ids=["scenario budgets", "big purses"],
)
def test_the_highest_offer_wins_every_bloc_of_the_seat(rich):
    scenario = variant(AUCTION, candidates={k: {"budget": v} for k, v in rich.items()})
    table = scenario.candidates
    richest = table.loc[table.groupby("constituency")["budget"].idxmax(), "candidate"]
    for candidate, budget in rich.items():
        assert candidate in set(richest), (candidate, budget)
    for run in range(2):
        state = state_of(scenario, run)
        el, c = state.electorate, state.contests
        winners = np.zeros(c.valid.shape, dtype=bool)
        for candidate in richest:
            seat, slot = seat_slot(state, candidate)
            winners[seat, slot] = True
            blocs = el.bloc_seat == seat
            assert blocs.any()
            assert (state.bloc_choice[blocs] == slot).all(), candidate
        # The clan route carries votes for the winners of the auction only.
        clan = state.seat_votes[:, :, CLAN]
        assert clan[winners].min() > 0
        assert clan[~winners].sum() == 0
