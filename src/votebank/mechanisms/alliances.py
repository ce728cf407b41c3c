"""Alliances and boycotts: a party stands down for an ally in some seats, or boycotts the poll.

A candidate who stands down (seat adjustment) or whose party boycotts no longer stands: no voter
chooses them, no patron or bloc backs them, they cannot win. The voters who would have chosen
them divide: ``transfer`` follow to the ally's candidate in the seat, ``abstain`` stay home, and
the rest choose among the remaining candidates in proportion to their own preferences (a
boycotting party names no ally: ``boycott_abstain`` stay home, the rest spread the same way).
The division is exact per voter type: the type's turnout falls by ``abstain x p`` (``p`` its
chance of choosing the withdrawn candidate) and its choice probabilities among those who vote
are the rest, renormalised.

Sources: 60% of a partner's voters following a seat adjustment, 25% abstaining, 15% elsewhere
[E, no Pakistani transfer survey found]; half of a boycotting party's voters abstain [E], near
nothing for weak boycotters such as the APDM in 2008 [S, qualitative: Dawn 2007-08] (levers
brief §7).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field, ValidationInfo, field_validator

from votebank.core.choice import choice_probs, set_choice_probs
from votebank.core.params import MechanismParams, Strict
from votebank.core.state import RunState
from votebank.core.step import Step


class StandDown(Strict):
    """One ``[[mechanisms.alliances.stand_downs]]`` entry: a seat adjustment."""

    party: str = Field(min_length=1, description="The party whose candidates stand down.")
    ally: str = Field(min_length=1, description="The party they stand down for.")
    seats: list[str] = Field(
        default_factory=list,
        description="Constituency ids; empty: every seat where the ally stands.",
    )

    @field_validator("ally")
    @classmethod
    def _another(cls, ally: str, info: ValidationInfo) -> str:
        # A party standing down for itself was taken: its candidates left the race and kept
        # the transfer share of their voters, so they had votes and could not win.
        if ally == info.data.get("party"):
            raise ValueError("a party cannot stand down for itself: name another party")
        return ally


class AlliancesParams(MechanismParams):
    """Parameters of ``[mechanisms.alliances]``."""

    stand_downs: list[StandDown] = Field(default_factory=list, description="Seat adjustments.")
    boycotts: list[str] = Field(default_factory=list, description="Parties that boycott the poll.")
    transfer: float = Field(
        0.6, ge=0, le=1, description="[E] voters of a withdrawn candidate who follow to the ally."
    )
    # Checked when left at its default too: the rule below then still sees a transfer set.
    abstain: float = Field(
        0.25,
        ge=0,
        le=1,
        validate_default=True,
        description="[E] voters of a withdrawn candidate who stay home.",
    )
    boycott_abstain: float = Field(
        0.5, ge=0, le=1, description="[E] voters of a boycotting party who stay home."
    )

    # A check of a field (transfer comes first), so that it is reported beside the table's
    # other bad fields.
    @field_validator("abstain")
    @classmethod
    def _shares(cls, abstain: float, info: ValidationInfo) -> float:
        transfer = info.data.get("transfer")  # absent if it failed its own check
        if transfer is not None and transfer + abstain > 1:
            raise ValueError("transfer + abstain must be at most 1")
        return abstain


def withdrawals(state: RunState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who withdraws, and where their voters go.

    Returns:
        Withdrawn candidates (seat x slot), each seat's ally slot (-1: none), and the share of
        the withdrawn candidates' voters who abstain in each seat.
    """
    p, c = state.spec.mechanisms.alliances, state.contests
    ids = c.party_ids
    party = np.where(c.valid, c.party, -1)
    out = np.zeros(c.valid.shape, dtype=bool)
    ally = np.full(c.seats, -1)
    abstain = np.zeros(c.seats)
    seat_ids = c.seat_ids.astype(str)
    for deal in p.stand_downs:
        if deal.party not in ids or deal.ally not in ids:
            continue
        mine, theirs = party == ids.index(deal.party), party == ids.index(deal.ally)
        here = theirs.any(axis=1) & mine.any(axis=1)
        if deal.seats:
            here &= np.isin(seat_ids, deal.seats)
        out |= mine & here[:, None]
        ally = np.where(here, theirs.argmax(axis=1), ally)
        abstain = np.where(here, p.abstain, abstain)
    for boycott in p.boycotts:
        if boycott in ids:
            gone = party == ids.index(boycott)
            out |= gone
            abstain = np.where(gone.any(axis=1), p.boycott_abstain, abstain)
    return out & state.standing, ally, abstain


def step(state: RunState) -> None:
    """Withdraw the candidates; divide their would-be voters by type."""
    p, t = state.spec.mechanisms.alliances, state.types
    gone, ally, abstain = withdrawals(state)
    if not gone.any():
        return
    rows = np.flatnonzero(gone.any(axis=1)[t.seat])  # voter types of seats with a withdrawal
    probs = choice_probs(state, rows)
    seat = t.seat[rows]
    out = gone[seat]
    lost = (probs * out).sum(axis=1)
    kept = np.where(out, 0.0, probs)
    has_ally = ally[seat] >= 0
    follow = np.where(has_ally, p.transfer, 0.0) * lost
    stay_home = abstain[seat] * lost
    kept[has_ally, ally[seat[has_ally]]] += follow[has_ally]
    rest = lost - follow - stay_home
    total = kept.sum(axis=1)
    kept *= 1 + np.divide(rest, total, out=np.zeros_like(rest), where=total > 0)[:, None]
    set_choice_probs(state, rows, kept / np.maximum(1 - stay_home, 1e-12)[:, None])
    keep_turnout = np.ones(len(t.seat))
    keep_turnout[rows] = 1 - stay_home
    state.turnout *= keep_turnout[t.cohort_type]
    state.standing &= ~gone


STEP = Step(
    "alliances",
    "alliances",
    "campaign",
    step,
    "seat adjustments and boycotts: candidates stand down, their voters follow or stay home",
    reads=("utility", "turnout", "standing"),
    writes=("utility", "turnout", "standing"),
    params=AlliancesParams,
    seat_local=True,
)
