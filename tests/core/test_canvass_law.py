"""The canvass's draws give each reached voter the law of meeting the canvass first.

Per voter of candidate 0, with own turnout ``t`` and chances ``F`` (friendly) and ``H``
(hostile) of a conversation: contacted supporters vote with ``t + gotv`` (capped at 1),
contacted opponents of another campaign with ``t - demobilise`` (floored at 0), and the
returns say who was met. ``_canvass`` draws turnout first and the conversations after
(common random numbers); here 20,000 one-voter cohorts, seed 1, give the 3 x 3 table of
(contact, vote) against the analytic one: every cell within 5 standard errors (p < 1e-6 a
cell, 45 cells).
"""

from types import SimpleNamespace

import numpy as np
import pytest

from votebank.core.labels import CANVASSED, OWN, ROUTES
from votebank.core.vote import _canvass
from votebank.rng import Streams

N = 20_000


def drawn(t, friendly, hostile, gotv, demobilise):
    """Empirical (contact: friendly, hostile, none) x (vote: home, own, canvassed) shares."""
    contact = np.zeros((N, 2))
    contact[:, 0], contact[:, 1] = friendly, hostile
    state = SimpleNamespace(
        electorate=SimpleNamespace(
            cohort_station=np.arange(N), cohort_seat=np.zeros(N, dtype=np.int64)
        ),
        streams=Streams(1, 0),
        turnout=np.full(N, t),
        station_turnout=np.ones(N),
        contests=SimpleNamespace(seats=1, slots=2),
        contact=contact,
        protected_slot=np.full(N, -1),
        suppress=np.zeros(N),
        gotv=gotv,
        demobilise=demobilise,
        canvass_returns=[],
    )
    chosen = np.zeros((N, 2), dtype=np.int64)
    chosen[:, 0] = 1  # everyone chose candidate 0: campaign 1 is the hostile one
    tally = np.zeros((N, 2, len(ROUTES)), dtype=np.int64)
    _canvass(state, np.arange(N), chosen, np.ones((1, 2)), tally)
    _, _, f, h = state.canvass_returns[0]
    vote = np.where(tally[:, 0, OWN] == 1, 1, np.where(tally[:, 0, CANVASSED] == 1, 2, 0))
    met = np.where(f == 1, 0, np.where(h == 1, 1, 2))
    table = np.zeros((3, 3))
    np.add.at(table, (met, vote), 1.0 / N)
    return table


def analytic(t, friendly, hostile, gotv, demobilise):
    lift = min(gotv, 1 - t) / (1 - t) if t < 1 else 0.0
    drop = min(demobilise, t) / t if t > 0 else 0.0
    none = 1 - friendly - hostile
    return np.array(
        [
            [(1 - t) * friendly * (1 - lift), t * friendly, (1 - t) * friendly * lift],
            [(1 - t) * hostile + t * hostile * drop, t * hostile * (1 - drop), 0.0],
            [(1 - t) * none, t * none, 0.0],
        ]
    )


@pytest.mark.parametrize(
    "case",
    [
        (0.6, 0.3, 0.2, 0.07, 0.01),  # the defaults' order of size
        (0.6, 0.3, 0.2, 0.5, 0.7),  # gotv above 1 - t, demobilise above t: both capped
        (0.0, 0.3, 0.2, 0.07, 0.01),  # nobody would vote
        (0.6, 0.4, 0.6, 0.2, 0.3),  # everyone reached
        (0.6, 0.001, 0.999, 0.07, 0.6),  # nearly everyone met by the other campaign
    ],
)
def test_each_reached_voter_meets_the_canvass_by_its_law(case):
    got, want = drawn(*case), analytic(*case)
    se = np.sqrt(np.maximum(want * (1 - want), 1e-12) / N)
    assert (np.abs(got - want) < 5 * se + 1e-12).all(), (got, want)
