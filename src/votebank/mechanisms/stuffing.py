"""Ballot stuffing at captured stations, with the ground truth recorded per station.

A station is captured when the armed patron's capacity there (militia strength, plus a boost
after an attack) exceeds the protection of rival polling agents and observers, drawn per
station as ``Uniform(0, protection_max)`` (times ``station_protection``, which
``[mechanisms.agents]`` lowers where no rival agent watches). A captured station is stuffed in
the manner of Klimek et al. (PNAS 2012): with intensity ``x`` (``|Normal(0, theta)|`` below 1
for incremental stuffing, ``1 - |Normal(0, 0.075)|`` for extreme stuffing) the patron's
candidate gains
``floor(x * non-voters)`` ballots (non-voters include ghost entries) and ``round(x**alpha *
O_k)`` votes taken from each opponent ``k``. Some captured stations fill the box past the roll
(``overfill_prob``: every non-voter's ballot plus up to ``overfill_max`` of the roll, so
reported turnout is above 100%), and some have their result written rather
than counted (``fabricate_prob``: turnout and the patron's share set to round percentages).

Sources: f_i 0.05 / f_e 0.01 of stations [E], theta 0.15 [E], alpha 1 [S grid], >100% at
about 2% of stations [S, FAFEN 2008], fabrication 0.3 of captures [E] (domain brief §3).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.labels import OWN, STUFFED, STUFFING_KINDS
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import armed_patron, half_normal, take_votes

NONE, INCREMENTAL, EXTREME = range(len(STUFFING_KINDS))


class StuffingParams(MechanismParams):
    """Parameters of ``[mechanisms.stuffing]``."""

    protection_max: float = Field(
        1.5, gt=0, description="[E] protection at a station is uniform on (0, protection_max)."
    )
    extreme_share: float = Field(
        1 / 6, ge=0, le=1, description="[E] captured stations stuffed to the extreme (f_e/f)."
    )
    theta: float = Field(0.15, gt=0, description="[E] sd of incremental intensity.")
    alpha: float = Field(1.0, gt=0, description="[S grid] stealing exponent.")
    overfill_prob: float = Field(
        0.1,
        ge=0,
        le=1,
        description="[E] captured stations filled past the roll (turnout above 100%); set it "
        "so that about 2% of all stations report more than 100% [S, FAFEN 2008].",
    )
    overfill_max: float = Field(
        0.15, ge=0, le=1, description="[E] most extra ballots, share of roll."
    )
    fabricate_prob: float = Field(
        0.3, ge=0, le=1, description="[E] captured stations whose result is written, not counted."
    )


def step(state: RunState) -> None:
    """Capture stations, stuff them, and record what was done where."""
    p = state.spec.mechanisms.stuffing
    el = state.electorate
    n_st = el.stations
    tally = state.tally
    lord = armed_patron(state)
    if not (lord >= 0).any():
        return  # no armed patron anywhere (or no landlords at all): nothing is captured
    draws = state.streams.uniform("stuffing.station", el.station_bounds, cols=5)
    capacity = capture_capacity(state, lord)
    backed = np.where(lord >= 0, state.landlord_backing[np.maximum(lord, 0)], -1)
    captured = capacity > draws[:, 0] * p.protection_max * state.station_protection
    extreme = captured & (draws[:, 1] < p.extreme_share)
    kind = np.where(extreme, EXTREME, np.where(captured, INCREMENTAL, NONE))
    x = np.where(
        extreme,
        1 - half_normal(draws[:, 2], 0.075),
        np.minimum(half_normal(draws[:, 2], p.theta), 0.999),
    )
    x = np.where(captured, np.clip(x, 0, 1), 0.0)

    slot = np.where(captured, backed, 0)
    rows = np.arange(n_st)
    before = tally.sum(axis=2)  # station x slot, all routes
    ballots = before.sum(axis=1)
    theirs = np.zeros_like(before, dtype=bool)
    theirs[rows, slot] = True
    stolen = np.where(
        captured[:, None] & ~theirs, np.rint(x[:, None] ** p.alpha * before), 0
    ).astype(np.int64)
    take_votes(tally, stolen)
    non_voters = np.maximum(el.station_registered - ballots, 0)
    added = np.floor(x * non_voters).astype(np.int64)
    # An overfilled box takes every non-voter's ballot and more: turnout past the roll.
    over = captured & (draws[:, 3] < p.overfill_prob)
    extra = np.ceil(draws[:, 4] * p.overfill_max * el.station_registered).astype(np.int64)
    added = np.where(over, non_voters + np.maximum(extra, 1), added)
    stuffed = np.where(captured, added + stolen.sum(axis=1), 0)
    tally[rows, slot, STUFFED] += stuffed
    fabricated = captured & (draws[:, 3] >= 1 - p.fabricate_prob)
    _fabricate(state, fabricated, slot)
    state.station_stuffing = kind
    # A written result is fiction: the patron's whole count there is recorded as stuffed.
    stuffed[fabricated] = tally[fabricated, :, STUFFED].sum(axis=1)
    state.station_stuffed = stuffed
    state.station_fabricated = fabricated


def capture_capacity(state: RunState, lord: np.ndarray | None = None) -> np.ndarray:
    """Each station's capture capacity: its armed patron's militia plus any attack boost.

    Zero where no armed patron holds the village, or where he backs no candidate (his man
    resigned the seat): there is nothing to stuff for.
    """
    el = state.electorate
    lord = armed_patron(state) if lord is None else lord
    militia = np.append(el.landlord_militia, 0.0)
    backing = np.append(state.landlord_backing, -1)
    armed = (lord >= 0) & (backing[lord] >= 0)
    return np.where(armed, militia[lord] + state.station_capture_boost, 0.0)


def _fabricate(state: RunState, where: np.ndarray, slot: np.ndarray) -> None:
    """Write round numbers: turnout and the patron's share to whole multiples of 5%."""
    if not where.any():
        return
    el, tally = state.electorate, state.tally
    rows = np.flatnonzero(where)
    reg = el.station_registered[rows]
    votes = tally[rows].sum(axis=2)
    total = votes.sum(axis=1)
    # A station with no voters on its roll must not divide 0 by 0 (NaN -> int64 min votes).
    turnout = np.clip(np.round(total / np.maximum(reg, 1) * 20) / 20, 0.05, None)
    target_total = np.rint(turnout * reg).astype(np.int64)
    share = np.clip(
        np.round(votes[np.arange(len(rows)), slot[rows]] / np.maximum(total, 1) * 20) / 20,
        0.05,
        1.0,
    )
    target_patron = np.rint(share * target_total).astype(np.int64)
    others = votes.copy()
    others[np.arange(len(rows)), slot[rows]] = 0
    other_total = others.sum(axis=1)
    scale = np.divide(
        target_total - target_patron, other_total, out=np.zeros(len(rows)), where=other_total > 0
    )
    new_others = np.floor(others * scale[:, None]).astype(np.int64)
    block = np.zeros_like(tally[rows])
    block[:, :, OWN] = new_others
    short = target_total - target_patron - new_others.sum(axis=1)
    block[np.arange(len(rows)), slot[rows], STUFFED] = target_patron + short
    tally[rows] = block


STEP = Step(
    "stuffing",
    "stuffing",
    "count",
    step,
    "captured stations stuffed or written; ground truth kept",
    reads=("tally", "landlord_backing", "station_capture_boost", "station_protection"),
    writes=("tally", "station_stuffing", "station_stuffed", "station_fabricated"),
    streams=("stuffing.station",),
    params=StuffingParams,
    seat_local=True,
)
