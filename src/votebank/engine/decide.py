"""Election day, sampled exactly per cohort: route, turnout and choice.

For a cohort of ``n`` interchangeable voters the steps are the voters' own decisions summed:
the route each voter follows is a multinomial draw (landlord, coerced, else bloc with
``p_clan``, else own choice); instructed voters turn out with their route's probability and
vote as told; the rest turn out and choose by the logit. Where turnout depends on the choice
(coercion suppresses a patron's opponents; a campaign mobilises its own supporters and
demobilises others), each voter chooses first and turns out with the probability of that choice.
Every step is binomial or multinomial, so one cohort of ``n`` and ``n`` cohorts of one give
the same distribution of tallies.
"""

from __future__ import annotations

import numpy as np

from votebank.engine.choice import choice_probs
from votebank.engine.state import RunState
from votebank.engine.vote_kernels import conditional_choice, turnout_after_choice, vote_seat
from votebank.rng import bounds_of as seat_bounds
from votebank.routes import CANVASSED, OWN, ROUTES

# The decisions drawn in every seat, in the order ``vote_seat`` takes their generators.
SEAT_STREAMS = (
    "vote.route.landlord",
    "vote.route.clan",
    "vote.turnout.landlord",
    "vote.turnout.coerced",
    "vote.turnout.clan",
    "vote.turnout.own",
    "vote.choice.own",
    "vote.choice.first",
)


def vote(state: RunState) -> None:
    """Sample every cohort's votes into ``state.tally`` (station x slot x route)."""
    el, c, s = state.electorate, state.contests, state.streams
    n_st, slots = el.stations, c.slots
    tally = np.zeros((n_st, slots, len(ROUTES)), dtype=np.int64)
    special = (state.suppress > 0) & (state.protected_slot >= 0)
    reached = np.zeros(el.cohorts, dtype=bool)
    if state.contact is not None:
        reached = state.contact.sum(axis=1) > 0
        special |= reached
    if state.choice_turnout is not None:
        special |= (state.choice_turnout != 1).any(axis=1)[el.cohort_seat]
    special_rows = np.flatnonzero(special)
    first_row = np.full(el.cohorts, -1, dtype=np.int64)
    first_row[special_rows] = np.arange(len(special_rows))
    first_chosen = np.zeros((len(special_rows), slots), dtype=np.int64)
    choice_cond = conditional_choice(choice_probs(state))
    count = el.cohort_count.astype(np.int64, copy=False)
    bounds = seat_bounds(el.cohort_seat, c.seats)
    for seat in range(c.seats):
        lo, hi = bounds[seat], bounds[seat + 1]
        if hi > lo:
            vote_seat(
                lo,
                hi,
                count,
                el.cohort_station,
                state.station_turnout,
                state.p_landlord,
                state.p_coerced,
                state.p_clan,
                state.landlord_target,
                state.clan_target,
                state.follow_turnout,
                state.turnout,
                state.types.cohort_type,
                choice_cond,
                special,
                first_row,
                first_chosen,
                tally,
                *(s.generator(name, seat) for name in SEAT_STREAMS),
            )
    if len(special_rows):
        _turnout_after_choice(state, special_rows, reached[special_rows], first_chosen, tally)
    state.tally = tally


def _turnout_after_choice(state: RunState, rows, reached, chosen, tally) -> None:
    """Own-choice voters whose turnout depends on whom they chose (coercion, campaigns)."""
    el, c, s = state.electorate, state.contests, state.streams
    seat = el.cohort_seat[rows]
    own_p = np.clip(state.turnout[rows] * state.station_turnout[el.cohort_station[rows]], 0, 1)
    has_voters = chosen.sum(axis=1) > 0
    # Cohorts no campaign reaches draw from the same stream whether or not others are
    # canvassed, so a canvass in one seat leaves the rest untouched.
    plain = np.flatnonzero(~reached)
    plain_bounds = seat_bounds(seat[plain], c.seats)
    plain_seats = np.flatnonzero(np.diff(plain_bounds) > 0)
    cells: list[np.ndarray] = []
    counts: list[np.ndarray] = []

    def add(at: np.ndarray, slot: np.ndarray, route: int, votes: np.ndarray) -> None:
        cells.append((el.cohort_station[at] * c.slots + slot) * len(ROUTES) + route)
        counts.append(votes)

    for k in range(c.slots):
        # Coercion: a patron's men keep away those who would vote against his candidate.
        opposed = (state.protected_slot[rows] >= 0) & (state.protected_slot[rows] != k)
        t = own_p * np.where(opposed, 1 - state.suppress[rows], 1.0)
        if state.choice_turnout is not None:
            t = np.clip(t * state.choice_turnout[seat, k], 0, 1)
        chosen_k, p_k = chosen[plain, k], np.clip(t[plain], 0.0, 1.0)
        for u in plain_seats:
            lo, hi = plain_bounds[u], plain_bounds[u + 1]
            turnout_after_choice(
                rows[plain[lo:hi]],
                k,
                chosen_k[lo:hi],
                p_k[lo:hi],
                el.cohort_station,
                tally,
                s.generator(f"vote.turnout.first.{k}", u),
            )
        canvassed = reached & has_voters
        if canvassed.any():
            _canvassed(state, rows[canvassed], k, chosen[canvassed, k], t[canvassed], add)
    if cells:
        np.add.at(tally.reshape(-1), np.concatenate(cells), np.concatenate(counts))


def _canvassed(state: RunState, rows, k: int, n_k, t, add) -> None:
    """Voters of candidate ``k`` whom a campaign may reach: mobilised or demobilised."""
    el, c, s = state.electorate, state.contests, state.streams
    sb = seat_bounds(el.cohort_seat[rows], c.seats)
    contact = state.contact[rows]
    friendly = contact[:, k]
    hostile = contact.sum(axis=1) - friendly
    f = s.binomial(f"vote.contact.friendly.{k}", n_k, friendly, sb)
    h = s.binomial(
        f"vote.contact.hostile.{k}",
        n_k - f,
        np.divide(hostile, 1 - friendly, out=np.zeros(len(rows)), where=friendly < 1),
        sb,
    )
    u = n_k - f - h
    # Contacted supporters: vote anyway (t), or mobilised by the contact (gotv).
    anyway = s.binomial(f"vote.turnout.friendly.{k}", f, t, sb)
    lift = np.minimum(state.gotv, 1 - t)
    mobilised = s.binomial(
        f"vote.turnout.mobilised.{k}",
        f - anyway,
        np.divide(lift, 1 - t, out=np.zeros(len(rows)), where=t < 1),
        sb,
    )
    others = s.binomial(f"vote.turnout.hostile.{k}", h, np.clip(t - state.demobilise, 0, 1), sb)
    plain = s.binomial(f"vote.turnout.plain.{k}", u, t, sb)
    slot = np.full(len(rows), k)
    add(rows, slot, OWN, anyway + others + plain)
    add(rows, slot, CANVASSED, mobilised)
    state.canvass_returns.append((rows, k, f, h))
