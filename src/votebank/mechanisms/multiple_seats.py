"""Several seats per candidate, and the by-elections in the seats a winner gives up.

A person who wins more than one seat keeps one; the rest hold by-elections, simulated in the
same run: the vacated seats are cut out of the run (same electorate, the general election's
patrons and blocs, streams under the name prefix ``byelection.``) and vote and count again
with the run's own vote and count steps.

The winner keeps the seat won by the largest margin share [E] and resigns the others. Each
vacated seat votes again without that person: the party fields a new candidate who has its
mood but not the personal vote, turnout is multiplied by ``turnout_mult``, and the governing
party's candidates gain ``government_swing`` on the logit scale (Pakistan's by-elections lean
toward the new government, the opposite of the UK). Patrons and blocs who had backed the
resigned person fall back on their members' own choice.

Sources: one seat kept [S, ECP]; five NA by-elections on 26 June 2008 [S]; turnout 0.75 of the
general election and a swing of about 3 points to the government [E] (domain brief §1.2).
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import VOTE_PHASES, Step
from votebank.core.vote import VOTE


class MultipleSeatsParams(MechanismParams):
    """Parameters of ``[mechanisms.multiple_seats]``."""

    turnout_mult: float = Field(0.75, gt=0, le=1.5, description="[E] by-election turnout ratio.")
    government_swing: float = Field(
        0.15, description="[E] logit swing to the governing party (about 3 points)."
    )


def vacated_seats(state: RunState) -> np.ndarray:
    """Seats resigned by people who won several: each keeps the widest margin share of its seat."""
    c = state.contests
    seats = np.arange(c.seats)
    votes = np.where(state.standing, state.seat_votes.sum(axis=2), -1)
    ranked = -np.sort(-np.pad(votes, ((0, 0), (0, 1)), constant_values=0), axis=1)
    margin = (ranked[:, 0] - ranked[:, 1]) / np.maximum(votes.clip(0).sum(axis=1), 1)
    person = c.person[seats, state.seat_winner]
    order = np.lexsort((-margin, person))
    repeat = np.r_[False, person[order][1:] == person[order][:-1]]
    return np.sort(order[repeat])


def step(state: RunState) -> None:
    """Hold by-elections in every vacated seat and record who won them."""
    seats = vacated_seats(state)
    if len(seats) == 0:
        return
    p = state.spec.mechanisms.multiple_seats
    resigned = state.seat_winner[seats]
    sub = state.cut(seats, state.streams.child("byelection"))
    # The party fields a new candidate in the resigned slot: the personal vote is gone.
    ch, t = state.spec.choice, sub.types
    weight = np.where(t.urban, ch.candidate_weight_urban, ch.candidate_weight_rural)
    personal = sub.contests.appeal[t.seat, resigned[t.seat]]
    sub.utility[np.arange(len(t.seat)), resigned[t.seat]] -= 2 * weight * personal
    gov = state.contests.party_post_poll[np.maximum(sub.contests.party, 0)]
    sub.utility += p.government_swing * gov[sub.types.seat]
    sub.turnout *= p.turnout_mult
    sub.follow_turnout *= p.turnout_mult
    # Patrons and blocs who had backed the resigned person leave their people to choose.
    seat_of = sub.electorate.cohort_seat
    for probs, target in (
        (sub.p_landlord, sub.landlord_target),
        (sub.p_coerced, sub.landlord_target),
        (sub.p_clan, sub.clan_target),
    ):
        probs[target == resigned[seat_of]] = 0.0
    sub.suppress[sub.protected_slot == resigned[seat_of]] = 0.0
    # Patrons of these seats who had backed the resigned person have nobody to stuff for.
    backing = sub.landlord_backing
    backing[backing == resigned[sub.electorate.landlord_seat]] = -1
    # Vote and count again with the run's own steps (stuffing too, where it is on).
    for again in state.schedule:
        if again.phase in VOTE_PHASES:
            again.run(sub)
    c = state.contests
    parties = np.array(c.party_ids, dtype=object)
    ballots = np.bincount(sub.electorate.station_seat, sub.station_ballots, minlength=len(seats))
    for i, seat in enumerate(seats):
        slot = sub.seat_winner[i]
        winner = str(c.candidate_ids[seat, slot])
        state.byelections.append(
            {
                "constituency_id": str(c.seat_ids[seat]),
                "vacated_by": str(c.candidate_ids[seat, resigned[i]]),
                # The resigned person's slot is now the party's new candidate.
                "winner_candidate": winner + " (new candidate)" if slot == resigned[i] else winner,
                "winner_party": str(parties[c.party[seat, slot]]),
                "turnout": float(ballots[i] / c.registered[seat]),
            }
        )
        state.final_party[seat] = c.party[seat, slot]


STEP = Step(
    "multiple_seats",
    "multiple_seats",
    "after",
    step,
    "multi-seat winners keep one seat; by-elections in the rest",
    # The by-elections vote and count again: what the vote and count steps read, too.
    reads=(
        "seat_votes",
        "seat_winner",
        "standing",
        *VOTE.reads,
        "landlord_backing",
        "station_capture_boost",
        "station_protection",
        "spec.choice",
        "spec.turnout",
        "spec.mechanisms.stuffing",
        "spec.mechanisms.compilation",
    ),
    writes=("byelections", "final_party"),
    streams=(
        "byelection.vote.*",
        "byelection.stuffing.*",
        "byelection.count.*",
        "byelection.compilation.*",
    ),
    params=MultipleSeatsParams,
    # A by-election follows a person who won several seats; other seats are not touched.
    person_linked=True,
)
