"""Party switching: a switch into a punished party costs votes there, and nowhere else."""

import numpy as np
import pytest

from tests.mechanisms.conftest import seat_slot, state_of, variant
from votebank.core.labels import OWN
from votebank.mechanisms.switching import punished

PENALTY = 1.0
CASES = {
    # The pir (T-3-a) switched BLUE -> RED; make RED the punished party.
    "pir into RED": ({"mechanisms.switching.punished_parties": ["RED"]}, {}, "T-3-a"),
    # Dr Amina (T-2-a) becomes a RED -> BLUE switcher; BLUE is punished in the tiny scenario.
    "Amina into BLUE": ({}, {"T-2-a": {"switched_from": "RED"}}, "T-2-a"),
}


def pair(case: str, run: int):
    overrides, candidates, who = CASES[case]
    states = [
        state_of(
            variant({**overrides, "mechanisms.switching.penalty": penalty}, candidates=candidates),
            run,
        )
        for penalty in (PENALTY, 0.0)
    ]
    return (*states, who)


@pytest.mark.parametrize("case", list(CASES))
def test_punished_switcher_loses_votes_and_other_seats_are_untouched(case):
    for run in range(3):
        hit, free, who = pair(case, run)
        seat, slot = seat_slot(hit, who)
        mask = punished(hit)
        assert mask[seat, slot]
        assert mask.sum() == 1
        discount = hit.spec.mechanisms.switching.promise_discount
        assert np.allclose(hit.promise_factor, np.where(mask, 1 - discount, 1.0))
        # The penalty is a utility shift of exactly PENALTY for this candidate alone.
        shift = np.zeros(hit.utility.shape)
        shift[hit.types.seat == seat, slot] = PENALTY
        assert np.allclose(hit.utility + shift, free.utility)  # -inf (no candidate) matches
        # Own-choice votes: with a logit penalty of 1 his own-choice share falls by about a
        # third or more; at thousands of votes a 10% fall is many binomial sds wide.
        assert hit.seat_votes[seat, slot, OWN] < 0.9 * free.seat_votes[seat, slot, OWN]
        assert hit.seat_votes[seat, slot].sum() < free.seat_votes[seat, slot].sum()
        # Common random numbers: every other seat draws exactly the same votes and winner.
        for other in range(hit.contests.seats):
            if other != seat:
                assert np.array_equal(hit.seat_votes[other], free.seat_votes[other])
                assert hit.seat_winner[other] == free.seat_winner[other]


def test_switching_into_an_unpunished_party_costs_nothing():
    # In the tiny scenario the pir switched into RED while only BLUE is punished.
    on = state_of(variant(), 0)
    off = state_of(variant({"mechanisms.switching.enabled": False}), 0)
    assert not punished(on).any()
    assert np.array_equal(on.seat_votes, off.seat_votes)
    assert np.array_equal(on.station_stuffed, off.station_stuffed)
