"""Biradari vote banks: candidates bid for village vote blocs; members follow their bloc.

Each village vote bloc (dharra, which joins one or more clans under one leader) weighs every
candidate's offer: cash per voter, a development promise (a road, gas connections, a job) times
its credibility, the candidate's chance of winning (the bandwagon), and a kinship tie; it
commits to the best. Bloc members then vote as told with ``cohesion``; the rest choose for
themselves.

Sources: bloc membership 0.70 rural / 0.25 urban [E, anchored on Mohmand 2011 "vast majority"]
(in ``[electorate]``); cohesion 0.80 [E; 57% family unanimity, Gallup & Gilani 2024, is a lower
bound]; the auction form ``E[benefit] x P(win)`` and all weights [E] (domain brief §2.1).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import SHOCK_SD_LIMIT, UTILITY_LIMIT, MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import gumbel
from votebank.rng import bounds_of


class BiradariParams(MechanismParams):
    """Parameters of ``[mechanisms.biradari]``."""

    cohesion: float = Field(0.80, ge=0, le=1, description="[E] a member votes as the bloc.")
    cash_weight: float = Field(
        1.0, ge=0, le=UTILITY_LIMIT, description="[E] weight of cash per voter."
    )
    cash_scale: float = Field(
        500.0, gt=0, description="[E] rupees per voter worth one unit of a leader's utility."
    )
    promise_value: float = Field(
        1.0, ge=0, le=UTILITY_LIMIT, description="[E] worth of a development promise."
    )
    credibility: float = Field(0.6, ge=0, le=1, description="[E] belief a promise is kept.")
    government_credibility: float = Field(
        0.2, ge=0, le=1, description="[E] extra credibility of a governing party's candidate."
    )
    win_weight: float = Field(
        3.0, ge=0, le=UTILITY_LIMIT, description="[E] weight of the chance of winning."
    )
    kin_weight: float = Field(
        1.0, ge=0, le=UTILITY_LIMIT, description="[E] pull of a candidate of one's kin."
    )
    kin_tie_prob: float = Field(0.2, ge=0, le=1, description="[E] a bloc has a kin candidate.")
    # Bounded like the utility shocks (core/params.py): past 20 noise swamps the usual terms,
    # and near 1e308 the scores overflow and the first tied candidate always wins.
    choice_noise: float = Field(
        0.5, ge=0, le=SHOCK_SD_LIMIT, description="[E] Gumbel scale of the leader's choice."
    )


def offers(state: RunState) -> np.ndarray:
    """Cash per voter each candidate offers each bloc (bloc x slot).

    A candidate spreads a budget over the seat's bloc voters evenly, so a larger budget means a
    larger offer to every bloc of the seat.
    """
    el, c = state.electorate, state.contests
    seat_bloc_voters = np.bincount(el.bloc_seat, el.bloc_voters, minlength=c.seats)
    per_voter = c.budget / np.maximum(seat_bloc_voters, 1)[:, None]
    return per_voter[el.bloc_seat]


def auction_score(state: RunState, kin: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Each bloc leader's score of each candidate (bloc x slot), given kin ties and Gumbel noise."""
    p = state.spec.mechanisms.biradari
    c, seat = state.contests, state.electorate.bloc_seat
    gov = c.party_government[np.maximum(c.party, 0)] & (c.party >= 0)
    credibility = np.clip(p.credibility + p.government_credibility * gov, 0, 1)
    credibility = credibility * state.promise_factor
    # A cash_scale near 0 makes any offer worth infinitely much (inf, not an error): the
    # candidates who offer then tie, and the first of them wins the bloc.
    with np.errstate(over="ignore"):
        cash = p.cash_weight * offers(state) / p.cash_scale
    return (
        cash
        + p.promise_value * credibility[seat]
        + p.win_weight * state.p_win[seat]
        + p.kin_weight * kin
        + p.choice_noise * noise
    )


def step(state: RunState) -> None:
    """Every bloc commits to a candidate; members' route probabilities are set."""
    p = state.spec.mechanisms.biradari
    el, c = state.electorate, state.contests
    seat = el.bloc_seat
    bounds = bounds_of(seat, c.seats)
    kin_draw = state.streams.uniform("biradari.kin", bounds, cols=2)
    has_kin = kin_draw[:, 0] < p.kin_tie_prob
    weight = np.where(state.standing, np.exp(c.appeal), 0.0)[seat]
    cum = np.cumsum(weight, axis=1)
    kin_slot = (kin_draw[:, 1:] * cum[:, -1:] > cum).sum(axis=1)
    kin = has_kin[:, None] & (np.arange(c.slots)[None, :] == kin_slot[:, None])
    noise = gumbel(state.streams.uniform("biradari.choice", bounds, cols=c.slots))
    score = auction_score(state, kin, noise)
    choice = np.where(state.standing[seat], score, -np.inf).argmax(axis=1)
    state.bloc_choice = choice
    # Per bloc, then read per cohort; the last entry stands for "no bloc" (index -1).
    cohesion = np.full(len(choice) + 1, p.cohesion)
    cohesion[-1] = 0.0
    state.p_clan[:] = cohesion[el.cohort_bloc]
    state.clan_target[:] = np.append(choice, -1)[el.cohort_bloc]


STEP = Step(
    "biradari",
    "biradari",
    "campaign",
    step,
    "candidates bid for village blocs; members' routes",
    reads=("p_win", "promise_factor", "standing"),
    writes=("bloc_choice", "p_clan", "clan_target"),
    streams=("biradari.kin", "biradari.choice"),
    params=BiradariParams,
    seat_local=True,
)
