"""Landlords and pirs: the patron's instruction comes before the bloc's; compliance decides."""

import numpy as np
import pytest

from tests.mechanisms.conftest import EXACT_FOLLOW, per_station, seat_slot, state_of, variant
from votebank.core.labels import CLAN, COERCED, LANDLORD

PIR = 2  # votebank.core.labels.PATRONS.index("pir")

# Blocs in T-3 are all bought by Mrs Rana (T-3-c), while the standing landlord Chaudhry Sahib
# (T-3-b) and the pir (T-3-a) instruct their own people for themselves. Every instructed voter
# turns out, nothing is rejected, and nothing else moves votes (coercion, stuffing, fear off).
CONFLICT = {
    **EXACT_FOLLOW,
    "mechanisms.biradari.cohesion": 1.0,
    "mechanisms.biradari.choice_noise": 0.0,
    "mechanisms.biradari.win_weight": 0.0,
    "mechanisms.biradari.kin_weight": 0.0,
    "mechanisms.biradari.promise_value": 0.0,
}
ONLY = ("biradari", "landlords", "switching")


def conflict(compliance: float, pir_compliance: float):
    overrides = {
        **CONFLICT,
        "mechanisms.landlords.compliance": compliance,
        "mechanisms.landlords.pir_compliance": pir_compliance,
    }
    return state_of(variant(overrides, candidates={"T-3-c": {"budget": 1e9}}, only=ONLY))


def patron_of(state):
    el = state.electorate
    lord = el.cohort_landlord
    dependant = lord >= 0
    kind = np.where(dependant, el.landlord_kind[np.maximum(lord, 0)], -1)
    stands = np.where(dependant, el.landlord_slot[np.maximum(lord, 0)], -1)
    return dependant, kind, stands


def test_landlord_instruction_overrides_the_bloc():
    state = conflict(1.0, 1.0)
    el = state.electorate
    member = el.cohort_bloc >= 0
    dependant, _, stands = patron_of(state)
    seat, chaudhry = seat_slot(state, "T-3-b")
    _, rana = seat_slot(state, "T-3-c")
    here = el.cohort_seat == seat
    # The case exists: the landlord's own dependants who are also members of Rana's blocs.
    told_by_both = here & dependant & member & (stands == chaudhry)
    assert el.cohort_count[told_by_both].sum() > 100
    assert (state.bloc_choice[el.bloc_seat == seat] == rana).all()
    assert (state.landlord_target[here & (stands == chaudhry)] == chaudhry).all()
    # Standing patrons back themselves.
    standing = el.landlord_slot >= 0
    assert np.array_equal(state.landlord_backing[standing], el.landlord_slot[standing])
    # Every dependant votes via the landlord route for the patron's choice; none via the clan.
    assert np.array_equal(
        state.tally[:, :, LANDLORD], per_station(state, dependant, state.landlord_target)
    )
    assert np.array_equal(
        state.tally[:, :, CLAN], per_station(state, member & ~dependant, state.clan_target)
    )
    lord_votes = state.seat_votes[seat, :, LANDLORD]
    assert lord_votes[chaudhry] >= el.cohort_count[here & (stands == chaudhry)].sum() > 0
    assert state.seat_votes[seat, chaudhry, CLAN] == 0


def test_without_compliance_dependants_follow_their_bloc():
    state = conflict(0.0, 0.0)
    el = state.electorate
    member = el.cohort_bloc >= 0
    assert (state.p_landlord == 0).all()
    assert state.tally[:, :, [LANDLORD, COERCED]].sum() == 0
    assert np.array_equal(state.tally[:, :, CLAN], per_station(state, member, state.clan_target))
    seat, rana = seat_slot(state, "T-3-c")
    assert state.seat_votes[seat, :, CLAN].sum() == state.seat_votes[seat, rana, CLAN] > 0


@pytest.mark.parametrize(("compliance", "pir_compliance"), [(1.0, 0.0), (0.0, 1.0)])
def test_pir_followers_obey_pir_compliance(compliance, pir_compliance):
    state = conflict(compliance, pir_compliance)
    el = state.electorate
    member = el.cohort_bloc >= 0
    dependant, kind, _ = patron_of(state)
    murid = dependant & (kind == PIR)
    tenant = dependant & (kind != PIR)
    assert el.cohort_count[murid].sum() > 100
    assert el.cohort_count[tenant].sum() > 100
    expected_p = np.where(murid, pir_compliance, np.where(tenant, compliance, 0.0))
    assert np.array_equal(state.p_landlord, expected_p)
    obeys = (murid & (pir_compliance == 1)) | (tenant & (compliance == 1))
    assert np.array_equal(
        state.tally[:, :, LANDLORD], per_station(state, obeys, state.landlord_target)
    )
    assert np.array_equal(
        state.tally[:, :, CLAN], per_station(state, member & ~obeys, state.clan_target)
    )


def test_partial_compliance_splits_dependants_by_the_configured_share():
    # Compliance 0.6: landlord-route votes in T-3 are Binomial(dependants, 0.6) (turnout exactly
    # 1), so |votes - 0.6 n| < 5 sqrt(0.24 n) fails with p < 1e-6.
    overrides = {
        **EXACT_FOLLOW,
        "mechanisms.fear.enabled": False,
        "mechanisms.landlords.compliance": 0.6,
        "mechanisms.landlords.pir_compliance": 0.6,
    }
    scenario = variant(overrides, only=ONLY)
    for run in range(3):
        state = state_of(scenario, run)
        dependant, _, _ = patron_of(state)
        n = state.electorate.cohort_count[dependant].sum()
        got = state.tally[:, :, LANDLORD].sum()
        assert abs(got - 0.6 * n) < 5 * np.sqrt(0.24 * n), (got, n)


@pytest.mark.parametrize(
    "overrides",
    [{"mechanisms.landlords.enabled": False}, {"electorate.landlord_locality_share": 0.0}],
    ids=["landlords off", "no landlord drawn"],
)
def test_an_electorate_without_landlords_runs_with_every_other_mechanism(overrides):
    # Regression: coercion, stuffing and by-elections indexed the (empty) landlord arrays.
    no_patrons = {k: {"patron": "none"} for k in ("T-1-a", "T-3-a", "T-3-b")}
    scenario = variant(overrides, candidates=no_patrons)
    byelections = 0
    for run in range(4):
        state = state_of(scenario, run)
        assert len(state.electorate.landlord_seat) == 0
        assert (state.p_landlord == 0).all()
        assert (state.suppress == 0).all()
        assert (state.station_stuffing == 0).all()
        assert state.tally[:, :, [LANDLORD, COERCED]].sum() == 0
        assert state.tally.sum() > 0
        byelections += len(state.byelections)
    assert byelections > 0  # Mian Sahib wins twice in some run: the by-election path ran
