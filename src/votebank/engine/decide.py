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
from votebank.rng import bounds_of as seat_bounds
from votebank.routes import CANVASSED, CLAN, COERCED, LANDLORD, OWN, ROUTES


def vote(state: RunState) -> None:
    """Sample every cohort's votes into ``state.tally`` (station x slot x route)."""
    el, c, s = state.electorate, state.contests, state.streams
    n_st, slots, routes = el.stations, c.slots, len(ROUTES)
    station_mult = state.station_turnout[el.cohort_station]
    # Votes are collected as (cell, votes) pairs and summed into the tally once at the end.
    cells: list[np.ndarray] = []
    counts: list[np.ndarray] = []

    def add(rows: np.ndarray, slot: np.ndarray, route: int, votes: np.ndarray) -> None:
        cells.append((el.cohort_station[rows] * slots + slot) * routes + route)
        counts.append(votes)

    every = np.arange(el.cohorts)
    n = el.cohort_count
    # Routes: landlord, coerced, or on to the bloc and one's own choice.
    routed = np.flatnonzero((state.p_landlord + state.p_coerced) > 0)
    n_lord = np.zeros_like(n)
    n_coerced = np.zeros_like(n)
    if len(routed):
        probs = np.stack(
            [
                state.p_landlord[routed],
                state.p_coerced[routed],
                1 - state.p_landlord[routed] - state.p_coerced[routed],
            ],
            axis=1,
        )
        split = s.multinomial(
            "vote.route.landlord",
            n[routed],
            np.clip(probs, 0, 1),
            seat_bounds(el.cohort_seat[routed], c.seats),
        )
        n_lord[routed], n_coerced[routed] = split[:, 0], split[:, 1]
    rest = n - n_lord - n_coerced
    members = np.flatnonzero((state.p_clan > 0) & (rest > 0))
    n_clan = np.zeros_like(n)
    n_clan[members] = s.binomial(
        "vote.route.clan",
        rest[members],
        state.p_clan[members],
        seat_bounds(el.cohort_seat[members], c.seats),
    )
    own = rest - n_clan

    follow_p = np.clip(state.follow_turnout * station_mult, 0, 1)
    for route, count, target, name in (
        (LANDLORD, n_lord, state.landlord_target, "vote.turnout.landlord"),
        (COERCED, n_coerced, state.landlord_target, "vote.turnout.coerced"),
        (CLAN, n_clan, state.clan_target, "vote.turnout.clan"),
    ):
        rows = np.flatnonzero(count > 0)
        if len(rows):
            v = s.binomial(
                name, count[rows], follow_p[rows], seat_bounds(el.cohort_seat[rows], c.seats)
            )
            add(rows, target[rows], route, v)

    own_p = np.clip(state.turnout * station_mult, 0, 1)
    special = (state.suppress > 0) & (state.protected_slot >= 0)
    if state.contact is not None:
        special |= state.contact.sum(axis=1) > 0
    if state.choice_turnout is not None:
        special |= (state.choice_turnout != 1).any(axis=1)[el.cohort_seat]
    simple = every[~special & (own > 0)]
    if len(simple):
        sb = seat_bounds(el.cohort_seat[simple], c.seats)
        voted = s.binomial("vote.turnout.own", own[simple], own_p[simple], sb)
        q = choice_probs(state)[state.types.cohort_type[simple]]
        chosen = s.multinomial("vote.choice.own", voted, q, sb)
        for k in range(slots):
            add(simple, np.full(len(simple), k), OWN, chosen[:, k])
    rows = every[special & (own > 0)]
    if len(rows):
        _vote_choice_first(state, rows, own[rows], own_p[rows], add)
    size = n_st * slots * routes
    if not cells:  # an electorate of ghosts alone: nobody votes
        cells, counts = [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
    tally = np.bincount(np.concatenate(cells), np.concatenate(counts), minlength=size)
    state.tally = np.rint(tally).astype(np.int64).reshape(n_st, slots, routes)


def _vote_choice_first(state: RunState, rows, own, own_p, add) -> None:
    """Own-choice voters whose turnout depends on whom they choose."""
    el, c, s = state.electorate, state.contests, state.streams
    sb = seat_bounds(el.cohort_seat[rows], c.seats)
    q = choice_probs(state)[state.types.cohort_type[rows]]
    chosen = s.multinomial("vote.choice.first", own, q, sb)
    reached = np.zeros(len(rows), dtype=bool)
    if state.contact is not None:
        reached = state.contact[rows].sum(axis=1) > 0
    for k in range(c.slots):
        n_k = chosen[:, k]
        slot = np.full(len(rows), k)
        # Coercion: a patron's men keep away those who would vote against his candidate.
        opposed = (state.protected_slot[rows] >= 0) & (state.protected_slot[rows] != k)
        t = own_p * np.where(opposed, 1 - state.suppress[rows], 1.0)
        if state.choice_turnout is not None:
            t = np.clip(t * state.choice_turnout[el.cohort_seat[rows], k], 0, 1)
        # Cohorts no campaign reaches draw from the same stream whether or not others are
        # canvassed, so a canvass in one seat leaves the rest untouched.
        plain = ~reached
        if plain.any():
            pb = seat_bounds(el.cohort_seat[rows[plain]], c.seats)
            add(
                rows[plain],
                slot[plain],
                OWN,
                s.binomial(f"vote.turnout.first.{k}", n_k[plain], t[plain], pb),
            )
        if reached.any():
            _canvassed(state, rows[reached], k, n_k[reached], t[reached], add)


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
