"""Alliances and boycotts: the withdrawn candidate gets nothing; their voters divide as stated."""

import numpy as np
import pytest

from tests.mechanisms.conftest import state_of, variant
from votebank.core.choice import choice_probs
from votebank.run.model import Model

# In T-3, RED stands down for BLUE (RED, BLUE and an independent stand there).
DEAL = {
    "mechanisms.alliances.enabled": True,
    "mechanisms.alliances.stand_downs": [{"party": "RED", "ally": "BLUE", "seats": ["T-3"]}],
}


def slot(state, seat_id: str, party: str) -> tuple[int, int]:
    c = state.contests
    s = list(c.seat_ids).index(seat_id)
    return s, int(np.flatnonzero(c.party[s] == c.party_ids.index(party))[0])


def test_a_candidate_who_stands_down_gets_no_vote_and_cannot_win():
    for run in range(4):
        state = state_of(variant(DEAL), run, seed=2)
        s, red = slot(state, "T-3", "RED")
        assert state.seat_votes[s, red].sum() == 0
        assert not state.standing[s, red]
        assert state.seat_winner[s] != red
        assert (state.landlord_backing[state.electorate.landlord_seat == s] != red).all()


def test_voters_divide_exactly_as_stated_by_voter_type():
    on, off = state_of(variant(DEAL), 0, seed=4), state_of(variant(), 0, seed=4)
    s, red = slot(on, "T-3", "RED")
    _, blue = slot(on, "T-3", "BLUE")
    types = np.flatnonzero(on.types.seat == s)
    before, after = choice_probs(off, types), choice_probs(on, types)
    lost = before[:, red]
    home = 0.25 * lost
    voting = 1 - home
    np.testing.assert_allclose(after[:, red], 0.0)
    # Among those who still vote: BLUE gains 60% of RED's voters, then its share of the 15%.
    others = np.delete(np.arange(before.shape[1]), red)
    rest = 0.15 * lost / (1 - lost + 0.6 * lost)
    expect = before[:, others].copy()
    expect[:, list(others).index(blue)] += 0.6 * lost
    expect *= (1 + rest)[:, None]
    valid = np.isfinite(np.log(np.maximum(expect, 1e-300)))
    np.testing.assert_allclose(after[:, others][valid], (expect / voting[:, None])[valid])
    # and a quarter of them stay home: the type's own-choice turnout falls by 0.25 x P(RED).
    cohorts = np.flatnonzero(np.isin(on.types.cohort_type, types))
    ratio = on.turnout[cohorts] / off.turnout[cohorts]
    np.testing.assert_allclose(ratio, voting[np.searchsorted(types, on.types.cohort_type[cohorts])])


def test_seats_outside_the_deal_are_untouched():
    on, off = state_of(variant(DEAL), 1, seed=6), state_of(variant(), 1, seed=6)
    s, _ = slot(on, "T-3", "RED")
    others = np.arange(on.contests.seats) != s
    np.testing.assert_array_equal(on.seat_votes[others], off.seat_votes[others])


def test_a_boycott_withdraws_the_party_everywhere():
    boycott = {"mechanisms.alliances.enabled": True, "mechanisms.alliances.boycotts": ["BLUE"]}
    state = Model(variant(boycott), 3).state(0)
    c = state.contests
    blue = (c.party == c.party_ids.index("BLUE")) & c.valid
    assert blue.any()
    assert state.seat_votes[blue].sum() == 0
    assert not state.standing[blue].any()


def test_transfer_and_abstain_cannot_exceed_everyone():
    with pytest.raises(ValueError, match="at most 1"):
        variant({**DEAL, "mechanisms.alliances.transfer": 0.8, "mechanisms.alliances.abstain": 0.3})


def test_a_party_standing_down_for_itself_is_refused():
    # It was taken: RED's candidates left the race yet kept the transfer share of their
    # voters (votes for candidates who could not win), and RED lost every seat it led.
    from pydantic import ValidationError

    from votebank.mechanisms.alliances import StandDown

    with pytest.raises(ValidationError) as exc:
        StandDown(party="RED", ally="RED")
    (error,) = exc.value.errors()
    assert error["loc"] == ("ally",)
    assert "cannot stand down for itself" in error["msg"]
