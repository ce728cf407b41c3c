"""Rival village factions (dhara): two opposed camps in a village, and elders who hedge.

Many Punjabi villages are split between two rival camps, each led by a landed family, that back
rival candidates and carry their feud from one poll to the next. Here a rural village with at
least two vote blocs is split with ``rival_share``: its largest bloc leads one camp and the
village's other blocs form the rival camp. A rival bloc whose leader chose the same candidate
as the leading bloc breaks away with ``opposed_prob`` and backs the candidate it scores best
among the others (the bloc auction's own score, with fresh noise and no kin tie); the rest are
truces around a strong candidate. So the bloc auction no longer only amplifies the favourite.
A bloc leader hedges with ``hedge_prob`` (doubled where the hawa is unclear: the top two
candidates' chances of winning in the seat differ by less than ``unclear_margin``): he commits
publicly but frees ``hedge_release`` of his members to vote as they like. Runs after the bloc
auction and before the vote; needs ``[mechanisms.biradari]``.

Sources: two camps are the norm in Punjabi villages [S-weak, Tribune India; Martin 2016];
villages split 0.55 (0.35-0.75) [E]; rivals back different candidates 0.85 (0.7-0.95) [E];
hedging 0.15 (0.05-0.30), doubled when the hawa is unclear [E]; the hawa's self-fulfilling
pull [S, Herald 2018] (levers brief §1). Left out: a biradari split between both camps (the
electorate puts each clan in one bloc) and separate NA/PA choices.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.biradari import auction_score
from votebank.mechanisms.common import gumbel
from votebank.rng import bounds_of


class FactionsParams(MechanismParams):
    """Parameters of ``[mechanisms.factions]``."""

    rival_share: float = Field(
        0.55, ge=0, le=1, description="[E] rural villages (with two blocs or more) split in two."
    )
    opposed_prob: float = Field(
        0.85, ge=0, le=1, description="[E] a rival bloc that chose the same candidate breaks away."
    )
    hedge_prob: float = Field(0.15, ge=0, le=1, description="[E] a bloc leader hedges.")
    unclear_margin: float = Field(
        0.2, ge=0, le=1, description="[E] P(win) gap of the top two below which hedging doubles."
    )
    hedge_release: float = Field(
        0.3, ge=0, le=1, description="[E] members a hedging leader frees to vote as they like."
    )


def bloc_locality(state: RunState) -> np.ndarray:
    """The village of each bloc (-1 for a bloc without clans, which has no members)."""
    el = state.electorate
    out = np.full(len(el.bloc_seat), -1, dtype=np.int64)
    member = el.clan_bloc >= 0
    out[el.clan_bloc[member]] = el.clan_locality[member]
    return out


def camps(state: RunState) -> tuple[np.ndarray, np.ndarray]:
    """Which villages are split in two camps, and whom each bloc faces.

    Returns:
        Split villages (bool per locality) and, per bloc, the bloc leading the other camp (-1
        where the bloc's village is not split or the bloc itself leads).
    """
    p, el, c = state.spec.mechanisms.factions, state.electorate, state.contests
    loc = bloc_locality(state)
    voters = el.bloc_voters
    populated = (loc >= 0) & (voters > 0)
    n_loc = len(el.locality_seat)
    blocs_here = np.bincount(loc[populated], minlength=n_loc)
    u = state.streams.uniform("factions.village", bounds_of(el.locality_seat, c.seats))
    split = (u < p.rival_share) & ~el.locality_urban & (blocs_here >= 2)
    # The largest bloc of each village leads (ties: the first); the others face it.
    order = np.lexsort((-voters, np.where(populated, loc, n_loc)))
    leader = np.full(n_loc + 1, -1, dtype=np.int64)
    first = np.r_[True, np.diff(np.where(populated, loc, n_loc)[order]) != 0]
    leader[np.where(populated, loc, n_loc)[order][first]] = order[first]
    lead = leader[np.where(populated, loc, n_loc)]
    facing = np.where(
        populated & split[np.maximum(loc, 0)] & (lead != np.arange(len(loc))), lead, -1
    )
    return split, facing


def step(state: RunState) -> None:
    """Rival blocs break away from the leading bloc's candidate; hedging leaders free members."""
    p, el, c = state.spec.mechanisms.factions, state.electorate, state.contests
    seat = el.bloc_seat
    if not len(seat) or state.bloc_choice is None:
        return
    _, facing = camps(state)
    bounds = bounds_of(seat, c.seats)
    draw = state.streams.uniform("factions.bloc", bounds, cols=2 + c.slots)
    choice = state.bloc_choice.copy()
    rival_of = np.where(facing >= 0, state.bloc_choice[np.maximum(facing, 0)], -1)
    same = (facing >= 0) & (choice == rival_of)
    alternative = state.standing[seat] & (np.arange(c.slots)[None, :] != rival_of[:, None])
    breaks = same & (draw[:, 0] < p.opposed_prob) & alternative.any(axis=1)
    score = auction_score(state, np.zeros((len(seat), c.slots), dtype=bool), gumbel(draw[:, 2:]))
    best = np.where(alternative, score, -np.inf).argmax(axis=1)
    choice = np.where(breaks, best, choice)
    # Hedging: twice as likely where the seat's top two are close in their chances of winning.
    top2 = -np.sort(-np.where(state.standing, state.p_win, 0.0), axis=1)[:, :2]
    unclear = (top2[:, 0] - top2[:, -1]) < p.unclear_margin
    hedge = draw[:, 1] < np.minimum(p.hedge_prob * np.where(unclear[seat], 2.0, 1.0), 1.0)
    state.bloc_choice = choice
    keep = np.append(np.where(hedge, 1 - p.hedge_release, 1.0), 0.0)[el.cohort_bloc]
    state.p_clan[:] = state.p_clan * keep
    state.clan_target[:] = np.append(choice, -1)[el.cohort_bloc]
    state.truth["factions"] = {"facing": facing, "broke_away": breaks, "hedged": hedge}


STEP = Step(
    "factions",
    "factions",
    "campaign",
    step,
    "rival village camps back different candidates; hedging bloc leaders free members",
    reads=(
        "bloc_choice",
        "p_clan",
        "p_win",
        "promise_factor",
        "standing",
        "spec.mechanisms.biradari",
    ),
    writes=("bloc_choice", "p_clan", "clan_target", "truth"),
    streams=("factions.village", "factions.bloc"),
    params=FactionsParams,
    seat_local=True,
)
