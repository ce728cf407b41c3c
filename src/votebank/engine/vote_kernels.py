"""Compiled per-seat loops of election day: route, turnout and choice of one seat's cohorts.

Each decision keeps its own generator (one stream per decision per seat, as everywhere), and
each generator draws for the seat's cohorts in row order, column by column for a multinomial,
exactly as one vectorised ``Generator.binomial`` call per decision would. Numba's
``Generator.binomial`` follows NumPy's algorithm on the same bit generator, so these loops give
the same numbers as the array code they replace; what they save is the temporary arrays.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from votebank.routes import CLAN, COERCED, LANDLORD, OWN


@njit(cache=True)
def _clip01(x: float) -> float:
    return min(max(x, 0.0), 1.0)


@njit(cache=True)
def _conditional(p: float, tail: float) -> float:
    """Chance of a category given that no earlier one was drawn (0 where nothing is left)."""
    return _clip01(p / tail) if tail > 0 else 0.0


@njit(cache=True)
def vote_seat(
    lo,
    hi,
    count,
    station,
    station_mult,
    p_landlord,
    p_coerced,
    p_clan,
    landlord_target,
    clan_target,
    follow_turnout,
    turnout,
    cohort_type,
    choice_cond,
    special,
    first_row,
    first_chosen,
    tally,
    g_route,
    g_clan,
    g_follow_landlord,
    g_follow_coerced,
    g_follow_clan,
    g_turnout_own,
    g_choice_own,
    g_choice_first,
):
    """Sample the votes of cohorts ``lo:hi`` (one seat) into ``tally`` (station x slot x route).

    ``choice_cond`` holds each voter type's conditional choice probabilities (see
    :func:`conditional_choice`). Cohorts marked ``special`` choose first and turn out later
    (:func:`turnout_after_choice`): their choices go to ``first_chosen[first_row[i]]``.
    """
    m, slots = hi - lo, tally.shape[1]
    lord = np.zeros(m, np.int64)
    coerced = np.zeros(m, np.int64)
    clan = np.zeros(m, np.int64)
    own = np.zeros(m, np.int64)
    left = np.zeros(m, np.int64)
    # Routes: landlord, coerced, or on (a three-way multinomial, drawn column by column).
    for j in range(m):
        i = lo + j
        if p_landlord[i] + p_coerced[i] > 0:
            p0, p1 = _clip01(p_landlord[i]), _clip01(p_coerced[i])
            tail1 = _clip01(1 - p_landlord[i] - p_coerced[i]) + p1
            lord[j] = g_route.binomial(count[i], _conditional(p0, tail1 + p0))
    for j in range(m):
        i = lo + j
        if p_landlord[i] + p_coerced[i] > 0:
            p1 = _clip01(p_coerced[i])
            tail1 = _clip01(1 - p_landlord[i] - p_coerced[i]) + p1
            coerced[j] = g_route.binomial(count[i] - lord[j], _conditional(p1, tail1))
    # The rest follow their bloc with p_clan, else choose for themselves.
    for j in range(m):
        i = lo + j
        rest = count[i] - lord[j] - coerced[j]
        if p_clan[i] > 0 and rest > 0:
            clan[j] = g_clan.binomial(rest, _clip01(p_clan[i]))
        own[j] = rest - clan[j]
    # Instructed voters turn out with the follower's turnout and vote as told.
    _follow(
        lo,
        lord,
        LANDLORD,
        landlord_target,
        follow_turnout,
        station,
        station_mult,
        tally,
        g_follow_landlord,
    )
    _follow(
        lo,
        coerced,
        COERCED,
        landlord_target,
        follow_turnout,
        station,
        station_mult,
        tally,
        g_follow_coerced,
    )
    _follow(
        lo, clan, CLAN, clan_target, follow_turnout, station, station_mult, tally, g_follow_clan
    )
    # Own choice: turn out, then choose by the logit (a multinomial, column by column).
    for j in range(m):
        i = lo + j
        if own[j] > 0 and not special[i]:
            left[j] = g_turnout_own.binomial(own[j], _clip01(turnout[i] * station_mult[station[i]]))
    for k in range(slots - 1):
        for j in range(m):
            i = lo + j
            if own[j] > 0 and not special[i]:
                drawn = g_choice_own.binomial(left[j], choice_cond[cohort_type[i], k])
                tally[station[i], k, OWN] += drawn
                left[j] -= drawn
    for j in range(m):
        i = lo + j
        if own[j] > 0 and not special[i]:
            tally[station[i], slots - 1, OWN] += left[j]
    # Voters whose turnout depends on whom they choose: choose now, turn out later.
    for j in range(m):
        if own[j] > 0 and special[lo + j]:
            left[j] = own[j]
    for k in range(slots - 1):
        for j in range(m):
            i = lo + j
            if own[j] > 0 and special[i]:
                drawn = g_choice_first.binomial(left[j], choice_cond[cohort_type[i], k])
                first_chosen[first_row[i], k] = drawn
                left[j] -= drawn
    for j in range(m):
        i = lo + j
        if own[j] > 0 and special[i]:
            first_chosen[first_row[i], slots - 1] = left[j]


@njit(cache=True)
def _follow(lo, voters, route, target, follow_turnout, station, station_mult, tally, gen):
    """Instructed voters of one route turn out and vote for their patron's target."""
    for j in range(voters.shape[0]):
        if voters[j] > 0:
            i = lo + j
            p = _clip01(follow_turnout[i] * station_mult[station[i]])
            tally[station[i], target[i], route] += gen.binomial(voters[j], p)


@njit(cache=True)
def turnout_after_choice(rows, k, chosen, p, station, tally, gen):
    """Voters of candidate ``k`` in ``rows`` (one seat) turn out with ``p``; add to ``tally``."""
    for j in range(rows.shape[0]):
        tally[station[rows[j]], k, OWN] += gen.binomial(chosen[j], p[j])


def conditional_choice(probs: np.ndarray) -> np.ndarray:
    """Per row, the chance of each category given that none before it was drawn.

    Category ``j`` takes ``Binomial(remaining, p_j / (p_j + ... + p_last))``; the tail sums run
    from the last column down, as ``Streams.multinomial`` computes them.
    """
    tail = np.cumsum(probs[:, ::-1], axis=1)[:, ::-1]
    cond = np.zeros(probs.shape)
    np.divide(probs, tail, out=cond, where=tail > 0)
    return np.clip(cond, 0.0, 1.0)
