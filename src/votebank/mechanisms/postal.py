"""Postal votes: ballots banked before the campaign's last weeks, out of the canvass's reach.

A share ``issued_share`` of every seat's electorate holds a postal vote. Postal ballots go out
about 19 days before polling day [S, Commons Library], so by the time of the late canvass a
holder has either voted by post or decided not to: a conversation on the doorstep no longer
changes whether they vote. The canvass's effects (``gotv`` on a contacted supporter,
``demobilise`` on a contacted opponent) therefore act only on the ``1 - issued_share x banked``
of the contacted who still vote in person (conversations with postal voters are held, and
heard in the canvass returns, but move nothing). Overall turnout is unchanged: the in-person
turnout is what is left of each cohort's turnout once the postal voters, who turn out at
``turnout``, are counted (levers brief §8.2: in-person turnout solved to the target).

The run records, per seat, the expected postal ballots and their share of all ballots
(``truth["postal"]``): ``issued_share x turnout`` of the electorate, at most the seat's turnout.

Sources: 16.4% of electors held a postal vote at GE 2015, 85.8% of them returned it against
63.2% in-person turnout, one counted vote in five was postal [S] (Rallings & Thrasher for the
Electoral Commission, 2015); by-elections: postal turnout about 0.70 against 0.48 overall,
about 29% of ballots (Peterborough 2019) and 11% of electors issued (Stoke Central 2017)
[S-weak]; ``banked`` 1 [E].
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step


class PostalParams(MechanismParams):
    """Parameters of ``[mechanisms.postal]``."""

    issued_share: float = Field(
        0.164, ge=0, le=1, description="[S] electors holding a postal vote (GE 2015: 0.164)."
    )
    turnout: float = Field(
        0.86,
        ge=0,
        le=1,
        description="[S] postal ballots returned / issued (GE 2015: 0.858; by-elections "
        "about 0.70 [S-weak]).",
    )
    banked: float = Field(
        1.0,
        ge=0,
        le=1,
        description="[E] postal voters whose decision is made before the late canvass.",
    )


def postal_ballots(state: RunState) -> tuple[np.ndarray, np.ndarray]:
    """Expected postal ballots of each seat and their share of all its expected ballots."""
    p, el, c = state.spec.mechanisms.postal, state.electorate, state.contests
    count = el.cohort_count.astype(float)
    postal = count * np.minimum(p.issued_share * p.turnout, state.turnout)
    ballots = np.bincount(el.cohort_seat, count * state.turnout, minlength=c.seats)
    by_seat = np.bincount(el.cohort_seat, postal, minlength=c.seats)
    share = np.divide(by_seat, ballots, out=np.zeros(c.seats), where=ballots > 0)
    return by_seat, share


def step(state: RunState) -> None:
    """Take postal voters out of the late canvass's reach; record the postal ballots."""
    p = state.spec.mechanisms.postal
    reach = 1.0 - p.issued_share * p.banked
    state.gotv = state.gotv * reach
    state.demobilise = state.demobilise * reach
    ballots, share = postal_ballots(state)
    state.truth["postal"] = {"ballots": ballots, "share": share}


STEP = Step(
    "postal",
    "postal",
    "campaign",
    step,
    "postal votes are banked before the late canvass, which no longer reaches them",
    reads=("turnout", "gotv", "demobilise"),
    writes=("gotv", "demobilise", "truth"),
    params=PostalParams,
    seat_local=True,
)
