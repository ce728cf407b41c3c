"""Transport: instructed turnout rises by coverage x uplift; first rupees move a voter each."""

import numpy as np

from tests.mechanisms.conftest import state_of, variant
from votebank.mechanisms.transport import coverage, payer

PATRONS = ("biradari", "landlords", "transport")  # fear would cut the turnout afterwards


def rides(**more) -> dict:
    return {
        "mechanisms.transport.enabled": True,
        **{f"mechanisms.transport.{k}": v for k, v in more.items()},
    }


def test_instructed_turnout_rises_by_coverage_times_uplift_and_nothing_else_moves():
    on = state_of(variant(rides(), only=PATRONS), 0, seed=2)
    off = state_of(variant(rides(enabled=False), only=PATRONS), 0, seed=2)
    el = on.electorate
    offered = coverage(on)
    assert (offered > 0).any()
    uplift = np.where(el.cohort_female, 0.15, 0.10)
    np.testing.assert_allclose(
        on.follow_turnout, np.minimum(off.follow_turnout + offered * uplift, 1.0)
    )
    np.testing.assert_array_equal(on.turnout, off.turnout)
    # Only cohorts a patron instructs are offered rides, within their ceiling.
    assert not offered[payer(on) < 0].any()
    cap = np.where(el.cohort_urban, 0.15, 0.35)
    assert (offered <= cap + 1e-12).all()


def test_returns_diminish_and_the_first_rupees_move_one_voter_per_cost():
    def moved(share: float) -> float:
        state = state_of(variant(rides(budget_share=share)), 0, seed=2)
        el = state.electorate
        instructed = el.cohort_count * np.maximum(state.p_landlord, state.p_clan)
        uplift = np.where(el.cohort_female, 0.15, 0.10)
        return float((instructed * coverage(state) * uplift).sum())

    tiny_share = 1e-7
    state = state_of(variant(rides(budget_share=tiny_share)), 0, seed=2)
    c = state.contests
    paying = np.zeros(c.valid.shape, dtype=bool)
    slot = payer(state)
    paying[state.electorate.cohort_seat[slot >= 0], slot[slot >= 0]] = True
    money = tiny_share * c.budget[paying].sum()
    np.testing.assert_allclose(moved(tiny_share), money / 40.0, rtol=1e-3)
    small, half, full = moved(0.01), moved(0.5), moved(1.0)
    assert 0 < small < half < full
    assert full - half < half - 0.0  # the second half of the money buys less than the first


def test_turnout_of_backed_candidates_rises_in_the_count():
    more = 0
    for run in range(4):
        on = state_of(variant(rides(budget_share=1.0)), run, seed=6)
        off = state_of(variant(), run, seed=6)
        more += int(on.station_ballots.sum() - off.station_ballots.sum())
    assert more > 0
