"""Landlords (zamindars) and pirs: dependants follow the patron's instruction.

Loyalty order: landlord > clan (bloc) > own preference. A dependant follows the patron with
``compliance`` (a pir's followers with ``pir_compliance``); one who does not may still follow
the clan's bloc. A patron who stands himself instructs for himself; others back the candidate
they expect to serve them best, weighted by that candidate's chance of winning.

Sources: dependent share 0.07 [S] Mohmand 2011 (Punjab, in ``[electorate]``); compliance 0.90
[E] (domain brief §2.1); pir, estate, militia and backing parameters [E].
"""

from __future__ import annotations

import numpy as np
from pydantic import Field, field_validator

from votebank.core.labels import PATRONS
from votebank.core.params import SHOCK_SD_LIMIT, UTILITY_LIMIT, MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import gumbel
from votebank.rng import bounds_of

PIR = PATRONS.index("pir")


class LandlordParams(MechanismParams):
    """Parameters of ``[mechanisms.landlords]``."""

    compliance: float = Field(0.90, ge=0, le=1, description="[E] a dependant obeys.")
    pir_compliance: float = Field(0.95, ge=0, le=1, description="[E] a murid obeys his pir.")
    estate_share: float = Field(
        0.30, ge=0, le=1, description="[E] rural villages of a seat that are a standing patron's."
    )
    pir_follower_share: float = Field(
        0.30, ge=0, le=1, description="[E] voters of a pir's villages who are his followers."
    )
    militia_prob: float = Field(0.25, ge=0, le=1, description="[E] a landlord keeps armed men.")
    militia_strength: tuple[float, float] = Field(
        (0.5, 1.5), description="[E] range of a militia's strength (uniform)."
    )
    win_weight: float = Field(
        3.0, ge=0, le=UTILITY_LIMIT, description="[E] weight of P(win) in backing a candidate."
    )
    # Bounded as biradari's choice_noise: near 1e308 the scores overflow to ties.
    backing_noise: float = Field(
        1.0, ge=0, le=SHOCK_SD_LIMIT, description="[E] Gumbel scale of the backing choice."
    )

    # A check of its own field, so that it is reported beside the table's other bad fields.
    @field_validator("militia_strength")
    @classmethod
    def _strength_range(cls, value: tuple[float, float]) -> tuple[float, float]:
        lo, hi = value
        # The bounds of a standing patron's militia (candidate table).
        if not 0 <= lo <= hi <= 100:
            raise ValueError("militia_strength must be (min, max) with 0 <= min <= max <= 100")
        return value


def step(state: RunState) -> None:
    """Patrons pick whom to back; their dependants' route probabilities are set."""
    p = state.spec.mechanisms.landlords
    el, c = state.electorate, state.contests
    seat = el.landlord_seat
    bounds = bounds_of(seat, c.seats)
    u = state.streams.uniform("landlords.backing", bounds, cols=c.slots)
    choice = _pick(state.p_win[seat], state.standing[seat], u, p)
    # A patron who stands instructs for himself (if he still stands at the poll).
    own = (el.landlord_slot >= 0) & state.standing[seat, np.maximum(el.landlord_slot, 0)]
    backing = np.where(own, el.landlord_slot, choice)
    state.landlord_backing = backing
    if not len(backing):
        return  # no landlord or pir anywhere: every cohort keeps the neutral route
    # Per patron, then read per cohort; the last entry stands for "no patron" (index -1).
    compliance = np.where(el.landlord_kind == PIR, p.pir_compliance, p.compliance)
    state.p_landlord[:] = np.append(compliance, 0.0)[el.cohort_landlord]
    state.landlord_target[:] = np.append(backing, -1)[el.cohort_landlord]


def _pick(p_win, can_win, u, params: LandlordParams) -> np.ndarray:
    score = np.where(can_win, params.win_weight * p_win + params.backing_noise * gumbel(u), -np.inf)
    return score.argmax(axis=1)


STEP = Step(
    "landlords",
    "landlords",
    "campaign",
    step,
    "landlords and pirs pick whom to back; dependants' routes",
    reads=("p_win", "standing"),
    writes=("landlord_backing", "p_landlord", "landlord_target"),
    streams=("landlords.backing",),
    params=LandlordParams,
    seat_local=True,
)
