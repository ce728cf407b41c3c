"""Party switching and the personal vote.

A candidate who switched party keeps the personal vote in ``appeal`` and takes the new
party's mood. A switch to a party voters punish (in 2008, defectors to the pro-Musharraf
PML-Q) costs ``penalty`` on the logit scale (about 8 points of vote share at 30-45% [E]; the
PML-Q lost at least 51 seats [S]), and bloc leaders discount the switcher's promises by
``promise_discount`` [E] (domain brief §2.2).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step


class SwitchingParams(MechanismParams):
    """Parameters of ``[mechanisms.switching]``."""

    punished_parties: list[str] = Field(
        default_factory=list, description="Switching to these parties is punished (e.g. PML-Q)."
    )
    penalty: float = Field(0.35, ge=0, description="[E] logit penalty of a punished switch.")
    promise_discount: float = Field(
        0.25, ge=0, le=1, description="[E] bloc leaders' discount on a switcher's promises."
    )


def punished(state: RunState) -> np.ndarray:
    """Which candidate slots switched into a punished party (seat x slot)."""
    c = state.contests
    parties = [
        c.party_ids.index(p)
        for p in state.spec.mechanisms.switching.punished_parties
        if p in c.party_ids
    ]
    return (c.switched_from >= 0) & np.isin(c.party, parties) & (c.switched_from != c.party)


def step(state: RunState) -> None:
    """Penalise punished switchers' utility and discount their promises."""
    p = state.spec.mechanisms.switching
    hit = punished(state)
    state.utility -= p.penalty * hit[state.types.seat]
    state.promise_factor *= np.where(hit, 1 - p.promise_discount, 1.0)


STEP = Step(
    "switching",
    "switching",
    "campaign",
    step,
    "punish switchers to unpopular parties; discount their promises",
    reads=("utility", "promise_factor"),
    writes=("utility", "promise_factor"),
    params=SwitchingParams,
    seat_local=True,
)
