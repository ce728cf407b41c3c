"""What every stored run must satisfy: no result that cannot exist reaches the store.

Checked on a run's tables just before they are written. A violation names the run and the
seat and stops the ensemble with nothing of that run stored: a bug upstream (a 0/0 once
stored -2**63 votes, issue 20) must fail loudly, not become a result.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from votebank.display import plural
from votebank.errors import Problem, VotebankError
from votebank.results.frames import ROUTE_COLUMNS
from votebank.results.vote_lists import flat_votes


class ImpossibleResult(VotebankError):
    """A run's tables break an invariant (a bug, not bad input): nothing of it is stored."""


def _fail(run: int, seat: object, what: str) -> None:
    raise ImpossibleResult(f"run {run}, seat {seat}: {what}; the run was not stored")


def _first_bad(frame: pd.DataFrame, bad: np.ndarray, key: str) -> object:
    return frame[key].to_numpy()[np.flatnonzero(bad)[0]]


def check_run(frames: Mapping[str, pd.DataFrame], run: int, house: int | None = None) -> None:
    """Raise :class:`ImpossibleResult` unless a run's tables are possible.

    Votes and ballots are finite and non-negative, at seats and at stations (where a run keeps
    them); ballots are the valid and the rejected ones, a candidate's votes the sum of its
    routes' and a station's valid ballots the sum of its votes; a seat's ballots are at most its
    roll plus the ballots recorded as stuffed there, and its candidates' votes are its valid
    ballots; each seat has one winner, who is its elected candidate, with the most votes (a tie
    drawn by lot among equals); the party seat totals add up, and to at most ``house`` seats if
    given.

    Args:
        frames: The run's tables (see :mod:`votebank.results.frames`).
        run: The run's index, for the message.
        house: Seats in the house (general plus any reserved; see :func:`house_size`), or
            None to skip that check. The totals may fall short of it (reserved seats nobody
            can take) but never exceed it.
    """
    cons, cands = frames["constituencies"], frames["candidates"]
    for frame, columns, key in (
        (cons, ("registered", "ballots", "rejected", "valid", "turnout"), "constituency_id"),
        (cands, ("votes", *ROUTE_COLUMNS), "constituency_id"),
    ):
        for col in columns:
            values = frame[col].to_numpy(dtype=float)
            bad = ~np.isfinite(values) | (values < 0)
            if bad.any():
                i = np.flatnonzero(bad)[0]
                _fail(run, frame[key].iat[i], f"{col} is {frame[col].iat[i]}")
    # Each seat's stuffed and counted votes and elected candidates, in one pass.
    sums = cands.groupby("constituency_id", sort=False)[["votes_stuffed", "votes", "elected"]].sum()
    sums = sums.reindex(cons["constituency_id"]).fillna(0)
    stuffed, votes, n_elected = (sums[c].to_numpy() for c in ("votes_stuffed", "votes", "elected"))
    limit = cons["registered"].to_numpy() + stuffed
    over = cons["ballots"].to_numpy() > limit
    if over.any():
        i = np.flatnonzero(over)[0]
        _fail(
            run,
            cons["constituency_id"].iat[i],
            f"{cons['ballots'].iat[i]:,} ballots exceed the roll ({cons['registered'].iat[i]:,}) "
            f"plus the recorded stuffing ({int(stuffed[i]):,})",
        )
    uncounted = votes != cons["valid"].to_numpy()
    if uncounted.any():
        i = np.flatnonzero(uncounted)[0]
        _fail(
            run,
            cons["constituency_id"].iat[i],
            f"the candidates' {int(votes[i]):,} votes are not the {cons['valid'].iat[i]:,} valid",
        )
    _check_sums(cons, cands, run)
    stations = frames.get("polling_stations")
    if stations is not None and len(stations):
        _check_stations(stations, run)
    wrong = n_elected != 1
    if wrong.any():
        i = np.flatnonzero(wrong)[0]
        _fail(
            run, cons["constituency_id"].iat[i], f"{int(n_elected[i])} candidates elected, not one"
        )
    elected = cands[cands["elected"]]
    winner = elected.set_index("constituency_id")["candidate_id"].reindex(cons["constituency_id"])
    differs = winner.to_numpy() != cons["winner_candidate"].to_numpy()
    if differs.any():
        seat = _first_bad(cons, differs, "constituency_id")
        _fail(run, seat, "the winner is not the elected candidate")
    # The margin is over the best rival who could have won (an aggregate row cannot).
    behind = cons["margin"].to_numpy() < 0
    if behind.any():
        i = np.flatnonzero(behind)[0]
        why = f"elected {-cons['margin'].iat[i]:,} votes behind a rival who could have won"
        _fail(run, cons["constituency_id"].iat[i], why)
    _check_seats(frames["seats"], run, len(cons), house)


def _check_sums(cons: pd.DataFrame, cands: pd.DataFrame, run: int) -> None:
    """A seat's ballots are its valid and rejected ones; a candidate's votes, its routes'."""
    ballots = cons["valid"].to_numpy() + cons["rejected"].to_numpy()
    off = ballots != cons["ballots"].to_numpy()
    if off.any():
        i = np.flatnonzero(off)[0]
        why = (
            f"{cons['valid'].iat[i]:,} valid and {cons['rejected'].iat[i]:,} rejected ballots, "
            f"but {cons['ballots'].iat[i]:,} ballots"
        )
        _fail(run, cons["constituency_id"].iat[i], why)
    routes = cands[list(ROUTE_COLUMNS)].to_numpy().sum(axis=1)
    off = routes != cands["votes"].to_numpy()
    if off.any():
        i = np.flatnonzero(off)[0]
        why = f"{cands['candidate_id'].iat[i]} has {cands['votes'].iat[i]:,} votes, by its routes"
        _fail(run, cands["constituency_id"].iat[i], f"{why} {int(routes[i]):,}")


def _check_stations(stations: pd.DataFrame, run: int) -> None:
    """Station counts and votes are non-negative, and add up: ballots, valid, votes."""
    seat = stations["constituency_id"]
    for col in ("registered", "ballots", "rejected", "valid", "leader_votes", "stuffed_ballots"):
        values = stations[col].to_numpy()
        if (values < 0).any():
            i = np.flatnonzero(values < 0)[0]
            _fail(
                run, seat.iat[i], f"station {stations['station_id'].iat[i]}: {col} is {values[i]}"
            )
    flat, lengths, starts = flat_votes(stations["votes"])
    # Each station's sum (an empty list sums to 0: reduceat would take the next one's first).
    totals = np.zeros(len(lengths), dtype=np.int64)
    if flat.size:
        summed = np.add.reduceat(flat, np.minimum(starts, flat.size - 1))
        totals = np.where(lengths > 0, summed, 0)
    bad = totals != stations["valid"].to_numpy()
    negative = np.flatnonzero(flat < 0)
    if negative.size:
        bad[np.searchsorted(starts, negative, side="right") - 1] = True
    valid, rejected = stations["valid"].to_numpy(), stations["rejected"].to_numpy()
    bad |= valid + rejected != stations["ballots"].to_numpy()
    if bad.any():
        i = np.flatnonzero(bad)[0]
        votes = [int(v) for v in flat[starts[i] : starts[i] + lengths[i]]]
        why = (
            f"station {stations['station_id'].iat[i]}: votes {votes}, "
            f"{stations['valid'].iat[i]:,} valid, {stations['rejected'].iat[i]:,} rejected, "
            f"{stations['ballots'].iat[i]:,} ballots"
        )
        _fail(run, seat.iat[i], why)


def _check_seats(seats: pd.DataFrame, run: int, general: int, house: int | None) -> None:
    parts = seats[["general", "women", "non_muslim"]].to_numpy()
    if (parts < 0).any() or (parts.sum(axis=1) != seats["total"].to_numpy()).any():
        _fail(run, "(house)", "a party's seats are negative or do not add up to its total")
    if int(seats["general"].sum()) != general:
        _fail(run, "(house)", f"{int(seats['general'].sum())} general seats won, not {general}")
    # Reserved seats go unallotted where no party that may take them won a general seat.
    if house is not None and int(seats["total"].sum()) > house:
        _fail(run, "(house)", f"{int(seats['total'].sum())} seats in all, more than the {house}")


def house_size(scenario) -> int:
    """Seats in a scenario's house: its constituencies plus the reserved seats, if allotted."""
    cons = scenario.constituencies
    p = scenario.spec.mechanisms.reserved_seats
    if not p.enabled:
        return len(cons)
    regions = set(cons["region"])
    women = sum(n for region, n in p.women_seats.items() if region in regions)
    return len(cons) + women + p.non_muslim_seats


def house_problems(scenario, shown: str) -> list[Problem]:
    """A majority or actual seats beyond the house: what ``votebank validate`` notes.

    The house is :func:`house_size`'s. A majority no party can reach gives P(majority) 0 for
    every party. Not refused: a scenario cut to some seats (a calibration's subset, written
    out) keeps the country's majority and actual seats.
    """
    house = house_size(scenario)
    problems = []
    majority = scenario.spec.scenario.majority
    if majority is not None and majority > house:
        why = f"more than the {plural(house, 'seat')} of the house: no party could reach it"
        problems.append(Problem(shown, "scenario.majority", str(majority), why))
    actual = sum(scenario.spec.scenario.actual_seats.values())
    if actual > house:
        why = f"the actual seats add up to {actual:,}, more than the {plural(house, 'seat')} of "
        why += "the house"
        problems.append(Problem(shown, "scenario.actual_seats", str(actual), why))
    return problems
