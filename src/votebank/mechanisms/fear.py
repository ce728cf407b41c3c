"""Fear of violence: a threat level lowers turnout, more in cities and among women; attacks.

Turnout is multiplied by ``1 - beta * threat * s``, with ``s`` = ``urban_weight`` or
``rural_weight`` and times ``female_factor`` for women. With the defaults a threat of 0.6
(2008) lowers national turnout by about 3 points [E; qualitative S: Al Jazeera 18 Feb 2008].
An attack at a station (``attack_rate`` per station) cuts its turnout to ``attack_turnout``
times and raises its capture chance by ``attack_capture_boost`` [E; NA-28 Buner by-poll 2008].
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step


class FearParams(MechanismParams):
    """Parameters of ``[mechanisms.fear]``."""

    threat: float = Field(0.6, ge=0, le=1, description="[E] national threat level (2008).")
    beta: float = Field(0.15, ge=0, le=1, description="[E] turnout cut per unit of threat.")
    urban_weight: float = Field(1.0, ge=0, description="[E] exposure of city voters.")
    rural_weight: float = Field(0.4, ge=0, description="[E] exposure of rural voters.")
    female_factor: float = Field(1.5, ge=0, description="[E] women's extra exposure.")
    attack_rate: float = Field(0.003, ge=0, le=1, description="[E] stations attacked.")
    attack_turnout: float = Field(0.7, ge=0, le=1, description="[E] turnout kept after attack.")
    attack_capture_boost: float = Field(
        0.2, ge=0, description="[E] extra capture capacity at an attacked station."
    )


def step(state: RunState) -> None:
    """Lower turnout by threat and attacks; mark attacked stations."""
    p = state.spec.mechanisms.fear
    el, c = state.electorate, state.contests
    threat = np.where(np.isnan(c.threat), p.threat, c.threat)
    # What turnout keeps by (seat, urban, female), then read per cohort.
    by_place, by_sex = np.array([p.rural_weight, p.urban_weight]), np.array([1.0, p.female_factor])
    weight = p.beta * threat[:, None, None]
    # Exposure has no upper bound: past the float range it is infinite and cuts turnout to 0,
    # but where there is no threat (or no beta) it cuts nothing, not 0 x inf = NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        cut = np.where(weight > 0, weight * (by_place[:, None] * by_sex), 0.0)
    kept = np.clip(1 - cut, 0, 1)
    # One flat index into the table (cheaper than indexing it by three arrays).
    cell = (el.cohort_seat * 2 + el.cohort_urban.view(np.uint8)) * 2
    cell += el.cohort_female.view(np.uint8)
    keep = kept.ravel().take(cell)
    state.turnout *= keep
    state.follow_turnout *= keep
    attacked = state.streams.uniform("fear.attack", el.station_bounds) < p.attack_rate
    state.station_attacked[:] = attacked
    state.station_turnout[attacked] *= p.attack_turnout
    state.station_capture_boost[attacked] += p.attack_capture_boost


STEP = Step(
    "fear",
    "fear",
    "polling day",
    step,
    "threat lowers turnout; attacks at stations",
    reads=("turnout", "follow_turnout", "station_turnout", "station_capture_boost"),
    writes=(
        "turnout",
        "follow_turnout",
        "station_attacked",
        "station_turnout",
        "station_capture_boost",
    ),
    streams=("fear.attack",),
    params=FearParams,
    seat_local=True,
)
