"""Women barred: no woman turns out at a barred village's stations; villages barred at the rate."""

import numpy as np

from tests.mechanisms.conftest import state_of, variant
from votebank.mechanisms.women_barred import barred_villages


def barred(share: float, **more) -> dict:
    return {
        "mechanisms.women_barred.enabled": True,
        "mechanisms.women_barred.station_share": share,
        **more,
    }


def test_no_woman_votes_at_a_barred_station_and_men_vote_as_before():
    for run in range(3):
        on = state_of(variant(barred(0.4)), run, seed=8)
        off = state_of(variant(), run, seed=8)
        el = on.electorate
        at_barred = on.truth["women_barred"][el.cohort_station]
        assert at_barred.any()
        assert (~at_barred).any()
        women_there = el.cohort_female & at_barred
        assert np.all(on.turnout[women_there] == 0)
        assert np.all(on.follow_turnout[women_there] == 0)
        np.testing.assert_array_equal(on.turnout[~women_there], off.turnout[~women_there])


def test_rural_villages_are_barred_at_the_stated_rate_and_urban_never():
    share, hits, rural = 0.25, 0, 0
    for run in range(20):
        state = state_of(variant(barred(share)), run, seed=3)
        el = state.electorate
        villages = barred_villages(state)
        assert not villages[el.locality_urban].any()
        hits += int(villages[~el.locality_urban].sum())
        rural += int((~el.locality_urban).sum())
        # Every station of a barred village is barred: bars cluster by village.
        np.testing.assert_array_equal(state.truth["women_barred"], villages[el.station_locality])
    sd = np.sqrt(share * (1 - share) / rural)
    assert abs(hits / rural - share) < 4 * sd, (hits, rural)


def test_a_region_of_its_own_overrides_the_national_share():
    state = state_of(
        variant(barred(0.0, **{"mechanisms.women_barred.region_share": {"North": 1.0}}))
    )
    el, c = state.electorate, state.contests
    north = np.array(c.region_names)[c.region[el.locality_seat]] == "North"
    villages = barred_villages(state)
    np.testing.assert_array_equal(villages, north & ~el.locality_urban)
    assert villages.any()
