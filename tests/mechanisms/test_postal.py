"""Postal votes: the late canvass moves only those who still vote in person."""

import numpy as np
import pytest

from votebank.canvass_plan import with_campaigns
from votebank.core.labels import CANVASSED
from votebank.mechanisms.canvass import Campaign
from votebank.run.model import Model
from votebank.scenario.load import load_scenario
from votebank.scenario.overrides import with_overrides

SEAT = "E14000647"


def copeland(issued: float | None, gotv: float = 0.2):
    """Copeland on a small register, Labour canvassing 600 hours, postal votes if ``issued``."""
    sc = load_scenario("copeland-2017")
    cons = sc.constituencies.copy()
    cons["registered"] = 8000
    sc = sc.with_tables(cons, sc.candidates)
    sc = with_campaigns(
        sc, [Campaign(party="Lab", seats=[SEAT], hours=600.0)], gotv=gotv, demobilise=0.01
    )
    over = {"turnout.rejected_share": 0.0}
    if issued is not None:
        over |= {"mechanisms.postal.enabled": True, "mechanisms.postal.issued_share": issued}
    return sc.with_spec(with_overrides(sc.spec, over))


def test_the_canvass_lift_acts_on_in_person_voters_only():
    model = Model.of(copeland(0.4), 3)
    state = model.state(0)
    assert state.gotv == pytest.approx(0.2 * 0.6)
    assert state.demobilise == pytest.approx(0.01 * 0.6)
    k = int(np.flatnonzero(model.contests.party[0] == model.contests.party_ids.index("Lab"))[0])
    mobilised = contacted = 0
    for run in range(20):
        state = model.state(run)
        mobilised += int(state.seat_votes[0, k, CANVASSED])
        contacted += int(sum(f.sum() for rows, slot, f, h in state.canvass_returns if slot == k))
    # A contacted supporter is mobilised with probability gotv x (1 - issued) (t + gotv < 1).
    rate = 0.2 * 0.6
    se = np.sqrt(rate * (1 - rate) / contacted)
    assert contacted > 10_000
    assert abs(mobilised / contacted - rate) < 4 * se


def test_postal_ballots_are_the_issued_share_that_returns_them_of_all_ballots():
    over = {"mechanisms.postal.turnout": 0.7}
    sc = copeland(0.164)
    state = Model.of(sc.with_spec(with_overrides(sc.spec, over)), 4).state(0)
    el = state.electorate
    voters = el.cohort_count.sum()
    ballots = (el.cohort_count * state.turnout).sum()
    postal = state.truth["postal"]
    assert postal["ballots"][0] == pytest.approx(0.164 * 0.7 * voters)
    assert postal["share"][0] == pytest.approx(0.164 * 0.7 * voters / ballots)
    # A by-election's low turnout makes postal ballots a large share (levers brief: 0.2-0.3).
    assert 0.15 < postal["share"][0] < 0.35


def test_switched_off_nothing_changes_and_on_without_a_canvass_no_vote_moves():
    off = Model.of(copeland(None), 5).state(0)
    sc = copeland(0.3)
    no_canvass = with_overrides(sc.spec, {"mechanisms.canvass.enabled": False})
    on = Model.of(sc.with_spec(no_canvass), 5).state(0)
    plain = Model.of(
        copeland(None).with_spec(
            with_overrides(copeland(None).spec, {"mechanisms.canvass.enabled": False})
        ),
        5,
    ).state(0)
    assert "postal" not in off.truth
    np.testing.assert_array_equal(on.seat_votes, plain.seat_votes)
