"""Party polling agents at every station: who watches, who is bought or cowed, and capture.

Each standing candidate posts an agent at each station with its party's coverage
(``party_coverage``, else ``coverage``; ``independent_coverage`` for independents), times
``stronghold_factor`` where the station's village has an armed patron backing someone else.
A present agent is bought or threatened with ``compromised`` (``compromised_armed`` in an armed
patron's village). Where an armed patron backs a candidate, the station is watched when at
least one other candidate has an agent there who is neither bought nor cowed; an unwatched
station's protection against capture (``[mechanisms.stuffing]``) is divided by
``unwatched_multiplier``, so capture depends on both sides' agents: the rivals' coverage and
the patron's reach to buy or cow them. Present, compromised and unwatched are kept as truth
(``truth["agents"]``).

Sources: agents of major parties in almost every station (EU EOM 2018) [S], so 0.95
(0.85-0.99) [E]; minor parties and independents 0.5 (0.2-0.8), x 0.7 in a rival's stronghold
[E]; compromised 0.05 (0-0.15), higher under a single landlord [E]; fraud x 3 (2-5) where the
runner-up has no agent [E, no quantified link found] (levers brief §4).
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import armed_patron


class AgentsParams(MechanismParams):
    """Parameters of ``[mechanisms.agents]``."""

    coverage: float = Field(
        0.95, ge=0, le=1, description="[E from S] stations where a party's candidate has an agent."
    )
    independent_coverage: float = Field(
        0.5, ge=0, le=1, description="[E] the same for an independent or minor candidate."
    )
    party_coverage: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict, description="[E] coverage by party id (the party's lever)."
    )
    stronghold_factor: float = Field(
        0.7, ge=0, le=1, description="[E] coverage factor in a rival armed patron's village."
    )
    # Only an armed patron captures a station, so in a village without one a compromised agent
    # is truth only: it changes no vote.
    compromised: float = Field(
        0.05, ge=0, le=1, description="[E] a present agent is bought or cowed (truth only)."
    )
    compromised_armed: float = Field(
        0.15, ge=0, le=1, description="[E] the same in an armed patron's village."
    )
    unwatched_multiplier: float = Field(
        3.0, ge=1, description="[E] capture chance multiplier where no rival agent watches."
    )


def candidate_coverage(state: RunState) -> np.ndarray:
    """Each candidate's coverage before strongholds (seat x slot; 0 where none stands)."""
    p, c = state.spec.mechanisms.agents, state.contests
    party = np.maximum(c.party, 0)
    by_party = np.array(
        [
            p.party_coverage.get(
                pid,
                p.independent_coverage
                if c.party_independent[i] or c.party_aggregate[i]
                else p.coverage,
            )
            for i, pid in enumerate(c.party_ids)
        ]
    )
    return np.where(state.standing & c.valid, by_party[party], 0.0)


def step(state: RunState) -> None:
    """Post agents, compromise some, and lower the protection of unwatched stations."""
    p, el, c = state.spec.mechanisms.agents, state.electorate, state.contests
    seat = el.station_seat
    lord = armed_patron(state)
    backed = np.where(lord >= 0, np.append(state.landlord_backing, -1)[lord], -1)
    slots = np.arange(c.slots)[None, :]
    others = (backed[:, None] >= 0) & (slots != backed[:, None])
    cover = candidate_coverage(state)[seat] * np.where(others, p.stronghold_factor, 1.0)
    draw = state.streams.uniform("agents.station", el.station_bounds, cols=2 * c.slots)
    present = draw[:, : c.slots] < cover
    bad = np.where(lord >= 0, p.compromised_armed, p.compromised)
    compromised = present & (draw[:, c.slots :] < bad[:, None])
    watched = (present & ~compromised & others).any(axis=1)
    unwatched = (backed >= 0) & ~watched
    state.station_protection = np.where(unwatched, 1 / p.unwatched_multiplier, 1.0)
    state.truth["agents"] = {
        "present": present,
        "compromised": compromised,
        "unwatched": unwatched,
    }


STEP = Step(
    "agents",
    "agents",
    "polling day",
    step,
    "party agents at stations; bought or cowed ones; unwatched stations easier to capture",
    reads=("landlord_backing", "standing"),
    writes=("station_protection", "truth"),
    streams=("agents.station",),
    params=AgentsParams,
    seat_local=True,
)
