"""The count: rejected ballots at each station, seat totals, first past the post.

A tie for first place is decided by lot, as Pakistani law does (Representation of the People
Act 1976 s.38(3); UK practice is the same).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from votebank.core.labels import STUFFED
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.core.vote_kernels import ctrl_c_between_calls, direct
from votebank.core.whole_draws import by_seat


def count(state: RunState) -> None:
    """Reject a share of ballots, sum stations into seats and declare each seat's winner."""
    el, c, s = state.electorate, state.contests, state.streams
    n_st, slots, routes = state.tally.shape
    cells = state.tally.reshape(n_st, slots * routes)
    bounds = el.station_bounds
    rejected = np.zeros(cells.shape, dtype=np.int64)
    share = min(max(state.spec.turnout.rejected_share, 0.0), 1.0)
    seats = np.flatnonzero(np.diff(bounds) > 0)
    kernel = None
    with ctrl_c_between_calls() as check:  # a Ctrl-C inside a call: numba crashed
        for seat, gen in zip(seats, s.generators("count.rejected", seats), strict=True):
            lo, hi = bounds[seat], bounds[seat + 1]
            args = (cells[lo:hi], share, routes, rejected[lo:hi], gen)
            kernel = kernel or direct(_reject, args)  # the same types for every seat
            kernel(*args)
            check()
    valid = (cells - rejected).reshape(n_st, slots, routes)
    state.tally = valid
    state.station_rejected = rejected.sum(axis=1)
    state.station_ballots = valid.sum(axis=(1, 2)) + state.station_rejected
    # Every seat has at least one station, so reduceat's segments are never empty.
    seat_votes = np.add.reduceat(valid, bounds[:-1], axis=0)
    state.seat_votes = seat_votes
    lot = s.generator("count.lot")
    votes = seat_votes.sum(axis=2)
    state.seat_winner, state.seat_tie = fptp(
        votes, state.standing, by_seat(s, lot.random, votes.shape)
    )
    state.final_party = c.party[np.arange(c.seats), state.seat_winner]


@njit(cache=True)
def _reject(cells, share, routes, out, gen):
    """Rejected ballots of each cell, station by station (stuffers stamp theirs properly)."""
    for station in range(cells.shape[0]):
        for cell in range(cells.shape[1]):
            p = 0.0 if cell % routes == STUFFED else share
            out[station, cell] = gen.binomial(cells[station, cell], p)


def fptp(votes: np.ndarray, can_win: np.ndarray, lot: np.ndarray):
    """First past the post with ties decided by lot.

    Args:
        votes: Votes per seat and candidate slot.
        can_win: Which slots are real candidates (not padding, not an 'others' aggregate).
        lot: A uniform draw per seat and slot (read only where the top is tied).

    Returns:
        ``(winner_slot, tie)`` per seat: the winner, and whether the lot decided it.
    """
    score = np.where(can_win, votes.astype(float), -np.inf)
    top = score.max(axis=1, keepdims=True)
    tied = score == top
    # Uniform lot among the tied: the highest random number among them wins.
    winner = np.where(tied, lot, -1.0).argmax(axis=1)
    return winner, tied.sum(axis=1) > 1


COUNT = Step(
    "count",
    "core",
    "count",
    count,
    "rejected ballots, seat totals, first past the post (ties by lot)",
    reads=("tally", "standing", "spec.turnout"),
    writes=(
        "tally",
        "station_rejected",
        "station_ballots",
        "seat_votes",
        "seat_winner",
        "seat_tie",
        "final_party",
    ),
    streams=("count.rejected", "count.lot"),
    seat_local=True,
)
