"""Incumbency: the defending candidate's share moves by the personal vote, exactly per type."""

import functools

import numpy as np
import pytest

import votebank as vb
from votebank.core.choice import choice_probs
from votebank.mechanisms.incumbency import defending
from votebank.run.model import Model
from votebank.scenario.overrides import with_overrides


@functools.cache
def six_seats() -> vb.Scenario:
    sc = vb.load_scenario("uk-2015-from-2010")
    return sc.with_seats(list(sc.constituencies["id"][:6]))


def state(overrides: dict, seed: int = 7):
    sc = six_seats()
    return Model.of(sc.with_spec(with_overrides(sc.spec, overrides)), seed).state(0)


@pytest.mark.parametrize(("mp", "sign"), [("gone", -1), ("first_term", 1)])
def test_the_defending_candidate_moves_by_its_partys_personal_vote(mp, sign):
    bonus = {"Lab": 2.0, "Con": 1.5, "LD": 6.0}
    on = state(
        {
            "mechanisms.incumbency.enabled": True,
            "mechanisms.incumbency.mp": mp,
            "mechanisms.incumbency.bonus": bonus,
            "mechanisms.incumbency.other_bonus": 1.0,
        }
    )
    off = state({})
    c, t = on.contests, on.types
    slot = defending(on)
    assert (slot >= 0).all()
    # The defender is the baseline's winner.
    np.testing.assert_array_equal(slot, np.argmax(np.where(c.valid, c.baseline_votes, -1), 1))
    rows = np.arange(len(t.seat))
    k = slot[t.seat]
    before, after = choice_probs(off)[rows, k], choice_probs(on)[rows, k]
    party = np.array(c.party_ids)[c.party[t.seat, k]]
    points = np.array([bonus.get(p, 1.0) for p in party])
    np.testing.assert_allclose(after - before, sign * points / 100, atol=1e-9)
    # The others share the rest in proportion.
    b_all, a_all = choice_probs(off), choice_probs(on)
    others = np.ones(b_all.shape, dtype=bool)
    others[rows, k] = False
    ratio = (1 - after) / (1 - before)
    np.testing.assert_allclose(a_all[others], (b_all * ratio[:, None])[others], atol=1e-12)


def test_only_the_listed_seats_and_double_incumbency_where_gained():
    sc = six_seats()
    ids = list(sc.constituencies["id"])
    on = state(
        {
            "mechanisms.incumbency.enabled": True,
            "mechanisms.incumbency.mp": "first_term",
            "mechanisms.incumbency.seats": ids[:2],
            "mechanisms.incumbency.gained": ids[1:2],
            "mechanisms.incumbency.bonus": {},
            "mechanisms.incumbency.other_bonus": 3.0,
            "mechanisms.incumbency.double_bonus": 2.0,
        }
    )
    off = state({})
    t, slot = on.types, defending(on)
    rows = np.arange(len(t.seat))
    moved = choice_probs(on)[rows, slot[t.seat]] - choice_probs(off)[rows, slot[t.seat]]
    expect = np.select([t.seat == 0, t.seat == 1], [0.03, 0.05], 0.0)
    np.testing.assert_allclose(moved, expect, atol=1e-9)


def test_the_seat_result_moves_by_the_personal_vote_within_sampling_error():
    """Votes, not only probabilities: each seat's holder loses about 2 points when the MP goes."""
    sc = six_seats()
    off_sc = sc.with_spec(with_overrides(sc.spec, {"mechanisms.swing.seat_sd": 0.0}))
    on_sc = off_sc.with_spec(with_overrides(off_sc.spec, {"mechanisms.incumbency.enabled": True}))
    # Defaults: no party figures, every MP's personal vote 2 points.
    diffs = []
    for run in range(4):
        a, b = Model.of(off_sc, 9).state(run), Model.of(on_sc, 9).state(run)
        slot = defending(a)
        seats = np.arange(a.contests.seats)
        share = [
            s.seat_votes.sum(axis=2)[seats, slot] / s.seat_votes.sum(axis=(1, 2)) for s in (a, b)
        ]
        want = -np.full(len(seats), 2.0) / 100
        diffs.append(share[1] - share[0] - want)
    diffs = np.array(diffs)
    # Tens of thousands of votes a seat: the sampling error of a share difference is < 0.5 pt.
    assert np.abs(diffs.mean(axis=0)).max() < 0.005
