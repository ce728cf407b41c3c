"""The report's seat rows: one per constituency, in natural seat-id order, with its candidates."""

from __future__ import annotations

from typing import Any

import pandas as pd

from votebank.display import natural_key
from votebank.results.store import ResultsStore


def constituency_rows(store: ResultsStore, eid: str, cand: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per seat: leader, challenger and every candidate's P(win), margin, turnout."""
    seats = store.query(
        "SELECT constituency_id, avg(margin) AS margin_mean,"
        " avg(margin::DOUBLE / NULLIF(valid, 0)) AS margin_share, avg(registered) AS registered,"
        " sum(tie_by_lot::INTEGER)::INTEGER AS ties"
        " FROM constituencies WHERE ensemble_id = ? GROUP BY constituency_id",
        [eid],
    ).set_index("constituency_id")
    out = []
    # constituency_summary orders candidates by P(win), then mean votes, within each seat;
    # add_seat_details puts the leader first (seatdata.leader_first).
    for cid, group in sorted(cand.groupby("constituency_id"), key=lambda g: natural_key(g[0])):
        people = [
            {
                "id": str(k.candidate_id),
                "name": str(k.candidate_name),
                "party": str(k.party),
                "p_win": float(k.p_win),
                "share": float(k.share_mean),
            }
            for k in group.itertuples(index=False)
        ]
        first = group.iloc[0]
        s = seats.loc[cid]
        out.append(
            {
                "id": str(cid),
                "name": str(first.constituency_name),
                "region": str(first.region),
                "registered": float(s.registered),
                "turnout": float(first.turnout_mean),
                "margin_mean": float(s.margin_mean),
                "margin_share": float(s.margin_share),
                "ties": int(s.ties),
                "candidates": people,
            }
        )
    return out
