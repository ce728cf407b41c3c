"""Ballot stuffing: captured stations, how far they are stuffed, and the ground truth kept."""

import numpy as np
import pytest

from tests.mechanisms.conftest import state_of, station_armed_patron, variant
from votebank.core.labels import ROUTES, STUFFED
from votebank.mechanisms.stuffing import EXTREME, INCREMENTAL, NONE

# Every armed patron's station is captured (protection is uniform on (0, 1e-9), militia > 0).
CAPTURE_ALL = {
    "mechanisms.stuffing.protection_max": 1e-9,
    "mechanisms.stuffing.overfill_prob": 0.0,
    "mechanisms.stuffing.fabricate_prob": 0.0,
    "turnout.rejected_share": 0.0,
}
ONLY = ("landlords", "biradari", "stuffing")


def pair(overrides: dict, run: int):
    """The same run with stuffing on and off: every draw before the stuffing step is shared."""
    on = state_of(variant({**CAPTURE_ALL, **overrides}, only=ONLY), run)
    off = state_of(variant({**CAPTURE_ALL, **overrides}, only=ONLY[:-1]), run)
    return on, off


def patron_slot(state) -> tuple[np.ndarray, np.ndarray]:
    lord = station_armed_patron(state)
    return lord >= 0, state.landlord_backing[np.maximum(lord, 0)]


def check_ground_truth(on, off, captured, slot, kind) -> None:
    """Exact bookkeeping of a stuffing step, against the same run without it."""
    rows = np.arange(on.electorate.stations)
    assert np.array_equal(on.station_stuffing, np.where(captured, kind, NONE))
    assert not on.station_fabricated.any()
    assert (on.station_stuffed[~captured] == 0).all()
    # Untouched stations are bit-identical; nothing is stuffed outside the stuffed route.
    assert np.array_equal(on.tally[~captured], off.tally[~captured])
    assert off.tally[:, :, STUFFED].sum() == 0
    stuffed = on.tally[:, :, STUFFED].copy()
    assert np.array_equal(stuffed[rows, slot], on.station_stuffed)
    stuffed[rows, slot] = 0
    assert stuffed.sum() == 0
    # The patron's genuine votes stay; opponents only lose; the stuffed count is what was added
    # plus what was taken.
    genuine = [r for r in range(len(ROUTES)) if r != STUFFED]
    assert np.array_equal(on.tally[rows, slot][:, genuine], off.tally[rows, slot][:, genuine])
    assert (on.tally <= np.where(np.arange(len(ROUTES)) == STUFFED, np.inf, off.tally)).all()
    added = on.tally.sum(axis=(1, 2)) - off.tally.sum(axis=(1, 2))
    taken = off.tally.sum(axis=(1, 2)) - on.tally[:, :, genuine].sum(axis=(1, 2))
    assert np.array_equal(on.station_stuffed, added + taken)
    assert (added >= 0).all()


@pytest.mark.parametrize("run", [0, 1, 2])
def test_extreme_stuffing_fills_the_box_for_the_patron(run):
    on, off = pair({"mechanisms.stuffing.extreme_share": 1.0}, run)
    captured, slot = patron_slot(on)
    assert captured.sum() >= 5
    check_ground_truth(on, off, captured, slot, EXTREME)
    reg = on.electorate.station_registered
    rows = np.arange(len(reg))
    votes = on.tally.sum(axis=2)
    turnout = votes.sum(axis=1) / reg
    share = votes[rows, slot] / votes.sum(axis=1)
    # Intensity x = 1 - |N(0, 0.075)|; reported turnout >= x - 1/reg and the patron keeps all
    # but (1 - x) of the opponents' votes. x < 0.7 has p = 6e-5 per station (4 sd), and the
    # mean of x over >= 5 stations is below 0.9 with p < 1e-4 (mean 0.94, sd < 0.02).
    assert (turnout[captured] >= 0.7).all()
    assert turnout[captured].mean() >= 0.9
    assert (share[captured] >= 0.7).all()
    assert share[captured].mean() >= 0.9
    assert (turnout <= 1).all()  # no overfill configured


@pytest.mark.parametrize("run", [0, 1])
def test_incremental_stuffing_with_small_theta_rises_modestly(run):
    theta = 0.02
    on, off = pair(
        {"mechanisms.stuffing.extreme_share": 0.0, "mechanisms.stuffing.theta": theta}, run
    )
    captured, slot = patron_slot(on)
    check_ground_truth(on, off, captured, slot, INCREMENTAL)
    reg = on.electorate.station_registered
    rows = np.arange(len(reg))
    v_on, v_off = on.tally.sum(axis=2), off.tally.sum(axis=2)
    rise = (v_on.sum(axis=1) - v_off.sum(axis=1)) / reg
    share_rise = v_on[rows, slot] / v_on.sum(axis=1) - v_off[rows, slot] / v_off.sum(axis=1)
    # x = |N(0, theta)| < 5 theta = 0.1 but with p = 6e-7: turnout rises by at most x and the
    # patron's share by at most x (he gains x of the rest, opponents lose x of theirs).
    assert (rise[captured] >= 0).all()
    assert (rise[captured] <= 5 * theta).all()
    assert (share_rise[captured] >= 0).all()
    assert (share_rise[captured] <= 5 * theta).all()
    assert rise[captured].max() > 0


def test_overfilled_stations_report_more_ballots_than_voters():
    scenario = variant({**CAPTURE_ALL, "mechanisms.stuffing.overfill_prob": 1.0}, only=ONLY)
    over_seen = 0
    for run in range(3):
        state = state_of(scenario, run)
        captured, _ = patron_slot(state)
        ballots = state.tally.sum(axis=(1, 2))
        reg = state.electorate.station_registered
        over = ballots > reg
        assert not over[~captured].any()
        # At most overfill_max (0.15) of the roll beyond it, plus the rounding up of one ballot.
        assert (ballots <= reg + np.ceil(0.15 * reg)).all()
        over_seen += over.sum()
    assert over_seen > 0


@pytest.mark.parametrize("run", [0, 1, 2])
def test_fabricated_stations_report_round_turnout_and_share(run):
    state = state_of(
        variant(
            {"mechanisms.stuffing.protection_max": 1e-9, "mechanisms.stuffing.fabricate_prob": 1.0}
        ),
        run,
    )
    captured, slot = patron_slot(state)
    assert np.array_equal(state.station_fabricated, captured)
    reg = state.electorate.station_registered
    ballots = state.tally.sum(axis=(1, 2)) + state.station_rejected  # rejected still ballots
    k = np.round(ballots / reg * 20)
    # Written turnout is a whole multiple of 5% of the roll, rounded to whole ballots.
    assert np.array_equal(ballots[captured], np.rint(k / 20 * reg)[captured])
    # The patron's written votes (all in the stuffed route, never rejected) are a multiple of
    # 5% of the ballots, give or take half a ballot and the remainder of flooring the others.
    rows = np.flatnonzero(captured)
    patron = state.tally[rows, slot[rows], STUFFED]
    share = patron / ballots[rows]
    slack = (0.5 + state.contests.slots) / ballots[rows]
    assert (np.abs(share - np.round(share * 20) / 20) <= slack).all()


def test_marks_match_what_was_done_under_the_scenario_defaults():
    # The tiny scenario as it is: some stations captured, some extreme, some fabricated.
    seen = np.zeros(3, dtype=int)
    for run in range(6):
        state = state_of(variant(), run)
        kind, stuffed = state.station_stuffing, state.station_stuffed
        captured = kind != NONE
        seen += [captured.sum(), (kind == EXTREME).sum(), state.station_fabricated.sum()]
        assert (station_armed_patron(state)[captured] >= 0).all()
        assert (stuffed[~captured] == 0).all()
        assert not state.station_fabricated[~captured].any()
        route = state.tally[:, :, STUFFED].sum(axis=1)
        assert (route[~captured] == 0).all()
        # Where the count was not rewritten, the stuffed route holds exactly what was stuffed.
        counted = captured & ~state.station_fabricated
        assert np.array_equal(route[counted], stuffed[counted])
    assert (seen > 0).all(), seen


def test_fabricated_station_with_no_voters_gets_no_negative_votes():
    """Issue 20.1: as many stations as voters leaves empty stations; a written result there
    divided 0 by 0 and stored -2**63 votes."""
    sc = variant(
        {
            "mechanisms.stuffing.protection_max": 1e-9,
            "mechanisms.stuffing.fabricate_prob": 1.0,
            "mechanisms.stuffing.overfill_prob": 0.0,
        },
        constituencies={"T-1": {"stations": 24000}},
        only=ONLY,
    )
    state = state_of(sc, 0)
    empty = state.electorate.station_registered == 0
    assert (empty & state.station_fabricated).any(), "an empty station should be fabricated"
    assert (state.tally >= 0).all()
    assert (state.tally[empty] == 0).all()


def test_fabricated_station_records_its_own_stuffed_count():
    """Each written result's stuffed count is that station's own (a mutant summed them all)."""
    sc = variant(
        {
            "mechanisms.stuffing.protection_max": 1e-9,
            "mechanisms.stuffing.fabricate_prob": 1.0,
            "mechanisms.stuffing.overfill_prob": 0.0,
        },
        only=ONLY,
    )
    state = state_of(sc, 0)
    fab = state.station_fabricated
    assert fab.sum() >= 2
    own = state.tally[fab][:, :, STUFFED].sum(axis=1)
    assert np.array_equal(state.station_stuffed[fab], own)
    assert len(set(own.tolist())) > 1
