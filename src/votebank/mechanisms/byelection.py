"""UK-style by-elections: lower turnout, differential abstention, a swing against the government.

Every seat of the scenario (or those listed in ``seats``) holds a by-election:

* Turnout is the general election's times ``turnout_mult`` (0.75, range 0.6-0.9 [E], domain
  brief §6.1; by-elections have lower turnout [S: tutor2u]).
* ``party_turnout`` gives, for a party's would-be voters, their turnout as a multiple of the
  general election's *instead of* ``turnout_mult``: differential abstention by enthusiasm
  [E]. It is stored as ``choice_turnout = party_turnout / turnout_mult`` (seat x slot). The
  Copeland 2017 hand-fit is Lab 0.72, Con 0.82, UKIP 0.60 [E, hand-fitted to the result;
  domain brief §5.5]; the default is none (every party at ``turnout_mult``).
* The governing party's share of preferences changes by ``government_swing`` points plus a
  per-contest normal draw with sd ``government_swing_sd`` (-3 and 5 [E]; governing parties
  held 193 of 270 seats they defended since 1945 and gained seats 7 times [S-weak, HoC
  Library via a 2023 blog]); the other candidates share the rest in proportion.
* ``local_shock_sd`` adds a per-contest logit shock to each candidate (local issues) [E].

The step runs after the core ``turnout`` step (it multiplies the turnout that step sets).
All draws are per seat (``state.streams`` with one generator per constituency).
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from votebank.core.choice import choice_probs
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import seat_normals


class ByElectionParams(MechanismParams):
    """Parameters of ``[mechanisms.byelection]``."""

    seats: list[str] = Field(
        default_factory=list,
        description="Constituency ids holding a by-election; empty: every seat of the scenario.",
    )
    turnout_mult: float = Field(
        0.75, gt=0, le=1.5, description="[E] by-election turnout / general election's (0.6-0.9)."
    )
    party_turnout: dict[str, Annotated[float, Field(ge=0, le=1.5)]] = Field(
        default_factory=dict,
        description="[E] turnout of a party's would-be voters / general election's, replacing "
        "turnout_mult for them (Copeland hand-fit: Lab 0.72, Con 0.82, UKIP 0.60).",
    )
    government_swing: float = Field(
        -3.0,
        ge=-50,
        le=50,
        description="[E] mean change of the governing party's share, points (negative: against).",
    )
    government_swing_sd: float = Field(
        5.0, ge=0, le=50, description="[E] sd of that change between contests, points."
    )
    local_shock_sd: float = Field(
        0.0, ge=0, le=5, description="[E] per-contest logit shock to each candidate."
    )


def held(state: RunState) -> np.ndarray:
    """Mask of seats holding a by-election."""
    p, c = state.spec.mechanisms.byelection, state.contests
    if not p.seats:
        return np.ones(c.seats, dtype=bool)
    return np.isin(c.seat_ids.astype(str), p.seats)


def step(state: RunState) -> None:
    """Lower turnout, set differential abstention and swing the government's share."""
    p, c, el, t = state.spec.mechanisms.byelection, state.contests, state.electorate, state.types
    on = held(state)
    cohorts = on[el.cohort_seat]
    state.turnout[cohorts] *= p.turnout_mult
    state.follow_turnout[cohorts] *= p.turnout_mult
    state.turnout[:] = np.clip(state.turnout, 0, 1)
    state.follow_turnout[:] = np.clip(state.follow_turnout, 0, 1)

    if p.party_turnout:
        mult = np.ones(len(c.party_ids))
        for party, value in p.party_turnout.items():
            if party in c.party_ids:
                mult[c.party_ids.index(party)] = value / p.turnout_mult
        grid = np.where(c.valid & (c.party >= 0), mult[np.maximum(c.party, 0)], 1.0)
        grid = np.where(on[:, None], grid, 1.0)
        if state.choice_turnout is None:
            state.choice_turnout = np.ones(c.valid.shape)
        state.choice_turnout = state.choice_turnout * grid

    # The government's share of preferences moves by a per-contest swing, in points.
    swing = (
        p.government_swing + p.government_swing_sd * seat_normals(state, "byelection.gov")
    ) / 100
    gov = c.valid & (c.party >= 0) & c.party_government[np.maximum(c.party, 0)]
    rows = on[t.seat] & gov.any(axis=1)[t.seat]
    if rows.any():
        probs = choice_probs(state, np.flatnonzero(rows))
        g = gov[t.seat[rows]]
        share = (probs * g).sum(axis=1)
        new = np.clip(share + swing[t.seat[rows]], 1e-4, 1 - 1e-4)
        up = np.log(new / np.maximum(share, 1e-12))
        down = np.log((1 - new) / np.maximum(1 - share, 1e-12))
        state.utility[rows] += np.where(g, up[:, None], down[:, None])
    if p.local_shock_sd > 0:
        shock = p.local_shock_sd * seat_normals(state, "byelection.local", cols=c.slots)
        rows = on[t.seat]
        state.utility[rows] += shock[t.seat[rows]]


STEP = Step(
    "byelection",
    "byelection",
    "campaign",
    step,
    "by-election: lower and party-specific turnout, swing against the government",
    reads=("utility", "turnout", "follow_turnout", "choice_turnout"),
    writes=("turnout", "follow_turnout", "choice_turnout", "utility"),
    streams=("byelection.gov", "byelection.local"),
    params=ByElectionParams,
    seat_local=True,
)
