"""Women barred from voting: village pacts under which no woman votes at the village's stations.

Elders, a jirga, or the candidates together agree that the women of a village will not vote; the
village's stations then record no female votes. The pact usually binds every candidate, so it
cuts turnout more than it moves shares. A rural village is barred with probability
``station_share`` (or its region's value in ``region_share``); all its stations are barred, so
bars cluster by village as observers report. Women's turnout there, own and instructed, is 0.
The barred stations are kept as ground truth (``truth["women_barred"]``).

Sources: 124 stations with no women voters in 2013 (ECP gender wing) and 74 women's stations
with zero turnout in 2018, 64 of them in KP (FAFEN) [S] give about 0.001 of stations
nationally [E from S]; 0.01-0.05 in conservative KP and ex-FATA seats [E] (levers brief §6).
Left out: the Elections Act 2017 s.9 rule voiding a seat where women cast under 10% of votes
(2008 predates it).
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.rng import bounds_of


class WomenBarredParams(MechanismParams):
    """Parameters of ``[mechanisms.women_barred]``."""

    station_share: float = Field(
        0.001, ge=0, le=1, description="[E from S] rural villages (and so stations) barred."
    )
    region_share: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="[E] the same by region, replacing station_share there (KP: 0.01-0.05).",
    )


def barred_villages(state: RunState) -> np.ndarray:
    """Which villages hold a pact (one draw per village, each seat from its own stream)."""
    p, el, c = state.spec.mechanisms.women_barred, state.electorate, state.contests
    share = np.array([p.region_share.get(r, p.station_share) for r in c.region_names])
    chance = np.where(el.locality_urban, 0.0, share[c.region[el.locality_seat]])
    u = state.streams.uniform("women_barred.village", bounds_of(el.locality_seat, c.seats))
    return u < chance


def step(state: RunState) -> None:
    """No woman turns out at a barred village's stations."""
    el = state.electorate
    barred = barred_villages(state)[el.station_locality]
    kept = ~(el.cohort_female & barred[el.cohort_station])
    state.turnout *= kept
    state.follow_turnout *= kept
    state.truth["women_barred"] = barred


STEP = Step(
    "women_barred",
    "women_barred",
    "polling day",
    step,
    "village pacts bar women from voting at the village's stations",
    reads=("turnout", "follow_turnout"),
    writes=("turnout", "follow_turnout", "truth"),
    streams=("women_barred.village",),
    params=WomenBarredParams,
    seat_local=True,
)
