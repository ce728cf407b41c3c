"""The compiled per-seat loop of election day: route, turnout and choice of a seat's cohorts.

One pass over the cohorts draws each one's route, its instructed voters' turnout, and its own
voters' turnout; own-choice voters who turned out are then pooled by voter type and station
and their choices drawn once per pool. Each decision keeps its own generator (one stream per
decision per seat, as everywhere), passed in from NumPy: Numba's ``Generator.binomial`` runs
NumPy's algorithm on the same bit generator.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator

import numpy as np
from numba import njit

from votebank.core.labels import CLAN, COERCED, LANDLORD, OWN


def direct(kernel, args: tuple):
    """The compiled ``kernel`` for the types of ``args``, to call without Numba's dispatch.

    Numba finds the types of every argument on every call; for a ``Generator`` that takes a
    Python-level lookup of several microseconds, and the vote step passes seven generators to
    each seat's call. The types are the same for every seat of a run, so they are found once
    here (compiling, or loading from the cache, if needed). A plain Python function (the
    kernels swapped for their Python originals, as ``benchmarks/floor.py`` does) is returned
    as it is.
    """
    if not hasattr(kernel, "overloads"):
        return kernel
    signature = tuple(kernel.typeof_pyval(a) for a in args)
    if signature not in kernel.overloads:
        kernel.compile(signature)
    return kernel.overloads[signature].entry_point


@contextlib.contextmanager
def ctrl_c_between_calls() -> Iterator[Callable[[], None]]:
    """Hold a Ctrl-C that lands inside a kernel call until the call returns; yield the check.

    Numba passes a ``Generator`` in through Python code (``ctypes.cast``) and does not check
    it for an error: a Ctrl-C raised there left the kernel drawing through a null pointer,
    and the command died of a segmentation fault instead of stopping. Inside the block a
    Ctrl-C is only noted; call the check between kernel calls to raise it as the handler
    before would have (a KeyboardInterrupt). Outside the main thread (no handler can be set
    there) or without a Python handler, nothing changes. The numbers drawn do not change.
    """
    before = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(before):
        yield lambda: None
        return
    held: list = []
    signal.signal(signal.SIGINT, lambda signum, frame: held.append((signum, frame)))

    def check() -> None:
        if held:
            signal.signal(signal.SIGINT, before)
            before(*held.pop())

    try:
        yield check
    finally:
        signal.signal(signal.SIGINT, before)
    check()  # a Ctrl-C after the last call


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
    cohort_pool,
    pool_station,
    pool_type,
    choice_cond,
    suppress,
    protected_slot,
    choice_turnout,
    special,
    reached,
    first_row,
    first_chosen,
    tally,
    g_route,
    g_turnout_follow,
    g_turnout_own,
    g_choice_own,
    g_choice_first,
    g_turnout_first,
):
    """Sample the votes of cohorts ``lo:hi`` (one seat) into ``tally`` (station x slot x route).

    ``choice_cond`` holds each voter type's conditional choice probabilities
    (:func:`votebank.rng.conditionals`). Cohorts marked ``special`` choose first, then turn out
    by whom they chose (``suppress`` keeps opponents of ``protected_slot`` away;
    ``choice_turnout`` is the seat's turnout multiplier by candidate). Of those, the ones a
    campaign has ``reached`` only choose here: their choices go to
    ``first_chosen[first_row[i]]`` for the canvass.
    """
    first_pool, last_pool = cohort_pool[lo], cohort_pool[lo]
    for i in range(lo, hi):
        first_pool = min(first_pool, cohort_pool[i])
        last_pool = max(last_pool, cohort_pool[i])
    # Own-choice voters who turned out, by pool (one voter type at one station).
    pooled = np.zeros(last_pool + 1 - first_pool, np.int64)
    chosen = np.zeros(tally.shape[1], np.int64)
    for i in range(lo, hi):
        st, mult = station[i], station_mult[station[i]]
        # Route (one decision): landlord, coerced, else the bloc with p_clan, else one's own.
        lord = coerced = clan = 0
        if p_landlord[i] + p_coerced[i] > 0:
            p0, p1 = _clip01(p_landlord[i]), _clip01(p_coerced[i])
            tail1 = _clip01(1 - p_landlord[i] - p_coerced[i]) + p1
            lord = g_route.binomial(count[i], _conditional(p0, tail1 + p0))
            coerced = g_route.binomial(count[i] - lord, _conditional(p1, tail1))
        rest = count[i] - lord - coerced
        if p_clan[i] > 0 and rest > 0:
            clan = g_route.binomial(rest, _clip01(p_clan[i]))
        own = rest - clan
        # Instructed voters turn out with the follower's turnout and vote as told.
        follow = _clip01(follow_turnout[i] * mult)
        if lord > 0:
            tally[st, landlord_target[i], LANDLORD] += g_turnout_follow.binomial(lord, follow)
        if coerced > 0:
            tally[st, landlord_target[i], COERCED] += g_turnout_follow.binomial(coerced, follow)
        if clan > 0:
            tally[st, clan_target[i], CLAN] += g_turnout_follow.binomial(clan, follow)
        if own == 0:
            continue
        if special[i] and reached[i]:
            # A campaign reached them: they choose here and meet the canvass in array code.
            row = first_chosen[first_row[i]]
            _multinomial(own, choice_cond[cohort_type[i]], row, g_choice_first)
        elif special[i]:
            # Turnout depends on whom they choose: choose first, then turn out.
            _multinomial(own, choice_cond[cohort_type[i]], chosen, g_choice_first)
            own_p = _clip01(turnout[i] * mult)
            for k in range(chosen.shape[0]):
                opposed = protected_slot[i] >= 0 and protected_slot[i] != k
                t = own_p * (1 - suppress[i]) if opposed else own_p
                t = _clip01(t * choice_turnout[k])
                tally[st, k, OWN] += g_turnout_first.binomial(chosen[k], t)
        else:
            voted = g_turnout_own.binomial(own, _clip01(turnout[i] * mult))
            pooled[cohort_pool[i] - first_pool] += voted
    # A pool's voters share their choice probabilities: their choices are one multinomial.
    for g in range(pooled.shape[0]):
        if pooled[g] > 0:
            pool = first_pool + g
            _multinomial(pooled[g], choice_cond[pool_type[pool]], chosen, g_choice_own)
            for k in range(chosen.shape[0]):
                tally[pool_station[pool], k, OWN] += chosen[k]


@njit(cache=True)
def _multinomial(n, cond, out, gen):
    """``Multinomial(n, p)`` into ``out`` by conditional binomials (``cond`` from ``p``)."""
    left = n
    for k in range(out.shape[0] - 1):
        out[k] = gen.binomial(left, cond[k])
        left -= out[k]
    out[out.shape[0] - 1] = left


@njit(cache=True)
def vote_individual(
    lo,
    hi,
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
    choice_cum,
    suppress,
    protected_slot,
    choice_turnout,
    special,
    tally,
    g_route,
    g_turnout_follow,
    g_turnout_own,
    g_choice_own,
    g_choice_first,
    g_turnout_first,
):
    """Sample cohorts ``lo:hi`` (one seat) where every cohort is one voter, into ``tally``.

    The same decisions as :func:`vote_seat` with the same probabilities, for one voter each:
    a binomial of one is a Bernoulli draw (one uniform) and a multinomial of one a categorical
    draw on the cumulative choice probabilities ``choice_cum`` (type x slot). Exact in
    distribution, with the same streams; no pools, since no two voters share a draw.
    """
    for i in range(lo, hi):
        st, mult = station[i], station_mult[station[i]]
        # Route: landlord, coerced, else the bloc with p_clan, else one's own.
        route = OWN
        if p_landlord[i] + p_coerced[i] > 0:
            p0, p1 = _clip01(p_landlord[i]), _clip01(p_coerced[i])
            tail1 = _clip01(1 - p_landlord[i] - p_coerced[i]) + p1
            if _bernoulli(_conditional(p0, tail1 + p0), g_route):
                route = LANDLORD
            elif _bernoulli(_conditional(p1, tail1), g_route):
                route = COERCED
        if route == OWN and p_clan[i] > 0 and _bernoulli(_clip01(p_clan[i]), g_route):
            route = CLAN
        if route != OWN:
            # Instructed: turns out with the follower's turnout and votes as told.
            if _bernoulli(_clip01(follow_turnout[i] * mult), g_turnout_follow):
                target = clan_target[i] if route == CLAN else landlord_target[i]
                tally[st, target, route] += 1
            continue
        cum = choice_cum[cohort_type[i]]
        if special[i]:
            # Turnout depends on whom one chooses: choose first, then turn out.
            k = _categorical(cum, g_choice_first)
            t = _clip01(turnout[i] * mult)
            if protected_slot[i] >= 0 and protected_slot[i] != k:
                t = t * (1 - suppress[i])
            if _bernoulli(_clip01(t * choice_turnout[k]), g_turnout_first):
                tally[st, k, OWN] += 1
        elif _bernoulli(_clip01(turnout[i] * mult), g_turnout_own):
            tally[st, _categorical(cum, g_choice_own), OWN] += 1


@njit(cache=True)
def _bernoulli(p, gen) -> bool:
    """One voter's yes-or-no decision with chance ``p`` (no draw where it is certain)."""
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return gen.random() < p


@njit(cache=True)
def _categorical(cum, gen) -> int:
    """One draw from the categories whose cumulative weights are ``cum`` (none of weight 0)."""
    u = gen.random() * cum[cum.shape[0] - 1]
    for k in range(cum.shape[0]):
        if u < cum[k]:
            return k
    k = cum.shape[0] - 1  # u rounded up to the total: the last category with any weight
    while k > 0 and cum[k] == cum[k - 1]:
        k -= 1
    return k
