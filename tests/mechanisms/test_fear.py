"""Fear: threat lowers turnout (more in cities and among women); attacks cut a station's."""

import numpy as np
import pytest

from tests.mechanisms.conftest import EXACT_FOLLOW, state_of, variant
from votebank.core.labels import CLAN

BETA = 0.15
# T-2 has its own threat in the table; blank it so the national threat applies everywhere.
ALL_SEATS = {"T-2": {"threat": np.nan}}
QUIET = {"mechanisms.fear.attack_rate": 0.0, "turnout.rejected_share": 0.0}


def under_threat(threat: float, run: int, **extra):
    overrides = {**QUIET, "mechanisms.fear.threat": threat, "mechanisms.fear.beta": BETA, **extra}
    return state_of(variant(overrides, constituencies=ALL_SEATS, only=("fear",)), run)


def expected_ballots(state) -> np.ndarray:
    """Expected ballots per seat when everyone chooses for themselves (no mechanism routes)."""
    el = state.electorate
    p = np.clip(state.turnout * state.station_turnout[el.cohort_station], 0, 1)
    return np.bincount(el.cohort_seat, el.cohort_count * p, minlength=state.contests.seats)


def ballots(state) -> np.ndarray:
    el = state.electorate
    return np.bincount(el.station_seat, state.tally.sum(axis=(1, 2)), minlength=3)


@pytest.mark.parametrize("run", [0, 1])
def test_threat_cuts_turnout_most_in_cities_and_among_women(run):
    calm, scared = under_threat(0.0, run), under_threat(1.0, run)
    el = calm.electorate
    keep = scared.turnout / calm.turnout
    exposure = np.where(el.cohort_urban, 1.0, 0.4) * np.where(el.cohort_female, 1.5, 1.0)
    assert np.allclose(keep, 1 - BETA * exposure)
    assert np.allclose(scared.follow_turnout / calm.follow_turnout, keep)
    for group in (el.cohort_urban, el.cohort_female):
        mean_in = np.average(keep[group], weights=el.cohort_count[group])
        mean_out = np.average(keep[~group], weights=el.cohort_count[~group])
        assert mean_in < mean_out - 0.02
    # Tallies: each seat's ballots are sums of independent binomials (variance below the mean):
    # within 5 sqrt(E) of expectation (p < 1e-6 per seat), and the fall is many sd large.
    for state in (calm, scared):
        got, expected = ballots(state), expected_ballots(state)
        assert (np.abs(got - expected) < 5 * np.sqrt(expected)).all(), (got, expected)
    before, after = ballots(calm), ballots(scared)
    assert after.sum() < before.sum() - 10 * np.sqrt(before.sum())
    # Old Town (T-2, 90% urban) loses a larger share of its voters than Canal Colony (T-3, 10%):
    # expected falls of about 18% and 8%, each measured to within about 2 points.
    fall = 1 - after / before
    assert fall[1] > fall[2] + 0.05


def test_urban_and_female_exposure_is_ordered():
    state, calm = under_threat(1.0, 0), under_threat(0.0, 0)
    el = state.electorate
    keep = state.turnout / calm.turnout
    groups = {
        (u, f): keep[(el.cohort_urban == u) & (el.cohort_female == f)]
        for u in (0, 1)
        for f in (0, 1)
    }
    assert all(len(v) for v in groups.values())
    assert groups[1, 0].max() < groups[0, 0].min()  # urban men fear more than rural men
    assert groups[0, 1].max() < groups[0, 0].min()  # rural women more than rural men
    assert groups[1, 1].max() < groups[1, 0].min()  # urban women most of all
    assert groups[1, 1].max() < groups[0, 1].min()


@pytest.mark.parametrize("run", [0, 1])
def test_an_attacked_station_keeps_attack_turnout_of_its_voters(run):
    extra = {"mechanisms.fear.attack_turnout": 0.7, "mechanisms.fear.attack_capture_boost": 0.3}
    peace = under_threat(0.5, run, **extra)
    war = under_threat(0.5, run, **extra, **{"mechanisms.fear.attack_rate": 1.0})
    assert not peace.station_attacked.any()
    assert war.station_attacked.all()
    assert np.allclose(war.station_turnout, 0.7)
    assert np.allclose(war.station_capture_boost, 0.3)
    assert np.allclose(war.turnout, peace.turnout)  # the cut is per station, not per voter
    for state in (peace, war):
        got, expected = ballots(state), expected_ballots(state)
        assert (np.abs(got - expected) < 5 * np.sqrt(expected)).all(), (got, expected)
    # National ratio: both totals are within 5 sd (about 1%) of means in ratio 0.7.
    ratio = ballots(war).sum() / ballots(peace).sum()
    assert abs(ratio - 0.7) < 0.03


def test_attacks_cut_instructed_voters_too():
    # Bloc members with instructed turnout exactly 1 (no threat): at attacked stations their
    # votes are Binomial(members, 0.7): |votes - 0.7 n| < 5 sqrt(0.21 n), p < 1e-6.
    overrides = {
        **EXACT_FOLLOW,
        "mechanisms.fear.threat": 0.0,
        "mechanisms.fear.attack_rate": 1.0,
        "mechanisms.fear.attack_turnout": 0.7,
        "mechanisms.biradari.cohesion": 1.0,
    }
    state = state_of(variant(overrides, constituencies=ALL_SEATS, only=("fear", "biradari")))
    el = state.electorate
    n = el.cohort_count[el.cohort_bloc >= 0].sum()
    got = state.tally[:, :, CLAN].sum()
    assert abs(got - 0.7 * n) < 5 * np.sqrt(0.21 * n), (got, n)


@pytest.mark.parametrize(("threat", "kept"), [(0.0, 1.0), (1.0, 0.0)])
def test_an_exposure_past_the_float_range_is_no_threat_or_all_threat(threat, kept):
    # Exposure weights of 1e200 (allowed: they have no upper bound) overflowed to infinity, and
    # under no threat 0 x infinity made every city woman's turnout NaN: their votes changed
    # silently, with numpy's warnings on the terminal.
    huge = {"mechanisms.fear.urban_weight": 1e200, "mechanisms.fear.female_factor": 1e200}
    with np.errstate(all="raise"):
        calm, scared = under_threat(0.0, 0), under_threat(threat, 0, **huge)
    el = calm.electorate
    women_in_cities = el.cohort_urban & el.cohort_female
    assert women_in_cities.any()
    assert np.array_equal(scared.turnout[women_in_cities], kept * calm.turnout[women_in_cities])
