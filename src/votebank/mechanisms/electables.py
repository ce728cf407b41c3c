"""Electables choose their party before the poll; parties allocate tickets.

Candidates with a personal vote (``appeal`` at least ``electable_appeal``) weigh, before the
campaign, every other party's ticket by the chance of winning it gives them. The forecast is
the pre-poll hawa: each candidate's expected share is a softmax of ``mood + appeal`` (the
choice model at equal weights, no shocks), and P(win) is proportional to share**4 among those
standing, as the patrons' forecast is; a move into a party ``[mechanisms.switching]`` punishes
is forecast with its penalty. A party that has a candidate in the seat offers an electable its
ticket where his appeal beats its own candidate's by ``ticket_margin`` (the party gives the
ticket to whoever brings more votes). A party with no candidate in the seat makes no offer: its
regional mood, measured where it stands, is no forecast of a seat it does not contest. An
electable with an offer takes the one that raises his P(win) most with probability
``sigmoid(switch_intercept + gain_weight x gain)``; at most one electable moves per seat (the
one who gains most). The candidate displaced from the ticket runs as an independent with
``independent_prob`` (where the scenario has an independents' party), else stands down.

A move changes the run's contests (the mover's party and ``switched_from``) and moves the
party identification of voters with it: voters who identified with the new party's candidate
now identify with the mover, those of the old party with nobody in the seat. So
``[mechanisms.switching]``'s penalty (switches into punished parties) applies to the moves it
makes. The moves are kept as truth (``truth["electables"]``).

Sources: 115 of 272 MNAs elected in 2013 had changed party, gone independent or stood down by
2018 [S, The News 24 Jul 2018], ≈0.21 switching or independent [E]; switches follow the
expected winner (the hawa) [S, Herald 2018]; with no ticket, run independent with 0.4 [E];
the switch rule's weights [E] (levers brief §3).
"""

from __future__ import annotations

import dataclasses

import numpy as np
from pydantic import Field
from scipy.special import expit

from votebank.core.choice import mood_table
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.rng import bounds_of


class ElectablesParams(MechanismParams):
    """Parameters of ``[mechanisms.electables]``."""

    electable_appeal: float = Field(
        0.3, description="[E] a candidate with at least this appeal has a personal vote."
    )
    ticket_margin: float = Field(
        0.0, ge=0, description="[E] appeal by which an electable must beat a party's own man."
    )
    switch_intercept: float = Field(
        -2.0, description="[E] logit of switching for no gain in P(win) (about 0.12)."
    )
    gain_weight: float = Field(6.0, ge=0, description="[E] logit per unit gain in P(win).")
    independent_prob: float = Field(
        0.4, ge=0, le=1, description="[E] a candidate displaced from a ticket runs independent."
    )


def win_chances(score: np.ndarray, standing: np.ndarray) -> np.ndarray:
    """P(win) from forecast scores: softmax shares, sharpened to share**4, among those standing."""
    s = np.where(standing, score, -np.inf)
    top = s.max(axis=-1, keepdims=True)
    # A seat where nobody stands (its one candidate gone to another ticket) gets 0, not NaN.
    e = np.exp(s - np.where(np.isfinite(top), top, 0.0))
    share = (e / np.maximum(e.sum(axis=-1, keepdims=True), 1e-300)) ** 4
    return share / np.maximum(share.sum(axis=-1, keepdims=True), 1e-300)


def offers(state: RunState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each candidate's best ticket offer: destination party, gain in P(win), displaced slot.

    Returns:
        Arrays (seat x slot): the party offering the best ticket (-1: none), the gain in P(win)
        it brings, and the slot of that party's own candidate it displaces (-1: none).
    """
    p, c = state.spec.mechanisms.electables, state.contests
    mood = mood_table(state)[c.region]  # seat x party
    real = ~(c.party_independent | c.party_aggregate)
    standing = state.standing & c.valid
    party = np.where(standing, c.party, -1)
    score = np.where(party >= 0, mood[np.arange(c.seats)[:, None], np.maximum(party, 0)], 0.0)
    score = score + c.appeal
    before = win_chances(score, standing)
    best_party = np.full(c.valid.shape, -1)
    best_gain = np.zeros(c.valid.shape)
    best_out = np.full(c.valid.shape, -1)
    electable = standing & (c.appeal >= p.electable_appeal)
    slots = np.arange(c.slots)
    sw = state.spec.mechanisms.switching
    penalty = np.zeros(len(c.party_ids))
    if sw.enabled:
        penalty[[c.party_ids.index(x) for x in sw.punished_parties if x in c.party_ids]] = (
            sw.penalty
        )
    for q in np.flatnonzero(real):  # one party at a time: seats x slots arrays
        holder = party == q
        has = holder.any(axis=1)
        own = np.where(has, holder.argmax(axis=1), -1)
        own_appeal = np.where(has, c.appeal[np.arange(c.seats), np.maximum(own, 0)], -np.inf)
        offered = electable & (party != q) & (c.appeal > own_appeal[:, None] + p.ticket_margin)
        offered &= has[:, None]  # only a party standing here has a ticket (and a forecast)
        if not offered.any():
            continue
        # The mover takes q's mood; q's own candidate (if any) leaves the ticket (counted gone).
        moved = score + (mood[:, q][:, None] - np.where(party >= 0, score - c.appeal, 0.0))
        moved = moved - penalty[q]  # a move into a punished party is expected to cost votes
        after = np.zeros(c.valid.shape)
        for k in range(c.slots):
            trial = score.copy()
            trial[:, k] = moved[:, k]
            still = standing & ~((slots[None, :] == own[:, None]) & has[:, None])
            still[:, k] = standing[:, k]
            after[:, k] = win_chances(trial, still)[:, k]
        gain = after - before
        better = offered & (gain > best_gain)
        best_party = np.where(better, q, best_party)
        best_gain = np.where(better, gain, best_gain)
        best_out = np.where(better, own[:, None], best_out)
    return best_party, best_gain, best_out


def step(state: RunState) -> None:
    """Electables take the best ticket offered; the displaced go independent or stand down."""
    p, c = state.spec.mechanisms.electables, state.contests
    dest, gain, displaced = offers(state)
    draw = state.streams.uniform(
        "electables.seat", bounds_of(np.arange(c.seats), c.seats), cols=2 * c.slots
    )
    accept_p = expit(p.switch_intercept + p.gain_weight * gain)  # no overflow far out
    accept = (dest >= 0) & (draw[:, : c.slots] < accept_p)
    # One move per seat: the electable who gains most.
    mover = np.where(accept.any(axis=1), np.where(accept, gain, -np.inf).argmax(axis=1), -1)
    seats = np.flatnonzero(mover >= 0)
    party, switched = c.party.copy(), c.switched_from.copy()
    ind = np.flatnonzero(c.party_independent)
    pid_map = np.tile(np.arange(c.slots), (c.seats, 1))  # seat x slot: where identifiers go
    stood_down = np.zeros(c.valid.shape, dtype=bool)
    for s in seats:
        k = mover[s]
        old, new, out = party[s, k], dest[s, k], displaced[s, k]
        party[s, k], switched[s, k] = new, old
        pid_map[s, k] = -1  # the old party's identifiers have no candidate here now
        if out >= 0:
            pid_map[s, out] = k  # the new party's identifiers follow the mover
            if len(ind) and draw[s, c.slots + out] < p.independent_prob:
                party[s, out], switched[s, out] = ind[0], new
            else:
                stood_down[s, out] = True
    state.truth["electables"] = {
        "moved": np.isin(np.arange(c.seats), seats)[:, None]
        & (np.arange(c.slots)[None, :] == mover[:, None]),
        "stood_down": stood_down,
        "gain": gain,
    }
    if not len(seats):
        return
    state.contests = dataclasses.replace(c, party=party, switched_from=switched)
    t = state.types
    pid = np.where(t.pid >= 0, pid_map[t.seat, np.maximum(t.pid, 0)], -1)
    state.types = dataclasses.replace(t, pid=pid)
    state.standing &= ~stood_down


STEP = Step(
    "electables",
    "electables",
    "campaign",
    step,
    "electables take the ticket that raises their chance; the run's candidates' parties change",
    reads=("standing", "spec.mood", "spec.mechanisms.switching"),
    writes=("standing", "truth", "contests.party", "contests.switched_from", "types.pid"),
    streams=("electables.seat",),
    params=ElectablesParams,
    seat_local=True,
)
