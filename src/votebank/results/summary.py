"""Ensemble summaries: seats, constituencies, turnout, vote provenance and the closest seats.

Every summary is one SQL aggregate over the store, so memory stays bounded however many runs
an ensemble holds; polling-station rows are never read. Monte Carlo standard errors are
``sd / sqrt(n)`` for means and ``sqrt(p (1 - p) / n)`` for probabilities. Quantiles of votes
and turnout interpolate linearly, as :func:`numpy.quantile` does by default; those of seats are
seat totals some run had (:mod:`votebank.results.seat_bounds`): 8 or 9 seats, never 8.05.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from votebank.display import joined
from votebank.errors import InputError, Problem, integer_problem
from votebank.results.backgrounds import background_summary
from votebank.results.frames import ROUTES
from votebank.results.seat_bounds import seat_bounds_sql
from votebank.results.store import ResultsStore

NATIONAL = "national"
MOST_SEATS = 1_000_000_000
"""Bound of ``majority`` and ``closest_n``: far above any house, within the store's integers."""
ALL_PARTIES = "(all)"


def mean_se(sd: pd.Series | np.ndarray | float, n: pd.Series | np.ndarray | int) -> np.ndarray:
    """Return the Monte Carlo standard error of a mean: ``sd / sqrt(n)``."""
    return np.asarray(sd, dtype=float) / np.sqrt(np.asarray(n, dtype=float))


def prob_se(p: pd.Series | np.ndarray | float, n: pd.Series | np.ndarray | int) -> np.ndarray:
    """Return the Monte Carlo standard error of a probability: ``sqrt(p (1 - p) / n)``."""
    p = np.asarray(p, dtype=float)
    return np.sqrt(p * (1.0 - p) / np.asarray(n, dtype=float))


def seat_summary(
    store: ResultsStore, ensemble_id: str, majority: int | None = None
) -> pd.DataFrame:
    """Summarise seats per party across the runs of an ensemble.

    A party absent from a run's ``seats`` table counts as winning no seats in it.

    Args:
        store: An open results store.
        ensemble_id: The ensemble.
        majority: Seats needed for a majority; default more than half of the house
            (the sum of ``total`` over parties) in each run.

    Returns:
        One row per party, by descending mean total: ``party, runs``, then for ``general`` and
        ``total`` each ``_mean, _mean_se, _sd, _q05, _q95``, then ``women_mean,
        non_muslim_mean, p_majority, p_majority_se, p_largest, p_largest_se``, and
        ``at_poll_mean, at_poll_q05, at_poll_q95``: general seats won on polling day
        (``general`` counts them after independents join parties and by-elections).
        P(largest) shares ties: each of k tied parties gets 1/k.
    """
    store.require_runs(ensemble_id)
    has_majority = "2 * total > house" if majority is None else "total >= $majority"
    params: dict[str, object] = {"e": ensemble_id}
    if majority is not None:
        params["majority"] = int(majority)
    stats = ",\n".join(
        f"avg({c}) AS {c}_mean, stddev_samp({c}) AS {c}_sd, {seat_bounds_sql(c, f'{c}_')}"
        for c in ("general", "total")
    )
    df = store.query(
        f"""
        WITH r AS (SELECT run_index FROM runs WHERE ensemble_id = $e),
        p AS (SELECT DISTINCT party FROM seats WHERE ensemble_id = $e),
        s AS (
            SELECT r.run_index, p.party,
                COALESCE(s.general, 0) AS general, COALESCE(s.women, 0) AS women,
                COALESCE(s.non_muslim, 0) AS non_muslim, COALESCE(s.total, 0) AS total
            FROM r CROSS JOIN p
            LEFT JOIN seats s
                ON s.ensemble_id = $e AND s.run_index = r.run_index AND s.party = p.party),
        w AS (
            SELECT *, sum(total) OVER run AS house,
                count(*) FILTER (WHERE total = top) OVER run AS n_top
            FROM (SELECT *, max(total) OVER (PARTITION BY run_index) AS top FROM s)
            WINDOW run AS (PARTITION BY run_index))
        SELECT party, count(*)::INTEGER AS runs,
            {stats},
            avg(women) AS women_mean, avg(non_muslim) AS non_muslim_mean,
            avg(CASE WHEN {has_majority} THEN 1.0 ELSE 0.0 END) AS p_majority,
            avg(CASE WHEN total = top THEN 1.0 / n_top ELSE 0.0 END) AS p_largest
        FROM w GROUP BY party
        ORDER BY total_mean DESC, party
        """,  # noqa: S608 - only fixed fragments are interpolated
        params,
    )
    for c in ("general", "total"):
        df.insert(
            df.columns.get_loc(f"{c}_mean") + 1, f"{c}_mean_se", mean_se(df[f"{c}_sd"], df.runs)
        )
    df.insert(
        df.columns.get_loc("p_majority") + 1, "p_majority_se", prob_se(df.p_majority, df.runs)
    )
    df["p_largest_se"] = prob_se(df.p_largest, df.runs)
    # General seats won on polling day, before independents join and by-elections.
    # Every run x party, 0 where the party won no seat that run, so the quantiles count zeros.
    at_poll = store.query(
        f"""
        WITH r AS (SELECT run_index FROM runs WHERE ensemble_id = $e),
        w AS (SELECT run_index, winner_party AS party, count(*) AS n
            FROM constituencies WHERE ensemble_id = $e GROUP BY ALL),
        p AS (SELECT DISTINCT party FROM w)
        SELECT p.party, avg(COALESCE(w.n, 0)) AS at_poll_mean,
            {seat_bounds_sql("COALESCE(w.n, 0)", "at_poll_")}
        FROM r CROSS JOIN p LEFT JOIN w ON w.run_index = r.run_index AND w.party = p.party
        GROUP BY p.party
        """,  # noqa: S608 - only fixed fragments are interpolated
        {"e": ensemble_id},
    )
    df = df.merge(at_poll, on="party", how="left")
    for col in ("at_poll_mean", "at_poll_q05", "at_poll_q95"):
        df[col] = df[col].fillna(0.0)
    return df


def constituency_summary(store: ResultsStore, ensemble_id: str) -> pd.DataFrame:
    """Summarise every candidate of every constituency across the runs of an ensemble.

    Returns:
        One row per candidate: ``constituency_id, constituency_name, region, candidate_id,
        candidate_name, party, runs, p_win, p_win_se, votes_mean, votes_mean_se, votes_sd,
        votes_q05, votes_q95, share_mean, turnout_mean`` (share of the constituency's valid
        votes; turnout is the constituency's mean; party is the one the candidate stood for in
        most runs, ties to the earliest), ordered by constituency then ``p_win``.
    """
    store.require_runs(ensemble_id)
    df = store.query(
        """
        WITH k AS (
            SELECT k.constituency_id, k.candidate_id, k.name, k.party, k.votes, k.elected,
                k.votes::DOUBLE / NULLIF(c.valid, 0) AS share
            FROM candidates k JOIN constituencies c USING (ensemble_id, run_index, constituency_id)
            WHERE k.ensemble_id = $e AND c.ensemble_id = $e),
        -- Electables can move a candidate between runs: show the party of most runs
        -- (ties to the earliest run), never whichever row the store holds first.
        moved AS (
            SELECT constituency_id, candidate_id, party, count(*) AS n,
                min(run_index) AS first
            FROM candidates WHERE ensemble_id = $e GROUP BY ALL),
        party AS (
            SELECT constituency_id, candidate_id, arg_max(party, (n, -first)) AS party
            FROM moved GROUP BY ALL),
        cand AS (
            SELECT constituency_id, candidate_id, any_value(name) AS candidate_name,
                count(*)::INTEGER AS runs,
                avg(elected::DOUBLE) AS p_win, avg(votes) AS votes_mean,
                stddev_samp(votes) AS votes_sd, quantile_cont(votes, 0.05) AS votes_q05,
                quantile_cont(votes, 0.95) AS votes_q95, avg(share) AS share_mean
            FROM k GROUP BY constituency_id, candidate_id),
        seat AS (
            SELECT constituency_id, any_value(name) AS constituency_name,
                any_value(region) AS region, avg(turnout) AS turnout_mean
            FROM constituencies WHERE ensemble_id = $e GROUP BY constituency_id)
        SELECT seat.constituency_id, constituency_name, region, candidate_id, candidate_name,
            party, runs, p_win, votes_mean, votes_sd, votes_q05, votes_q95, share_mean,
            turnout_mean
        FROM cand JOIN seat USING (constituency_id)
            JOIN party USING (constituency_id, candidate_id)
        ORDER BY constituency_id, p_win DESC, votes_mean DESC, candidate_id
        """,
        {"e": ensemble_id},
    )
    df.insert(df.columns.get_loc("p_win") + 1, "p_win_se", prob_se(df.p_win, df.runs))
    df.insert(df.columns.get_loc("votes_mean") + 1, "votes_mean_se", mean_se(df.votes_sd, df.runs))
    return df


def turnout_summary(
    store: ResultsStore, ensemble_id: str, *, by_region: bool = False
) -> pd.DataFrame:
    """Summarise turnout (ballots over registered voters, pooled over seats) across runs.

    Args:
        store: An open results store.
        ensemble_id: The ensemble.
        by_region: One row per region instead of one national row.

    Returns:
        ``region`` (``"national"`` unless by region), ``runs, mean, mean_se, sd, q05, q50,
        q95``.
    """
    store.require_runs(ensemble_id)
    key = "region" if by_region else f"'{NATIONAL}'"
    df = store.query(
        f"""
        WITH t AS (
            SELECT {key} AS region, run_index,
                sum(ballots)::DOUBLE / NULLIF(sum(registered), 0) AS turnout
            FROM constituencies WHERE ensemble_id = $e GROUP BY ALL)
        SELECT region, count(turnout)::INTEGER AS runs, avg(turnout) AS mean,
            stddev_samp(turnout) AS sd, quantile_cont(turnout, 0.05) AS q05,
            quantile_cont(turnout, 0.5) AS q50, quantile_cont(turnout, 0.95) AS q95
        FROM t GROUP BY region ORDER BY region
        """,  # noqa: S608 - only fixed fragments are interpolated
        {"e": ensemble_id},
    )
    df.insert(df.columns.get_loc("mean") + 1, "mean_se", mean_se(df.sd, df.runs))
    return df


def provenance_summary(
    store: ResultsStore, ensemble_id: str, *, by_party: bool = False
) -> pd.DataFrame:
    """Summarise the share of votes that came by each route (own, clan, landlord, ...).

    In each run the share of a route is its votes over all votes (of the party, if by party);
    the summary is the mean of that share across runs.

    Args:
        store: An open results store.
        ensemble_id: The ensemble.
        by_party: One set of routes per party instead of one over all votes.

    Returns:
        ``party`` (``"(all)"`` unless by party), ``route, runs, share_mean, share_se,
        share_sd, votes_mean`` (the party's mean votes in a run, whose shares these are),
        routes in :data:`~votebank.results.frames.ROUTES` order.
    """
    store.require_runs(ensemble_id)
    key = "party" if by_party else f"'{ALL_PARTIES}'"
    sums = ", ".join(f"sum(votes_{r}) AS {r}" for r in ROUTES)
    df = store.query(
        f"""
        WITH r AS (
            SELECT {key} AS party, run_index, sum(votes) AS total, {sums}
            FROM candidates WHERE ensemble_id = $e GROUP BY ALL),
        u AS (UNPIVOT r ON {", ".join(ROUTES)} INTO NAME route VALUE votes),
        s AS (SELECT party, route, total, votes::DOUBLE / NULLIF(total, 0) AS share FROM u)
        SELECT party, route, count(share)::INTEGER AS runs, avg(share) AS share_mean,
            stddev_samp(share) AS share_sd, avg(total) AS votes_mean
        FROM s GROUP BY party, route
        """,  # noqa: S608 - only fixed fragments are interpolated
        {"e": ensemble_id},
    )
    df.insert(df.columns.get_loc("share_mean") + 1, "share_se", mean_se(df.share_sd, df.runs))
    df["route"] = pd.Categorical(df.route, categories=list(ROUTES), ordered=True)
    df = df.sort_values(["party", "route"], ignore_index=True)
    df["route"] = df.route.astype(str)
    return df


def closest_seats(
    store: ResultsStore,
    ensemble_id: str,
    n: int = 10,
    *,
    by: Literal["probability", "margin"] = "probability",
) -> pd.DataFrame:
    """Return the most contested seats of an ensemble.

    Args:
        store: An open results store.
        ensemble_id: The ensemble.
        n: How many seats.
        by: ``"probability"``: the leading party's win probability nearest 0.5 (then smallest
            mean margin); ``"margin"``: smallest mean margin as a share of valid votes.

    Returns:
        ``constituency_id, name, region, runs, leader_party, p_leader, p_leader_se,
        challenger_party, p_challenger, margin_mean, margin_share_mean, ties`` where the leader
        is the party winning most often and the challenger the next (or, if no other party
        ever wins, the most frequent runner-up: a tie to a named party, then by name).

    Raises:
        InputError: If ``by`` is not one of the two orders.
    """
    orders = {
        "probability": "abs(p_leader - 0.5), margin_share_mean, constituency_id",
        "margin": "margin_share_mean, abs(p_leader - 0.5), constituency_id",
    }
    if by not in orders:
        raise InputError(
            [Problem("closest seats", "by", repr(by), f"choose one of {joined(orders)}")]
        )
    store.require_runs(ensemble_id)
    df = store.query(
        f"""
        WITH seat AS (
            SELECT constituency_id, any_value(name) AS name, any_value(region) AS region,
                count(*)::INTEGER AS runs, avg(margin) AS margin_mean,
                avg(margin::DOUBLE / NULLIF(valid, 0)) AS margin_share_mean,
                sum(tie_by_lot::INTEGER)::INTEGER AS ties
            FROM constituencies WHERE ensemble_id = $e GROUP BY constituency_id),
        -- The most frequent runner-up; a tie goes to a named party, then the first by name
        -- (mode() took whichever row the store held first, which the workers change).
        ru AS (
            SELECT constituency_id, runner_up_party AS runner_up,
                row_number() OVER (
                    PARTITION BY constituency_id
                    ORDER BY count(*) DESC, runner_up_party = '', runner_up_party) AS rk
            FROM constituencies WHERE ensemble_id = $e
            GROUP BY constituency_id, runner_up_party),
        w AS (
            SELECT constituency_id, winner_party, count(*) AS wins,
                row_number() OVER (
                    PARTITION BY constituency_id ORDER BY count(*) DESC, winner_party) AS rk
            FROM constituencies WHERE ensemble_id = $e GROUP BY constituency_id, winner_party),
        joined AS (
            SELECT seat.*, l.winner_party AS leader_party, l.wins / seat.runs AS p_leader,
                COALESCE(c.winner_party, ru.runner_up) AS challenger_party,
                COALESCE(c.wins, 0) / seat.runs AS p_challenger
            FROM seat
            JOIN w l ON l.constituency_id = seat.constituency_id AND l.rk = 1
            JOIN ru ON ru.constituency_id = seat.constituency_id AND ru.rk = 1
            LEFT JOIN w c ON c.constituency_id = seat.constituency_id AND c.rk = 2)
        SELECT constituency_id, name, region, runs, leader_party, p_leader, challenger_party,
            p_challenger, margin_mean, margin_share_mean, ties
        FROM joined ORDER BY {orders[by]} LIMIT $n
        """,  # noqa: S608 - only fixed fragments are interpolated
        {"e": ensemble_id, "n": int(n)},
    )
    df.insert(df.columns.get_loc("p_leader") + 1, "p_leader_se", prob_se(df.p_leader, df.runs))
    return df


@dataclass(frozen=True)
class EnsembleSummary:
    """Every summary of one ensemble.

    Attributes:
        ensemble_id: The ensemble.
        runs: Number of runs summarised.
        majority: Seats needed for a majority, or None for more than half the house.
        seats: :func:`seat_summary`.
        constituencies: :func:`constituency_summary`.
        turnout: :func:`turnout_summary`, national.
        turnout_by_region: :func:`turnout_summary` by region.
        provenance: :func:`provenance_summary` over all votes.
        provenance_by_party: :func:`provenance_summary` per party.
        closest: :func:`closest_seats`.
        backgrounds: :func:`background_summary`.
    """

    ensemble_id: str
    runs: int
    majority: int | None
    # Each table is shown by its own cell: the repr printed them all, cut off mid-row.
    seats: pd.DataFrame = field(repr=False)
    constituencies: pd.DataFrame = field(repr=False)
    turnout: pd.DataFrame = field(repr=False)
    turnout_by_region: pd.DataFrame = field(repr=False)
    provenance: pd.DataFrame = field(repr=False)
    provenance_by_party: pd.DataFrame = field(repr=False)
    closest: pd.DataFrame = field(repr=False)
    backgrounds: pd.DataFrame = field(repr=False)


def summarize(
    store: ResultsStore,
    ensemble_id: str,
    majority: int | None = None,
    *,
    closest_n: int = 10,
) -> EnsembleSummary:
    """Compute every summary of an ensemble.

    Args:
        store: An open results store.
        ensemble_id: The ensemble.
        majority: Seats needed for a majority; default more than half the house.
        closest_n: How many of the closest seats to list.

    Raises:
        InputError: ``majority`` or ``closest_n`` is not a whole number of seats.
    """
    problems = [
        integer_problem("majority", majority, 1, MOST_SEATS, optional=True),
        integer_problem("closest_n", closest_n, 0, MOST_SEATS),
    ]
    if not isinstance(store, ResultsStore):  # a path failed with "'str' object has no attribute"
        why = "give an open store: with ResultsStore(path, read_only=True) as store: ..."
        problems.insert(0, Problem("store", "", repr(store)[:80], why))
    if any(problems):
        raise InputError([p for p in problems if p])
    runs = store.require_runs(ensemble_id)
    return EnsembleSummary(
        ensemble_id=ensemble_id,
        runs=runs,
        majority=majority,
        seats=seat_summary(store, ensemble_id, majority),
        constituencies=constituency_summary(store, ensemble_id),
        turnout=turnout_summary(store, ensemble_id),
        turnout_by_region=turnout_summary(store, ensemble_id, by_region=True),
        provenance=provenance_summary(store, ensemble_id),
        provenance_by_party=provenance_summary(store, ensemble_id, by_party=True),
        closest=closest_seats(store, ensemble_id, closest_n),
        backgrounds=background_summary(store, ensemble_id),
    )
