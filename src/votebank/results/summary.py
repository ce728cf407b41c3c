"""Ensemble summaries: seats, constituencies, turnout, vote provenance and the closest seats.

Every summary is one SQL aggregate over the store, so memory stays bounded however many runs
an ensemble holds; polling-station rows are never read. Monte Carlo standard errors are
``sd / sqrt(n)`` for means and ``sqrt(p (1 - p) / n)`` for probabilities. Quantiles interpolate
linearly, as :func:`numpy.quantile` does by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from votebank.display import DataTable as Table
from votebank.errors import InputError, Problem, StoreError
from votebank.results.frames import ROUTES
from votebank.results.store import ResultsStore

NATIONAL = "national"
ALL_PARTIES = "(all)"


def mean_se(sd: pd.Series | np.ndarray | float, n: pd.Series | np.ndarray | int) -> np.ndarray:
    """Return the Monte Carlo standard error of a mean: ``sd / sqrt(n)``."""
    return np.asarray(sd, dtype=float) / np.sqrt(np.asarray(n, dtype=float))


def prob_se(p: pd.Series | np.ndarray | float, n: pd.Series | np.ndarray | int) -> np.ndarray:
    """Return the Monte Carlo standard error of a probability: ``sqrt(p (1 - p) / n)``."""
    p = np.asarray(p, dtype=float)
    return np.sqrt(p * (1.0 - p) / np.asarray(n, dtype=float))


def _require_runs(store: ResultsStore, ensemble_id: str) -> int:
    store.require_ensemble(ensemble_id)
    n = store.n_runs(ensemble_id)
    if n == 0:
        raise StoreError(f"ensemble {ensemble_id} in {store.path} has no stored runs yet")
    return n


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
        ``at_poll_mean``: general seats won on polling day (``general`` counts them after
        independents join parties and by-elections). P(largest) shares ties: each of k tied
        parties gets 1/k.
    """
    _require_runs(store, ensemble_id)
    has_majority = "2 * total > house" if majority is None else "total >= $majority"
    params: dict[str, object] = {"e": ensemble_id}
    if majority is not None:
        params["majority"] = int(majority)
    stats = ",\n".join(
        f"avg({c}) AS {c}_mean, stddev_samp({c}) AS {c}_sd, "
        f"quantile_cont({c}, 0.05) AS {c}_q05, quantile_cont({c}, 0.95) AS {c}_q95"
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
    at_poll = store.query(
        """
        WITH r AS (SELECT count(*) AS n FROM runs WHERE ensemble_id = $e)
        SELECT winner_party AS party, count(*)::DOUBLE / any_value(r.n) AS at_poll_mean
        FROM constituencies, r WHERE ensemble_id = $e GROUP BY winner_party
        """,
        {"e": ensemble_id},
    )
    df = df.merge(at_poll, on="party", how="left")
    df["at_poll_mean"] = df["at_poll_mean"].fillna(0.0)
    return df


def constituency_summary(store: ResultsStore, ensemble_id: str) -> pd.DataFrame:
    """Summarise every candidate of every constituency across the runs of an ensemble.

    Returns:
        One row per candidate: ``constituency_id, constituency_name, region, candidate_id,
        candidate_name, party, runs, p_win, p_win_se, votes_mean, votes_mean_se, votes_sd,
        votes_q05, votes_q95, share_mean, turnout_mean`` (share of the constituency's valid
        votes; turnout is the constituency's mean), ordered by constituency then ``p_win``.
    """
    _require_runs(store, ensemble_id)
    df = store.query(
        """
        WITH k AS (
            SELECT k.constituency_id, k.candidate_id, k.name, k.party, k.votes, k.elected,
                k.votes::DOUBLE / NULLIF(c.valid, 0) AS share
            FROM candidates k JOIN constituencies c USING (ensemble_id, run_index, constituency_id)
            WHERE k.ensemble_id = $e AND c.ensemble_id = $e),
        cand AS (
            SELECT constituency_id, candidate_id, any_value(name) AS candidate_name,
                any_value(party) AS party, count(*)::INTEGER AS runs,
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
    _require_runs(store, ensemble_id)
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
        share_sd``, routes in :data:`~votebank.results.frames.ROUTES` order.
    """
    _require_runs(store, ensemble_id)
    key = "party" if by_party else f"'{ALL_PARTIES}'"
    sums = ", ".join(f"sum(votes_{r}) AS {r}" for r in ROUTES)
    df = store.query(
        f"""
        WITH r AS (
            SELECT {key} AS party, run_index, sum(votes) AS total, {sums}
            FROM candidates WHERE ensemble_id = $e GROUP BY ALL),
        u AS (UNPIVOT r ON {", ".join(ROUTES)} INTO NAME route VALUE votes),
        s AS (SELECT party, route, votes::DOUBLE / NULLIF(total, 0) AS share FROM u)
        SELECT party, route, count(share)::INTEGER AS runs, avg(share) AS share_mean,
            stddev_samp(share) AS share_sd
        FROM s GROUP BY party, route
        """,  # noqa: S608 - only fixed fragments are interpolated
        {"e": ensemble_id},
    )
    df.insert(df.columns.get_loc("share_mean") + 1, "share_se", mean_se(df.share_sd, df.runs))
    df["route"] = pd.Categorical(df.route, categories=list(ROUTES), ordered=True)
    df = df.sort_values(["party", "route"], ignore_index=True)
    df["route"] = df.route.astype(str)
    return df


def background_summary(store: ResultsStore, ensemble_id: str) -> pd.DataFrame:
    """Seats won by candidates of each background (feudal, middle class, ...) across runs.

    Returns:
        ``background, runs, seats_mean, seats_se, seats_sd, q05, q95`` (general seats, as
        declared on polling day).
    """
    runs = _require_runs(store, ensemble_id)
    df = store.query(
        """
        WITH b AS (SELECT DISTINCT background FROM candidates WHERE ensemble_id = $e),
        r AS (SELECT DISTINCT run_index FROM runs WHERE ensemble_id = $e),
        w AS (SELECT run_index, background, count(*) AS seats FROM candidates
              WHERE ensemble_id = $e AND elected GROUP BY ALL),
        g AS (SELECT b.background, r.run_index, coalesce(w.seats, 0) AS seats
              FROM b CROSS JOIN r LEFT JOIN w USING (background, run_index))
        SELECT background, count(*)::INTEGER AS runs, avg(seats) AS seats_mean,
            stddev_samp(seats) AS seats_sd, quantile_cont(seats, 0.05) AS q05,
            quantile_cont(seats, 0.95) AS q95
        FROM g GROUP BY background ORDER BY seats_mean DESC
        """,
        {"e": ensemble_id},
    )
    df.insert(df.columns.get_loc("seats_mean") + 1, "seats_se", mean_se(df.seats_sd, runs))
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
        ever wins, the most frequent runner-up).

    Raises:
        InputError: If ``by`` is not one of the two orders.
    """
    orders = {
        "probability": "abs(p_leader - 0.5), margin_share_mean, constituency_id",
        "margin": "margin_share_mean, abs(p_leader - 0.5), constituency_id",
    }
    if by not in orders:
        raise InputError(
            [Problem("closest seats", "by", repr(by), f"choose one of {list(orders)}")]
        )
    _require_runs(store, ensemble_id)
    df = store.query(
        f"""
        WITH seat AS (
            SELECT constituency_id, any_value(name) AS name, any_value(region) AS region,
                count(*)::INTEGER AS runs, avg(margin) AS margin_mean,
                avg(margin::DOUBLE / NULLIF(valid, 0)) AS margin_share_mean,
                sum(tie_by_lot::INTEGER)::INTEGER AS ties, mode(runner_up_party) AS runner_up
            FROM constituencies WHERE ensemble_id = $e GROUP BY constituency_id),
        w AS (
            SELECT constituency_id, winner_party, count(*) AS wins,
                row_number() OVER (
                    PARTITION BY constituency_id ORDER BY count(*) DESC, winner_party) AS rk
            FROM constituencies WHERE ensemble_id = $e GROUP BY constituency_id, winner_party),
        joined AS (
            SELECT seat.*, l.winner_party AS leader_party, l.wins / seat.runs AS p_leader,
                COALESCE(c.winner_party, seat.runner_up) AS challenger_party,
                COALESCE(c.wins, 0) / seat.runs AS p_challenger
            FROM seat
            JOIN w l ON l.constituency_id = seat.constituency_id AND l.rk = 1
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
    seats: pd.DataFrame
    constituencies: pd.DataFrame
    turnout: pd.DataFrame
    turnout_by_region: pd.DataFrame
    provenance: pd.DataFrame
    provenance_by_party: pd.DataFrame
    closest: pd.DataFrame
    backgrounds: pd.DataFrame


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
    """
    runs = _require_runs(store, ensemble_id)
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


# -- rendering ---------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{x:.1%}"


def _se_pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{x:.2%}"


def _num(x: float, digits: int = 1) -> str:
    return "–" if pd.isna(x) else f"{x:,.{digits}f}"


def _frame(summary: EnsembleSummary | pd.DataFrame, field: str) -> pd.DataFrame:
    return summary if isinstance(summary, pd.DataFrame) else getattr(summary, field)


def _runs_caption(summary: EnsembleSummary | pd.DataFrame) -> str | None:
    if isinstance(summary, EnsembleSummary):
        return f"ensemble {summary.ensemble_id}, {summary.runs:,} runs"
    return None


def render_seats(
    summary: EnsembleSummary | pd.DataFrame, actual: dict[str, int] | None = None
) -> Table:
    """Render the seat summary: party, mean seats (± s.e.), 5–95%, P(majority), P(largest).

    The general seats are shown twice: won at the poll (beside the actual count at the poll,
    if given) and after independents join parties and by-elections are held.

    Args:
        summary: An :class:`EnsembleSummary` or a :func:`seat_summary` frame.
        actual: Actual general (constituency) seats by party at the poll, shown beside the
            simulated seats at the poll if given (parties only in ``actual`` get a row).
    """
    df = _frame(summary, "seats")
    has_poll = "at_poll_mean" in df
    table = Table(title="Seats", caption=_runs_caption(summary), title_justify="left")
    table.add_column("Party")
    heads = ["Seats", "± s.e.", "5–95%"]
    heads += ["General at poll"] if has_poll else []
    heads += ["Actual at poll"] if actual is not None else []
    heads += ["General after joins"] if has_poll else ["General"]
    for head in (*heads, "P(majority)", "P(largest)"):
        table.add_column(head, justify="right")
    for row in df.itertuples(index=False):
        cells = [
            str(row.party),
            _num(row.total_mean),
            _num(row.total_mean_se, 2),
            f"{row.total_q05:.0f}–{row.total_q95:.0f}",
        ]
        cells += [_num(row.at_poll_mean)] if has_poll else []
        cells += [str(actual.get(row.party, 0))] if actual is not None else []
        cells.append(_num(row.general_mean))
        table.add_row(*cells, _pct(row.p_majority), _pct(row.p_largest))
    if actual is not None:
        blanks = 4 if has_poll else 3
        for party in sorted(set(actual) - set(df.party)):
            table.add_row(party, *["–"] * blanks, str(actual[party]), "–", "–", "–")
    if has_poll:
        table.caption = (
            f"{table.caption}; " if table.caption else ""
        ) + "general seats at the poll, then after independents join parties and by-elections"
    return table


def render_turnout(summary: EnsembleSummary | pd.DataFrame) -> Table:
    """Render turnout: national (and regional, if the summary has it) mean and quantiles."""
    df = _frame(summary, "turnout")
    if isinstance(summary, EnsembleSummary):
        df = pd.concat([df, summary.turnout_by_region], ignore_index=True)
    table = Table(title="Turnout", caption=_runs_caption(summary), title_justify="left")
    table.add_column("Area")
    for head in ("Mean", "± s.e.", "5%", "50%", "95%"):
        table.add_column(head, justify="right")
    for row in df.itertuples(index=False):
        table.add_row(
            str(row.region),
            _pct(row.mean),
            _se_pct(row.mean_se),
            _pct(row.q05),
            _pct(row.q50),
            _pct(row.q95),
        )
    return table


def render_provenance(summary: EnsembleSummary | pd.DataFrame, max_parties: int = 6) -> Table:
    """Render vote provenance: share of votes by route, overall and for the leading parties.

    Args:
        summary: An :class:`EnsembleSummary` (overall plus per party, parties in seat order),
            or a :func:`provenance_summary` frame.
        max_parties: At most this many party columns.
    """
    if isinstance(summary, EnsembleSummary):
        df = pd.concat([summary.provenance, summary.provenance_by_party], ignore_index=True)
        parties = [p for p in summary.seats.party if p in set(df.party)][:max_parties]
    else:
        df = summary
        parties = [p for p in dict.fromkeys(df.party) if p != ALL_PARTIES][:max_parties]
    wide = df.pivot(index="route", columns="party", values="share_mean")
    wide = wide.reindex(index=[r for r in ROUTES if r in wide.index])
    overall = df[df.party == ALL_PARTIES].set_index("route")
    table = Table(title="Votes by route", caption=_runs_caption(summary), title_justify="left")
    table.add_column("Route")
    if not overall.empty:
        table.add_column("All votes", justify="right")
        table.add_column("± s.e.", justify="right")
    for party in parties:
        table.add_column(str(party), justify="right")
    for route in wide.index:
        cells = [route]
        if not overall.empty:
            cells += [_pct(overall.share_mean[route]), _se_pct(overall.share_se[route])]
        cells += [_pct(wide.at[route, p]) for p in parties]
        table.add_row(*cells)
    return table


SYNTHETIC_BACKGROUNDS = (
    "backgrounds are SYNTHETIC: random draws of the scenario's builder, not the candidates' "
    "real backgrounds; this table shows the draw, not the election"
)


def render_backgrounds(summary: EnsembleSummary | pd.DataFrame, synthetic: bool = False) -> Table:
    """Render seats won by candidates' background (who wins: feudals or the middle class).

    Args:
        summary: An :class:`EnsembleSummary` or a backgrounds frame.
        synthetic: The backgrounds are random draws (``[scenario] synthetic``): say so.
    """
    df = _frame(summary, "backgrounds")
    caption = _runs_caption(summary)
    if synthetic:
        caption = f"{caption}; {SYNTHETIC_BACKGROUNDS}" if caption else SYNTHETIC_BACKGROUNDS
    title = "Winners by background" + (" (synthetic backgrounds)" if synthetic else "")
    table = Table(title=title, caption=caption, title_justify="left")
    table.add_column("Background")
    for head in ("Seats", "± s.e.", "5–95%"):
        table.add_column(head, justify="right")
    for row in df.itertuples(index=False):
        table.add_row(
            str(row.background).replace("_", " "),
            _num(row.seats_mean),
            _num(row.seats_se, 2),
            f"{row.q05:.0f}–{row.q95:.0f}",
        )
    return table


def render_candidates(
    summary: EnsembleSummary | pd.DataFrame, actual: dict[str, int] | None = None
) -> Table:
    """Render every candidate's simulated votes (mean, 5–95%) and P(win), beside real votes.

    Args:
        summary: An :class:`EnsembleSummary` or a :func:`constituency_summary` frame.
        actual: Real votes by candidate id, where known.
    """
    df = _frame(summary, "constituencies")
    table = Table(title="Candidates", caption=_runs_caption(summary), title_justify="left")
    for head in ("Seat", "Candidate", "Party"):
        table.add_column(head)
    heads = ["Votes", "± s.e.", "5–95%", "P(win)"] + (
        ["Real votes", "Real in 5–95%"] if actual else []
    )
    for head in heads:
        table.add_column(head, justify="right")
    for row in df.itertuples(index=False):
        cells = [
            str(row.constituency_id),
            str(row.candidate_name),
            str(row.party),
            _num(row.votes_mean, 0),
            _num(row.votes_mean_se, 0),
            f"{row.votes_q05:,.0f}–{row.votes_q95:,.0f}",
            _pct(row.p_win),
        ]
        if actual:
            real = actual.get(row.candidate_id)
            inside = real is not None and row.votes_q05 <= real <= row.votes_q95
            cells += [
                "–" if real is None else f"{real:,}",
                "–" if real is None else ("yes" if inside else "no"),
            ]
        table.add_row(*cells)
    return table


def render_closest(summary: EnsembleSummary | pd.DataFrame) -> Table:
    """Render the closest seats: leader and challenger with win probabilities, mean margin."""
    df = _frame(summary, "closest")
    table = Table(title="Closest seats", caption=_runs_caption(summary), title_justify="left")
    table.add_column("Seat")
    table.add_column("Name")
    table.add_column("Leader")
    table.add_column("P(win)", justify="right")
    table.add_column("Challenger")
    table.add_column("P(win)", justify="right")
    table.add_column("Mean margin", justify="right")
    table.add_column("Margin %", justify="right")
    for row in df.itertuples(index=False):
        table.add_row(
            str(row.constituency_id),
            str(row.name),
            str(row.leader_party),
            _pct(row.p_leader),
            "–" if pd.isna(row.challenger_party) else str(row.challenger_party),
            _pct(row.p_challenger),
            _num(row.margin_mean, 0),
            _pct(row.margin_share_mean),
        )
    return table
