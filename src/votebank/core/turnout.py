"""Baseline turnout: each seat's level, women's ratio, a per-run seat shock."""

from __future__ import annotations

import numpy as np

from votebank.core.state import RunState
from votebank.core.step import Step


def set_turnout(state: RunState) -> None:
    """Baseline turnout of each cohort: the seat's level, women's ratio, a per-run seat shock."""
    c, el, to = state.contests, state.electorate, state.spec.turnout
    # A seat's turnout is given over the whole roll; ghosts never vote of themselves.
    ghosts = np.bincount(el.station_seat, el.station_ghosts, minlength=c.seats)
    real_share = 1 - ghosts / np.maximum(c.registered, 1)
    level = np.where(np.isnan(c.turnout), to.base, c.turnout) / np.maximum(real_share, 1e-9)
    shock = state.streams.generator("turnout.seat_shock").normal(0, to.seat_sd, c.seats)
    logit = np.log(np.clip(level, 1e-6, 1 - 1e-6) / (1 - np.clip(level, 1e-6, 1 - 1e-6))) + shock
    with np.errstate(over="ignore"):  # a shock far below -709 overflows exp: turnout 0, rightly
        men = 1 / (1 + np.exp(-logit))
    fem_share = state.spec.electorate.female_share
    # Scale so that the seat's mix of men and women keeps its level.
    men_level = men / (1 - fem_share + fem_share * to.female_ratio)
    # Turnout by seat and sex (a small table), then read per cohort.
    own = np.clip(men_level[:, None] * np.array([1.0, to.female_ratio]), 0, 1)
    lg = np.log(np.clip(own, 1e-6, 1 - 1e-6) / (1 - np.clip(own, 1e-6, 1 - 1e-6)))
    follow = 1 / (1 + np.exp(-(lg + to.instructed_boost)))
    # One flat index, two plain gathers (cheaper than indexing the table twice by pairs).
    # Every cell is in the table by construction; mode "wrap" writes straight into the run's
    # columns (the default checks, and gathers into a scratch copy first: 6x slower).
    cell = el.cohort_seat * 2 + el.cohort_female.view(np.uint8)
    np.take(own.ravel(), cell, out=state.turnout, mode="wrap")
    np.take(follow.ravel(), cell, out=state.follow_turnout, mode="wrap")


TURNOUT = Step(
    "turnout",
    "core",
    "campaign",
    set_turnout,
    "baseline turnout: seat level, women's ratio, seat shock",
    reads=("spec.electorate",),
    writes=("turnout", "follow_turnout"),
    streams=("turnout.seat_shock",),
)
