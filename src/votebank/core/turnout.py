"""Baseline turnout: each seat's level, women's ratio, a per-run seat shock."""

from __future__ import annotations

import numpy as np

from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.core.whole_draws import by_seat


def set_turnout(state: RunState) -> None:
    """Baseline turnout of each cohort: the seat's level, women's ratio, a per-run seat shock."""
    c, el, to = state.contests, state.electorate, state.spec.turnout
    # A seat's turnout is given over the whole roll; ghosts never vote of themselves.
    ghosts = np.bincount(el.station_seat, el.station_ghosts, minlength=c.seats)
    real_share = 1 - ghosts / np.maximum(c.registered, 1)
    level = np.where(np.isnan(c.turnout), to.base, c.turnout) / np.maximum(real_share, 1e-9)
    gen = state.streams.generator("turnout.seat_shock")
    shock = by_seat(state.streams, lambda s: gen.normal(0, to.seat_sd, s), (c.seats,))
    logit = np.log(np.clip(level, 1e-6, 1 - 1e-6) / (1 - np.clip(level, 1e-6, 1 - 1e-6))) + shock
    with np.errstate(over="ignore"):  # a shock far below -709 overflows exp: turnout 0, rightly
        shocked = 1 / (1 + np.exp(-logit))
    # Turnout by seat and sex (a small table), then read per cohort.
    own = by_sex(shocked, state.spec.electorate.female_share, to.female_ratio)
    lg = np.log(np.clip(own, 1e-6, 1 - 1e-6) / (1 - np.clip(own, 1e-6, 1 - 1e-6)))
    follow = 1 / (1 + np.exp(-(lg + to.instructed_boost)))
    # One flat index, two plain gathers (cheaper than indexing the table twice by pairs).
    # Every cell is in the table by construction; mode "wrap" writes straight into the run's
    # columns (the default checks, and gathers into a scratch copy first: 6x slower).
    cell = el.cohort_seat * 2 + el.cohort_female.view(np.uint8)
    np.take(own.ravel(), cell, out=state.turnout, mode="wrap")
    np.take(follow.ravel(), cell, out=state.follow_turnout, mode="wrap")


def by_sex(level: np.ndarray, female_share: float, female_ratio: float) -> np.ndarray:
    """Turnout of men and women (seat x 2) whose mix keeps each seat's level over real voters.

    Women vote at ``female_ratio`` times the men's rate where both stay within 1. Where the
    ratio cannot hold (the sex that votes more would need more than 1), that sex votes at 1 and
    the other at what keeps the level: the level is an observed figure, the ratio a behavioural
    assumption, so the ratio gives way. A level above 1 cannot be kept: both vote at 1.
    """
    level = np.clip(level, 0.0, 1.0)
    f, r = female_share, female_ratio
    men = level / (1 - f + f * r)
    own = np.clip(men[:, None] * np.array([1.0, r]), 0, 1)
    # The rest of the level, from the sex that does not vote at 1 (a seat of one sex never
    # needs it: there the level is that sex's turnout and stays within 1).
    if r <= 1 and f > 0:
        full = men > 1
        own[full, 1] = np.clip((level[full] - (1 - f)) / f, 0, 1)
    elif r > 1 and f < 1:
        full = men * r > 1
        own[full, 0] = np.clip((level[full] - f) / (1 - f), 0, 1)
    return own


TURNOUT = Step(
    "turnout",
    "core",
    "campaign",
    set_turnout,
    "baseline turnout: seat level, women's ratio, seat shock",
    reads=("spec.turnout", "spec.electorate"),
    writes=("turnout", "follow_turnout"),
    streams=("turnout.seat_shock",),
    seat_local=True,
)
