"""Tactical voting: a stated share of those out of the running move to their preferred top two."""

import numpy as np

from tests.mechanisms.conftest import state_of, variant
from votebank.core.choice import choice_probs
from votebank.mechanisms.tactical import top_two

RATE = 0.3
ON = {"mechanisms.tactical.enabled": True, "mechanisms.tactical.rate": RATE}


def test_supporters_out_of_the_running_move_at_the_stated_rate_as_their_type_splits():
    for run in range(3):
        on, off = state_of(variant(ON), run, seed=1), state_of(variant(), run, seed=1)
        pair = top_two(off)
        t = off.types
        rows = np.flatnonzero((pair >= 0).all(axis=1)[t.seat])
        before, after = choice_probs(off, rows), choice_probs(on, rows)
        a, b = pair[t.seat[rows], 0], pair[t.seat[rows], 1]
        i = np.arange(len(rows))
        rest = 1 - before[i, a] - before[i, b]
        gained = after[i, a] + after[i, b] - before[i, a] - before[i, b]
        np.testing.assert_allclose(gained, RATE * rest, atol=1e-12)
        # The two split the movers as the type splits them.
        share = before[i, a] / (before[i, a] + before[i, b])
        moved_a = after[i, a] - before[i, a]
        np.testing.assert_allclose(moved_a, RATE * rest * share, atol=1e-12)
        others = np.ones(before.shape, dtype=bool)
        others[i, a] = others[i, b] = False
        np.testing.assert_allclose(after[others], (1 - RATE) * before[others], atol=1e-12)


def test_the_top_two_are_the_forecast_leaders_among_those_standing():
    state = state_of(variant(ON), 0, seed=2)
    pair = top_two(state)
    c = state.contests
    for seat in range(c.seats):
        standing = np.flatnonzero(state.standing[seat])
        if len(standing) >= 2:
            assert set(pair[seat]) <= set(standing)
        else:
            assert (pair[seat] == -1).any()
