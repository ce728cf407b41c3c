"""The compiled per-seat loop of the canvass: reached voters' own turnout, by whom they chose.

For one seat and one candidate slot ``k``, each reached cohort's voters of ``k`` turn out with
their own chance (coercion and the seat's turnout by candidate applied), and each cohort takes
the two uniforms that decide, by inversion, who of those at home the canvass mobilises and who
of those voting it keeps home (:func:`votebank.rng.binomial_by_inversion`, in array code
after the loop). Each decision keeps its own generator, as in ``vote_kernels``; a cohort none
of whose voters turned up in the choice takes no numbers, as if it were not there.
"""

from __future__ import annotations

from numba import njit

from votebank.core.labels import OWN


@njit(cache=True)
def _clip01(x: float) -> float:
    return min(max(x, 0.0), 1.0)


@njit(cache=True)
def _ratio(a: float, b: float) -> float:
    """``a / b``, or 0 where ``b`` is at most 1e-12 (off by at most that much a voter)."""
    return a / b if b > 1e-12 else 0.0


@njit(cache=True)
def canvass_slot(
    lo,
    hi,
    k,
    rows,
    chosen,
    cohort_station,
    turnout,
    station_turnout,
    protected_slot,
    suppress,
    seat_turnout,
    gotv,
    demobilise,
    voting,
    lift,
    drop,
    u_mobilised,
    u_demobilised,
    tally,
    g_turnout,
    g_mobilised,
    g_demobilised,
):
    """Draw the turnout of ``chosen[lo:hi, k]`` (cohorts ``rows[lo:hi]``, one seat).

    Writes each cohort's voters who turn out (``voting``, also added to ``tally`` as own
    votes), the share of those at home a friendly conversation mobilises (``lift``) and of
    those voting a hostile one keeps home (``drop``), and the uniforms of those two draws.
    ``seat_turnout`` is the seat's turnout multiplier for ``k``.
    """
    for i in range(lo, hi):
        if chosen[i].sum() == 0:
            continue
        row = rows[i]
        own_p = _clip01(turnout[row] * station_turnout[cohort_station[row]])
        # Coercion: a patron's men keep away those who would vote against his candidate.
        opposed = protected_slot[row] >= 0 and protected_slot[row] != k
        t = own_p * (1 - suppress[row]) if opposed else own_p
        t = _clip01(t * seat_turnout)
        voting[i] = g_turnout.binomial(chosen[i, k], t)
        tally[cohort_station[row], k, OWN] += voting[i]
        lift[i] = _ratio(min(gotv, 1 - t), 1 - t)  # of those who would stay home
        drop[i] = _ratio(min(demobilise, t), t)  # of those who would vote
        u_mobilised[i] = g_mobilised.random()
        u_demobilised[i] = g_demobilised.random()
