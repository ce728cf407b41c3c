"""Election day, sampled exactly per cohort: route, turnout and choice.

For a cohort of ``n`` interchangeable voters the steps are the voters' own decisions summed:
the route each voter follows is a multinomial draw (landlord, coerced, else bloc with
``p_clan``, else own choice); instructed voters turn out with their route's probability and
vote as told; the rest turn out and choose by the logit, pooled by voter type and station (a
sum of multinomials with the same probabilities is one multinomial). Where turnout depends on
the choice (coercion suppresses a patron's opponents; a campaign mobilises its own supporters
and demobilises others), each voter chooses first and turns out with the probability of that
choice. Every step is binomial or multinomial, so one cohort of ``n`` and ``n`` cohorts of one
give the same distribution of tallies. The per-seat loops are compiled (``vote_kernels``, and
``canvass_kernels`` for reached voters' turnout). In a seat where every cohort is one
voter (individuals, nothing to pool) each decision is one categorical draw per voter
(``vote_individual``): the same chances, without a binomial's set-up per voter.
"""

from __future__ import annotations

import numpy as np

from votebank.core.canvass_kernels import canvass_slot
from votebank.core.choice import choice_probs
from votebank.core.labels import CANVASSED, OWN, ROUTES
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.core.vote_kernels import ctrl_c_between_calls, direct, vote_individual, vote_seat
from votebank.rng import binomial_by_inversion, bounds_of, conditionals

# The decisions drawn in every seat, in the order ``vote_seat`` takes their generators.
SEAT_STREAMS = (
    "vote.route",
    "vote.turnout.follow",
    "vote.turnout.own",
    "vote.choice.own",
    "vote.choice.first",
    "vote.turnout.first",
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
    # Voters a campaign reached choose in the loop and meet the canvass below; first_row is
    # read only for them (empty where no campaign runs, which spares a run-long array).
    reached_rows = np.flatnonzero(reached)
    first_row = np.full(el.cohorts if len(reached_rows) else 0, -1, dtype=np.int64)
    first_row[reached_rows] = np.arange(len(reached_rows))
    first_chosen = np.zeros((len(reached_rows), slots), dtype=np.int64)
    choice_turnout = state.choice_turnout
    if choice_turnout is None:
        choice_turnout = np.ones((c.seats, slots))
    count = el.cohort_count.astype(np.int64, copy=False)
    bounds = el.cohort_bounds
    seats = np.flatnonzero(np.diff(bounds) > 0)
    streams = [s.generators(name, seats) for name in SEAT_STREAMS]
    # Decided seat by seat, not for the whole run: a seat then draws the same votes whichever
    # other seats are in it (a cut to one seat of individuals drew them the other way).
    alone = one_voter_seats(count, bounds, seats) & (state.contact is None)
    routing = _routing(state)
    choice_cum = np.cumsum(choice_probs(state), axis=1) if any(alone) else None
    choice_cond = None if all(alone) else conditionals(choice_probs(state))
    shared = (
        count,
        *routing,
        state.types.cohort_pool,
        state.types.pool_station,
        state.types.pool_type,
        choice_cond,
        state.suppress,
        state.protected_slot,
    )
    kernels = {}  # the same types for every seat of a kind
    with ctrl_c_between_calls() as check:  # a Ctrl-C inside a call: numba crashed
        for seat, one, *gens in zip(seats, alone.tolist(), *streams, strict=True):
            lo, hi = bounds[seat], bounds[seat + 1]
            if one:
                args = (lo, hi, *routing, choice_cum, state.suppress, state.protected_slot)
                args += (choice_turnout[seat], special, tally, *gens)
                kernel = kernels.get(one) or direct(vote_individual, args)
            else:
                args = (lo, hi, *shared, choice_turnout[seat], special, reached, first_row)
                args += (first_chosen, tally, *gens)
                kernel = kernels.get(one) or direct(vote_seat, args)
            kernels[one] = kernel
            kernel(*args)
            check()
    if len(reached_rows):
        _canvass(state, reached_rows, first_chosen, choice_turnout, tally)
    state.tally = tally


def _routing(state: RunState) -> tuple:
    """The per-cohort columns both vote kernels read, in their order: station, routes, turnout."""
    return (
        state.electorate.cohort_station,
        state.station_turnout,
        state.p_landlord,
        state.p_coerced,
        state.p_clan,
        state.landlord_target,
        state.clan_target,
        state.follow_turnout,
        state.turnout,
        state.types.cohort_type,
    )


def one_voter_seats(count: np.ndarray, bounds: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """For each of ``seats`` (those with cohorts, in order): is its every cohort one voter?"""
    if not len(seats):
        return np.zeros(0, dtype=bool)
    starts = bounds[seats]  # the seats between hold no cohorts: each segment is one seat's
    return (np.minimum.reduceat(count, starts) == 1) & (np.maximum.reduceat(count, starts) == 1)


def _canvass(state: RunState, rows, chosen, choice_turnout, tally) -> None:
    """Own-choice voters a campaign reached, by whom they chose: mobilised or demobilised.

    Each voter's own turnout is drawn first, from the same streams whatever the canvass, and
    then who of those at home is mobilised (``Binomial(home, contact x lift)``) and who of
    those voting is demobilised: with common random numbers, a plan that adds hours to a seat
    changes only those two draws (same trials, a larger probability), not the turnout of every
    supporter, which buried a chunk's effect in redrawn noise (sd 50 votes on a 110-vote gain
    per 1,000 hours). Who the canvass met without changing their vote is drawn last, for the
    returns. Per voter it is the same law as meeting the canvass first: contacted supporters
    vote with ``t + gotv`` (capped at 1), contacted opponents with ``t - demobilise`` (floored
    at 0); ``tests/core/test_canvass_law.py`` checks the joint law. A run that records no
    returns (``canvass_returns`` None: the canvass planner's) skips the last four draws, each
    from its own streams, so the votes are the same. The turnout is drawn seat by seat in
    compiled code (:func:`canvass_slot`), the rest here.
    """
    el, s = state.electorate, state.streams
    seats = bounds_of(el.cohort_seat[rows], state.contests.seats)
    units = np.flatnonzero(np.diff(seats) > 0)
    contacted = state.contact[rows].sum(axis=1)
    cells = tally.reshape(-1)
    cell_of = el.cohort_station[rows].astype(np.int64) * state.contests.slots
    columns = (el.cohort_station, state.turnout, state.station_turnout)
    columns += (state.protected_slot, state.suppress)
    # The returns' draws are laid out over the cohorts with voters of any candidate, as always.
    v = None if state.canvass_returns is None else chosen.sum(axis=1) > 0
    kernel = None
    for k in range(state.contests.slots):
        voting = np.zeros(len(rows), dtype=np.int64)
        lift, drop, u_mob, u_demob = (np.zeros(len(rows)) for _ in range(4))
        # A seat where nobody chose k draws nothing for k: no trials, no votes moved.
        chose_k = units[np.add.reduceat(chosen[:, k], seats[units]) > 0]
        draws = [
            s.generators(f"vote.canvass.{name}.{k}", chose_k)
            for name in ("turnout", "mobilised", "demobilised")
        ]
        with ctrl_c_between_calls() as check:
            for unit, *gens in zip(chose_k, *draws, strict=True):
                args = (seats[unit], seats[unit + 1], k, rows, chosen, *columns)
                args += (choice_turnout[unit, k], state.gotv, state.demobilise)
                args += (voting, lift, drop, u_mob, u_demob, tally, *gens)
                kernel = kernel or direct(canvass_slot, args)
                kernel(*args)
                check()
        # Voters of candidate k meet k's campaign (friendly) or another's (hostile), or none.
        friendly = state.contact[rows, k]
        hostile = np.clip(contacted - friendly, 0, 1)
        home = chosen[:, k] - voting
        mobilised = binomial_by_inversion(u_mob, home, friendly * lift)
        demobilised = binomial_by_inversion(u_demob, voting, hostile * drop)
        cell = (cell_of + k) * len(ROUTES)
        moved = np.flatnonzero(mobilised)
        np.add.at(cells, cell[moved] + CANVASSED, mobilised[moved])
        kept_home = np.flatnonzero(demobilised)
        np.add.at(cells, cell[kept_home] + OWN, -demobilised[kept_home])
        if state.canvass_returns is None:  # not recorded: their draws change no vote
            continue
        # The rest of the conversations, each draw given those above (for the returns).
        friendly, hostile, lift, drop = friendly[v], hostile[v], lift[v], drop[v]
        home, mobilised, demobilised = home[v], mobilised[v], demobilised[v]
        still = voting[v] - demobilised
        sb = bounds_of(el.cohort_seat[rows[v]], state.contests.seats)
        met_home = s.binomial(
            f"vote.canvass.met.friendly_home.{k}",
            home - mobilised,
            _ratio(friendly * (1 - lift), 1 - friendly * lift),
            sb,
        )
        met_voting = s.binomial(
            f"vote.canvass.met.friendly_voting.{k}",
            still,
            _ratio(friendly, 1 - hostile * drop),
            sb,
        )
        hostile_voting = s.binomial(
            f"vote.canvass.met.hostile_voting.{k}",
            still - met_voting,
            _ratio(hostile * (1 - drop), 1 - friendly - hostile * drop),
            sb,
        )
        hostile_home = s.binomial(
            f"vote.canvass.met.hostile_home.{k}",
            home - mobilised - met_home,
            _ratio(hostile, 1 - friendly),
            sb,
        )
        f = mobilised + met_home + met_voting
        h = demobilised + hostile_voting + hostile_home
        state.canvass_returns.append((rows[v], k, f, h))


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a / b``, or 0 where ``b`` is at most 1e-12 (off by at most that much a voter)."""
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b > 1e-12)


VOTE = Step(
    "vote",
    "core",
    "vote",
    vote,
    "every cohort's route, turnout and choice, sampled exactly",
    reads=(
        "utility",
        "turnout",
        "follow_turnout",
        "choice_turnout",
        "contact",
        "gotv",
        "demobilise",
        "p_landlord",
        "landlord_target",
        "p_coerced",
        "p_clan",
        "clan_target",
        "suppress",
        "protected_slot",
        "station_turnout",
    ),
    writes=("tally", "canvass_returns"),
    streams=(
        *SEAT_STREAMS,
        "vote.canvass.*",
    ),
    seat_local=True,
)
