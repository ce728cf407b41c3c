"""Incumbency: the personal vote of a sitting MP, lost when the MP goes, gained in a first term.

In each seat the defending candidate is the one whose party won the most ``baseline_votes``
(the seat's holder at the baseline election). A seat projected from that election already holds
the MP's personal vote, so what changes it is the MP:

* ``gone`` (a by-election, or the MP retires): the defending party loses the personal vote,
  ``bonus`` points of its share (the retirement slump);
* ``first_term`` (an MP first elected at the baseline stands again): the party gains ``bonus``
  points (the sophomore surge), plus ``double_bonus`` where ``gained`` lists the seat as taken
  from another party at the baseline (double incumbency).

The change is exact per voter type, in points of own-choice share: the defending candidate's
share moves by the change, the others share the rest in proportion (as the by-election's
government swing does); shares are kept inside (0, 1).

Sources: incumbency ("slurge", the mean of retirement slump and first-term surge) about 2 points
for Labour, 1-2 for the Conservatives, 5-8 for the Liberal Democrats [S-weak] (Tim Smith,
Nottingham, via LibDemVoice and Mark Pack, 2014), so 2 points for a party ``bonus`` does not
list; sophomore surge at every election since about 1979 [S-weak] (Kellner 2014); double
incumbency 1 point [E]. The party figures are a scenario's (the UK builders set them).
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from votebank.core.choice import choice_probs
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step


class IncumbencyParams(MechanismParams):
    """Parameters of ``[mechanisms.incumbency]``."""

    mp: Literal["gone", "first_term"] = Field(
        "gone",
        description="What became of the baseline's MP: gone (by-election or retirement: the "
        "party loses the personal vote) or first_term (re-stands after one term: it gains).",
    )
    bonus: dict[str, Annotated[float, Field(ge=0, le=20)]] = Field(
        default_factory=dict,
        description="[S-weak] personal vote by party, points: UK Lab 2, Con 1.5, LD 6 (T. Smith "
        "via LibDemVoice 2014).",
    )
    other_bonus: float = Field(
        2.0,
        ge=0,
        le=20,
        description="[S-weak] personal vote of an MP whose party bonus does not list, points.",
    )
    double_bonus: float = Field(
        1.0, ge=0, le=20, description="[E] extra first-term gain where the MP took the seat."
    )
    seats: list[str] = Field(
        default_factory=list, description="Constituency ids it applies to; empty: every seat."
    )
    gained: list[str] = Field(
        default_factory=list,
        description="Seats the baseline's MP took from another party (double incumbency).",
    )


def defending(state: RunState) -> np.ndarray:
    """Each seat's defending slot (most baseline votes among valid candidates), or -1."""
    c = state.contests
    votes = np.where(c.valid, c.baseline_votes, -1.0)
    slot = np.argmax(votes, axis=1)
    top = np.take_along_axis(votes, slot[:, None], axis=1)[:, 0]
    return np.where(top > 0, slot, -1)


def change_points(state: RunState) -> np.ndarray:
    """The defending candidate's change of share in each seat, points (0 where none)."""
    p, c = state.spec.mechanisms.incumbency, state.contests
    slot = defending(state)
    party = np.where(slot >= 0, c.party[np.arange(c.seats), np.maximum(slot, 0)], -1)
    size = np.array([p.bonus.get(name, p.other_bonus) for name in c.party_ids] + [0.0])
    points = size[np.where(party >= 0, party, len(c.party_ids))]
    ids = c.seat_ids.astype(str)
    points = -points if p.mp == "gone" else points + p.double_bonus * np.isin(ids, p.gained)
    on = np.isin(ids, p.seats) if p.seats else np.ones(c.seats, dtype=bool)
    return np.where(on & (slot >= 0), points, 0.0)


def step(state: RunState) -> None:
    """Move each type's share of its seat's defending candidate by the seat's change."""
    t = state.types
    slot, points = defending(state), change_points(state)
    rows = np.flatnonzero(points[t.seat] != 0)
    if not len(rows):
        return
    probs = choice_probs(state, rows)
    k = slot[t.seat[rows]]
    share = probs[np.arange(len(rows)), k]
    new = np.clip(share + points[t.seat[rows]] / 100, 1e-4, 1 - 1e-4)
    up = np.log(new / np.maximum(share, 1e-12))
    down = np.log((1 - new) / np.maximum(1 - share, 1e-12))
    mine = np.arange(state.contests.slots)[None, :] == k[:, None]
    state.utility[rows] += np.where(mine, up[:, None], down[:, None])


STEP = Step(
    "incumbency",
    "incumbency",
    "campaign",
    step,
    "the sitting MP's personal vote: lost when the MP goes, gained in a first term",
    reads=("utility",),
    writes=("utility",),
    params=IncumbencyParams,
    seat_local=True,
)
