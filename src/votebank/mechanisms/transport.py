"""Polling-day transport and turnout buying: candidates pay to bring their patrons' voters out.

Beside the offers to elders, each candidate spends ``budget_share`` of the candidate table's
``budget`` on vans, rickshaws and meals for the voters a patron (landlord, pir or bloc leader)
has told to vote for them: the rewards go to supporters who might stay home, which needs only
turnout to be watched (Nichter 2008). A candidate with ``N`` such voters and transport money
``B`` offers a ride to a share ``c = c_max (1 - exp(-B / (c_max N uplift cost)))`` of them, so
the first rupees move one voter per ``cost_per_voter`` and returns diminish towards the ceiling
``c_max`` (``coverage_rural`` or ``coverage_urban`` by the voter's station). A voter offered a
ride turns out with ``uplift`` more (``uplift_women`` for women), so a cohort's instructed
turnout rises by ``c x uplift`` (capped at 1). A cohort's rides are paid by its first patron:
its landlord's candidate if it has one, else its bloc's; its other instructed voters ride too.

Sources: candidate transport seen at about a quarter of stations at the PP-23 Chakwal by-poll
2017 [S, FAFEN]; coverage of rural supporters 0.35 (0.2-0.6), urban 0.15 [E]; uplift +0.10
(0.05-0.20), women +0.15 [E, no field estimate found]; Rs 40 (25-60) per voter moved [E, from
Lahore 2018 rental rates, Express Tribune, S] (levers brief §2). The budget share is [E].
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step


class TransportParams(MechanismParams):
    """Parameters of ``[mechanisms.transport]``."""

    budget_share: float = Field(
        0.25, ge=0, le=1, description="[E] share of a candidate's budget spent on transport."
    )
    cost_per_voter: float = Field(
        40.0, gt=0, description="[E from S] rupees per extra voter brought out (first rupees)."
    )
    coverage_rural: float = Field(
        0.35, ge=0, le=1, description="[E] most rural supporters a candidate can offer a ride."
    )
    coverage_urban: float = Field(
        0.15, ge=0, le=1, description="[E] most urban supporters a candidate can offer a ride."
    )
    uplift: float = Field(0.10, ge=0, le=1, description="[E] turnout gain of a man offered one.")
    uplift_women: float = Field(
        0.15, ge=0, le=1, description="[E] turnout gain of a woman offered a ride."
    )


def payer(state: RunState) -> np.ndarray:
    """The candidate slot paying for each cohort's rides (its first patron's), or -1."""
    lord = np.where(state.p_landlord > 0, state.landlord_target, -1)
    bloc = np.where(state.p_clan > 0, state.clan_target, -1)
    return np.where(lord >= 0, lord, bloc)


def coverage(state: RunState) -> np.ndarray:
    """Share of each cohort's instructed voters offered a ride (0 where no patron instructs)."""
    p, el, c = state.spec.mechanisms.transport, state.electorate, state.contests
    slot = payer(state)
    paid = slot >= 0
    cap = np.where(el.cohort_urban, p.coverage_urban, p.coverage_rural)
    uplift = np.where(el.cohort_female, p.uplift_women, p.uplift)
    instructed = el.cohort_count * np.maximum(state.p_landlord, state.p_clan)
    # Per candidate: the voters its patrons instruct, weighted by ceiling and uplift.
    cell = el.cohort_seat * c.slots + np.maximum(slot, 0)
    weight = np.bincount(cell[paid], (instructed * cap * uplift)[paid], minlength=c.seats * c.slots)
    money = (p.budget_share * np.where(c.valid, c.budget, 0.0)).reshape(-1)
    scale = np.divide(money, weight * p.cost_per_voter, out=np.zeros_like(money), where=weight > 0)
    fill = 1 - np.exp(-scale)  # share of the ceiling reached, the same for all its voters
    return np.where(paid, cap * fill[cell], 0.0)


def step(state: RunState) -> None:
    """Raise the instructed turnout of every cohort a candidate carries to the polls."""
    p, el = state.spec.mechanisms.transport, state.electorate
    offered = coverage(state)
    uplift = np.where(el.cohort_female, p.uplift_women, p.uplift)
    state.follow_turnout[:] = np.minimum(state.follow_turnout + offered * uplift, 1.0)


STEP = Step(
    "transport",
    "transport",
    "polling day",
    step,
    "candidates pay for rides that raise their patrons' voters' turnout (diminishing returns)",
    reads=("follow_turnout", "p_landlord", "landlord_target", "p_clan", "clan_target"),
    writes=("follow_turnout",),
    params=TransportParams,
    seat_local=True,
)
