"""Per-seat figures for the report's map and seat pages, aggregated in DuckDB.

For every constituency: the party that wins it most often and each party's probability of
winning it, the turnout's 5-95 % interval, each candidate's vote-share interval, how the
winners' votes came (by route), and, where ``votebank explain --all`` stored them, the deciding
routes (P(the winner changes) with each mechanism switched off, with its standard error).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from votebank.results.deciding import DECIDES, read_deciding
from votebank.results.frames import ROUTES
from votebank.results.store import ResultsStore


def add_seat_details(store: ResultsStore, eid: str, seats: list[dict[str, Any]]) -> dict | None:
    """Add the map's and the seat pages' figures to each seat dict of the report.

    Each seat gets ``winner``, ``p_winner``, ``parties``, ``turnout_q05/q95``, ``routes`` and
    (when stored) ``deciding`` and ``decided_by``; each candidate ``share_q05/q95``. The
    candidates are put in :func:`leader_first` order.

    Returns:
        The deciding routes' overview (runs, mechanisms, seats each decides), or None when
        none are stored.
    """
    winners = store.query(
        "SELECT constituency_id, winner_party AS party, count(*)::DOUBLE AS n"
        " FROM constituencies WHERE ensemble_id = ? GROUP BY ALL",
        [eid],
    )
    turnout = store.query(
        "SELECT constituency_id, quantile_cont(turnout, 0.05) AS q05,"
        " quantile_cont(turnout, 0.95) AS q95 FROM constituencies WHERE ensemble_id = ?"
        " GROUP BY constituency_id",
        [eid],
    ).set_index("constituency_id")
    shares = store.query(
        """
        SELECT k.constituency_id, k.candidate_id,
            quantile_cont(k.votes::DOUBLE / NULLIF(c.valid, 0), 0.05) AS q05,
            quantile_cont(k.votes::DOUBLE / NULLIF(c.valid, 0), 0.95) AS q95
        FROM candidates k JOIN constituencies c USING (ensemble_id, run_index, constituency_id)
        WHERE k.ensemble_id = ? GROUP BY ALL
        """,
        [eid],
    ).set_index(["constituency_id", "candidate_id"])
    sums = ", ".join(f"sum(votes_{r})::DOUBLE / NULLIF(sum(votes), 0) AS {r}" for r in ROUTES)
    routes = store.query(
        f"SELECT constituency_id, {sums} FROM candidates"  # noqa: S608 - fixed route names
        " WHERE ensemble_id = ? AND elected GROUP BY constituency_id",
        [eid],
    ).set_index("constituency_id")
    deciding = read_deciding(store, eid)
    by_seat = dict(list(deciding.groupby("constituency_id"))) if deciding is not None else {}
    # The tie-break of `votebank summary` (closest_seats): most wins, then the party id.
    won = {
        cid: g.sort_values(["n", "party"], ascending=[False, True])
        for cid, g in winners.groupby("constituency_id")
    }
    for s in seats:
        cid = s["id"]
        g = won.get(cid)
        if g is not None and len(g):
            total = float(g["n"].sum())
            s["parties"] = {str(p): _r(n / total) for p, n in zip(g["party"], g["n"], strict=True)}
            s["winner"] = str(g["party"].iloc[0])
            s["p_winner"] = float(g["n"].iloc[0]) / total
            s["candidates"] = leader_first(s["candidates"], s["winner"])
        if cid in turnout.index:
            s["turnout_q05"] = _r(turnout.at[cid, "q05"])
            s["turnout_q95"] = _r(turnout.at[cid, "q95"])
        for c in s["candidates"]:
            key = (cid, c.pop("id", None))  # the id only joins the intervals: not embedded
            if key in shares.index:
                c["share_q05"] = _r(shares.at[key, "q05"])
                c["share_q95"] = _r(shares.at[key, "q95"])
        if cid in routes.index:
            row = routes.loc[cid]
            s["routes"] = {r: _r(row[r]) for r in ROUTES if pd.notna(row[r]) and row[r] > 0}
        d = by_seat.get(cid)
        if d is not None:
            s["deciding"] = [
                {
                    "mechanism": str(r.mechanism),
                    "p": _r(r.p_changed),
                    "se": _r(r.p_changed_se) if pd.notna(r.p_changed_se) else None,
                    # The usual winner of the paired runs themselves (the first N of the
                    # ensemble), which need not be the seat's leader over all its runs.
                    "with": str(r.winner_with or ""),
                    "without": str(r.winner_without or ""),
                }
                for r in d.sort_values(
                    ["p_changed", "mechanism"], ascending=[False, True]
                ).itertuples()
            ]
            top = s["deciding"][0] if s["deciding"] else None
            s["decided_by"] = top["mechanism"] if top and top["p"] >= DECIDES else ""
    if deciding is None:
        return None
    mechanisms = sorted(set(deciding["mechanism"]))
    return {
        "runs": int(deciding["runs"].max()),
        "mechanisms": mechanisms,
        "threshold": DECIDES,
        "decides": {
            m: int((deciding[(deciding["mechanism"] == m)]["p_changed"] >= DECIDES).sum())
            for m in mechanisms
        },
    }


def leader_first(candidates: list[dict[str, Any]], winner: str) -> list[dict[str, Any]]:
    """Candidates by P(win), ties in the given order; the leader first, whatever its P(win).

    The store gives them by P(win), then mean votes, so a seat's challenger among candidates
    who never win is the one with the most votes, as in `votebank summary`'s candidates.

    The leader is the most often elected candidate of ``winner``, the party that wins the seat
    most often: so the table, the seat page, the map and `votebank summary` name one party even
    where parties tie or a party's wins are split between its candidates.
    """
    ranked = sorted(candidates, key=lambda c: -c["p_win"])  # stable: votes next
    lead = next((c for c in ranked if c["party"] == winner), None)
    return ranked if lead is None else [lead] + [c for c in ranked if c is not lead]


def _r(x: float) -> float:
    """A share or probability to four decimals: ample for a page, and keeps the file small."""
    return round(float(x), 4)
