"""By-elections in the seats a multi-seat winner resigns, simulated within the same run.

The vacated seats are cut out of the run as a smaller run of their own (same electorate, the
general election's patrons and blocs, streams under the name prefix ``byelection.``) and voted
and counted again; see :mod:`votebank.mechanisms.multiple_seats` for the rules.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from votebank.engine import count, decide
from votebank.engine.state import RunState, VoterTypes
from votebank.mechanisms import stuffing
from votebank.rng import bounds_of

_PER_SEAT = (
    "seat_ids",
    "seat_names",
    "region",
    "registered",
    "urban_share",
    "turnout",
    "threat",
    "stations",
    "valid",
    "candidate_ids",
    "candidate_names",
    "party",
    "appeal",
    "background",
    "patron",
    "militia",
    "budget",
    "switched_from",
    "person",
    "actual_votes",
    "baseline_votes",
    "can_win",
)


def vacated_seats(state: RunState) -> np.ndarray:
    """Seats resigned by people who won several: each keeps the one won by the widest margin."""
    c = state.contests
    seats = np.arange(c.seats)
    votes = np.where(c.can_win, state.seat_votes.sum(axis=2), -1)
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
    sub = _cut(state, seats)
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
    decide.vote(sub)
    if state.spec.mechanisms.stuffing.enabled:
        backing = state.landlord_backing.copy()
        lord_seat = state.electorate.landlord_seat
        for i, seat in enumerate(seats):
            backing[(lord_seat == seat) & (backing == resigned[i])] = -1
        sub.landlord_backing = backing
        stuffing.step(sub)
    count.count(sub)
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


def _cut(state: RunState, seats: np.ndarray) -> RunState:
    """A run of just ``seats``: their stations and cohorts, renumbered, state copied."""
    el, c, t = state.electorate, state.contests, state.types
    st = np.concatenate([np.arange(el.station_bounds[s], el.station_bounds[s + 1]) for s in seats])
    co = np.concatenate([np.arange(el.cohort_bounds[s], el.cohort_bounds[s + 1]) for s in seats])
    new_seat = np.full(c.seats, -1)
    new_seat[seats] = np.arange(len(seats))
    new_station = np.full(el.stations, -1)
    new_station[st] = np.arange(len(st))
    station_seat = new_seat[el.station_seat[st]]
    cohort_seat = new_seat[el.cohort_seat[co]]
    # Villages, clans, blocs and landlords keep their global numbers (read, never cut).
    sub_el = dataclasses.replace(
        el,
        station_seat=station_seat,
        station_locality=el.station_locality[st],
        station_registered=el.station_registered[st],
        station_ghosts=el.station_ghosts[st],
        station_urban=el.station_urban[st],
        station_bounds=bounds_of(station_seat, len(seats)),
        cohort_count=el.cohort_count[co],
        cohort_station=new_station[el.cohort_station[co]],
        cohort_seat=cohort_seat,
        cohort_bloc=el.cohort_bloc[co],
        cohort_landlord=el.cohort_landlord[co],
        cohort_female=el.cohort_female[co],
        cohort_class=el.cohort_class[co],
        cohort_urban=el.cohort_urban[co],
        cohort_pid=el.cohort_pid[co],
        cohort_bounds=bounds_of(cohort_seat, len(seats)),
    )
    sub_c = dataclasses.replace(c, **{f: getattr(c, f)[seats].copy() for f in _PER_SEAT})
    used = np.unique(t.cohort_type[co])
    sub_t = VoterTypes.with_pools(
        sub_el,
        np.searchsorted(used, t.cohort_type[co]),
        new_seat[t.seat[used]],
        t.urban[used],
        t.klass[used],
        t.pid[used],
    )
    sub = RunState.start(state.spec, sub_c, sub_el, sub_t, state.streams.child("byelection"))
    sub.utility[:] = state.utility[used]
    for name in (
        "turnout",
        "follow_turnout",
        "p_landlord",
        "landlord_target",
        "p_coerced",
        "p_clan",
        "clan_target",
        "suppress",
        "protected_slot",
    ):
        getattr(sub, name)[:] = getattr(state, name)[co]
    sub.station_turnout[:] = state.station_turnout[st]
    sub.station_capture_boost[:] = state.station_capture_boost[st]
    if state.contact is not None:
        sub.contact = state.contact[co]
    if state.choice_turnout is not None:
        sub.choice_turnout = state.choice_turnout[seats]
    sub.gotv, sub.demobilise = state.gotv, state.demobilise
    return sub
