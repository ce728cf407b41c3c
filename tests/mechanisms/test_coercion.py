"""Coercion: armed men keep a patron's opponents at home and press his dependants."""

import numpy as np
import pytest

from tests.mechanisms.conftest import per_station, state_of, station_armed_patron, variant
from votebank.core.labels import COERCED, OWN

SUPPRESSION = 0.5
# No extra compliance, so the routes (and their random draws) are the same with coercion on or
# off: own-choice head counts per cohort are identical and only their turnout differs.
PAIR = {
    "mechanisms.coercion.suppression": SUPPRESSION,
    "mechanisms.coercion.compliance_boost": 0.0,
    "turnout.rejected_share": 0.0,
}


def pair(run: int):
    on = state_of(variant(PAIR, only=("landlords", "biradari", "coercion")), run)
    off = state_of(variant(PAIR, only=("landlords", "biradari")), run)
    return on, off


@pytest.mark.parametrize("run", [0, 1, 2])
def test_armed_patrons_cut_opponents_turnout_by_the_suppression(run):
    on, off = pair(run)
    el, slots = on.electorate, on.contests.slots
    lord = station_armed_patron(on)
    armed = lord >= 0
    assert armed.sum() >= 5
    protected = np.where(armed, on.landlord_backing[np.maximum(lord, 0)], -1)
    cut = np.where(armed, np.clip(SUPPRESSION * el.landlord_militia[np.maximum(lord, 0)], 0, 1), 0)
    assert np.allclose(on.suppress, cut[el.cohort_station])
    assert np.array_equal(on.protected_slot, protected[el.cohort_station])
    opposed = armed[:, None] & (np.arange(slots)[None, :] != protected[:, None])
    own_on, own_off = on.tally[:, :, OWN], off.tally[:, :, OWN]
    # Given the (identical) own-choice head counts, votes for a candidate are binomial with
    # mean n q t (1 - cut) on and n q t off, so E[on] = sum((1 - cut) x off) with variance
    # below the sum of the two means: |z| < 5 fails with p < 1e-6.
    got = own_on[opposed].sum()
    expected = ((1 - cut)[:, None] * own_off)[opposed].sum()
    assert abs(got - expected) < 5 * np.sqrt(got + expected), (got, expected)
    assert got < 0.8 * own_off[opposed].sum()  # the cut is large, not a rounding effect
    # The protected candidate's supporters are untouched (same bound).
    mine_on = own_on[armed, protected[armed]].sum()
    mine_off = own_off[armed, protected[armed]].sum()
    assert abs(mine_on - mine_off) < 5 * np.sqrt(mine_on + mine_off)
    # Unarmed stations: same distribution (different draws in seats with armed stations).
    free_on, free_off = own_on[~armed].sum(), own_off[~armed].sum()
    assert abs(free_on - free_off) < 5 * np.sqrt(free_on + free_off)


def test_seats_without_armed_patrons_draw_identical_votes():
    # Common random numbers: coercion changes nothing in a seat with no armed patron.
    for run in range(2):
        on, off = pair(run)
        armed_seats = set(on.electorate.station_seat[station_armed_patron(on) >= 0])
        quiet = [s for s in range(on.contests.seats) if s not in armed_seats]
        assert quiet
        for seat in quiet:
            assert np.array_equal(on.seat_votes[seat], off.seat_votes[seat])


def test_coerced_route_only_for_dependants_of_armed_patrons():
    scenario = variant({"mechanisms.coercion.compliance_boost": 0.2, "turnout.rejected_share": 0})
    for run in range(3):
        state = state_of(scenario, run)
        el = state.electorate
        lord = station_armed_patron(state)[el.cohort_station]
        pressed = (lord >= 0) & (el.cohort_landlord == lord)
        assert pressed.any()
        assert (state.p_coerced[~pressed] == 0).all()
        assert np.allclose(state.p_coerced[pressed], np.minimum(0.2, 1 - state.p_landlord[pressed]))
        assert (state.p_coerced[pressed] > 0).all()
        # Coerced votes go to the patron's candidate, at most one per pressed dependant. Stuffing
        # can only take votes away; fabricated stations are rewritten, so they are left out.
        cap = per_station(state, pressed, state.landlord_target)
        coerced = state.tally[:, :, COERCED]
        kept = ~state.station_fabricated
        assert (coerced[kept] <= cap[kept]).all()
        assert coerced[cap == 0].sum() == 0
        assert coerced.sum() > 0


def test_coerced_votes_follow_the_boost():
    # Coerced-route votes are a sum of independent binomials with mean
    # sum(n x p_coerced x follow turnout x station turnout), variance below it: 5 sd bound.
    scenario = variant(
        {"mechanisms.coercion.compliance_boost": 0.08, "turnout.rejected_share": 0.0},
        only=("landlords", "biradari", "coercion", "fear"),
    )
    for run in range(3):
        state = state_of(scenario, run)
        el = state.electorate
        p = state.p_coerced * state.follow_turnout * state.station_turnout[el.cohort_station]
        expected = (el.cohort_count * p).sum()
        got = state.tally[:, :, COERCED].sum()
        assert expected > 50
        assert abs(got - expected) < 5 * np.sqrt(expected), (got, expected)
