"""Tactical voting: supporters of a party out of the running back one of the local top two.

In each seat the top two are the candidates with the largest expected own-choice shares (the
patrons' forecast). A voter whose first preference is another candidate votes for their
preferred one of the two with probability ``rate`` times ``knows_runner_up`` (only voters who
know who the local runner-up is can vote tactically). The move is exact per voter type: a
share of the type's probability on the others goes to the top two, split as the type itself
splits them.

Sources: about 21% of third-or-lower party supporters vote tactically, about 8% of British
voters since 1992 [S] (Fisher, electionsetc, April 2015); voters knowing the local runner-up
0.3-0.5 [E] (levers brief §8.1). With ``knows_runner_up`` 1 the rate applies to everyone.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.choice import choice_probs, expected_shares, set_choice_probs
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step


class TacticalParams(MechanismParams):
    """Parameters of ``[mechanisms.tactical]``."""

    rate: float = Field(
        0.21, ge=0, le=1, description="[S] supporters of a party out of the running who switch."
    )
    knows_runner_up: float = Field(
        1.0, ge=0, le=1, description="[E] voters who know who the local runner-up is (0.3-0.5)."
    )


def top_two(state: RunState) -> np.ndarray:
    """The two candidates expected to lead each seat (seat x 2 slots; -1 where fewer stand)."""
    shares = np.where(state.standing, expected_shares(state), -1.0)
    order = np.argsort(-shares, axis=1, kind="stable")[:, :2]
    lead = np.take_along_axis(shares, order, axis=1)
    return np.where(lead >= 0, order, -1)


def step(state: RunState) -> None:
    """Move each type's tactical voters from the rest to their preferred of the top two."""
    p, t = state.spec.mechanisms.tactical, state.types
    pair = top_two(state)
    rows = np.flatnonzero((pair >= 0).all(axis=1)[t.seat])
    probs = choice_probs(state, rows)
    a, b = pair[t.seat[rows], 0], pair[t.seat[rows], 1]
    index = np.arange(len(rows))
    pa, pb = probs[index, a], probs[index, b]
    moved = p.rate * p.knows_runner_up * (1 - pa - pb)
    new = probs * (1 - p.rate * p.knows_runner_up)
    both = np.maximum(pa + pb, 1e-300)
    new[index, a] = pa + moved * pa / both
    new[index, b] = pb + moved * pb / both
    set_choice_probs(state, rows, new)


STEP = Step(
    "tactical",
    "tactical",
    "campaign",
    step,
    "supporters of parties out of the running back one of the local top two",
    reads=("utility", "turnout", "standing"),
    writes=("utility",),
    params=TacticalParams,
    seat_local=True,
)
