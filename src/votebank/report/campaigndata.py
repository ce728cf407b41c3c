"""The report's canvass returns and by-elections data (None when the ensemble stored none)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from votebank.display import natural_key
from votebank.results.store import ResultsStore


def canvass_data(store: ResultsStore, eid: str, runs: int) -> dict[str, Any] | None:
    """Canvass contacts and stated support per party, mean per run; None without canvass."""
    df = store.query(
        """
        SELECT party, count(DISTINCT constituency_id)::INTEGER AS seats,
            sum(contacts)::DOUBLE / $runs AS contacts_mean,
            sum(stated_support)::DOUBLE / $runs AS support_mean,
            sum(stated_other)::DOUBLE / $runs AS other_mean
        FROM canvass WHERE ensemble_id = $e GROUP BY party ORDER BY contacts_mean DESC, party
        """,
        {"e": eid, "runs": runs},
    )
    if df.empty:
        return None
    return {
        "parties": [
            {
                "party": str(r.party),
                "seats": int(r.seats),
                "contacts_mean": float(r.contacts_mean),
                "support_mean": float(r.support_mean),
                "other_mean": float(r.other_mean),
            }
            for r in df.itertuples(index=False)
        ]
    }


def byelections_data(store: ResultsStore, eid: str, runs: int) -> dict[str, Any] | None:
    """Per seat: how often a by-election was held there and who won it; None without any."""
    df = store.query(
        """
        WITH b AS (SELECT * FROM byelections WHERE ensemble_id = $e),
        names AS (SELECT constituency_id, any_value(name) AS name FROM constituencies
            WHERE ensemble_id = $e GROUP BY constituency_id)
        SELECT b.constituency_id, any_value(names.name) AS name, b.winner_party,
            count(*)::INTEGER AS n, avg(b.turnout) AS turnout_mean
        FROM b LEFT JOIN names USING (constituency_id)
        GROUP BY b.constituency_id, b.winner_party
        ORDER BY b.constituency_id, n DESC, b.winner_party
        """,
        {"e": eid},
    )
    if df.empty:
        return None
    seats = []
    for cid, group in sorted(df.groupby("constituency_id"), key=lambda g: natural_key(g[0])):
        held = int(group["n"].sum())
        seats.append(
            {
                "id": str(cid),
                "name": str(group["name"].iloc[0]) if pd.notna(group["name"].iloc[0]) else "",
                "p_held": held / runs,
                "turnout_mean": float(np.average(group["turnout_mean"], weights=group["n"])),
                "winners": [
                    {"party": str(r.winner_party), "p": int(r.n) / held}
                    for r in group.itertuples(index=False)
                ],
            }
        )
    return {"runs": runs, "seats": seats}
