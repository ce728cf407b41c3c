"""The report's "The house" data: seats by party over the runs, beside the actual result."""

from __future__ import annotations

from typing import Any

import pandas as pd

from votebank.results.store import ResultsStore


def house_data(store: ResultsStore, eid: str, seats: pd.DataFrame, meta: dict) -> dict[str, Any]:
    """The house's size and majority, and per party its seat intervals, P(majority), actual."""
    sizes = store.connection.execute(
        "SELECT avg(h), min(h), max(h), avg(g) FROM (SELECT run_index, sum(total) AS h,"
        " sum(general) AS g FROM seats WHERE ensemble_id = ? GROUP BY run_index)",
        [eid],
    ).fetchone()
    house, house_min, house_max, general = sizes
    majority = meta.get("majority")
    actual = {str(k): int(v) for k, v in (meta.get("actual_seats") or {}).items()}
    rows = []
    for r in seats.itertuples(index=False):
        rows.append(
            {
                "party": str(r.party),
                **{
                    f"{c}_{s}": float(getattr(r, f"{c}_{s}"))
                    for c in ("total", "general")
                    for s in ("mean", "q05", "q95")
                },
                # Polling day's general seats: what `actual` counts (general_* count them
                # after independents join parties and after by-elections).
                "at_poll_mean": float(r.at_poll_mean),
                "at_poll_q05": float(r.at_poll_q05),
                "at_poll_q95": float(r.at_poll_q95),
                "women_mean": float(r.women_mean),
                "non_muslim_mean": float(r.non_muslim_mean),
                "p_majority": float(r.p_majority),
                "p_largest": float(r.p_largest),
                "actual": actual.get(str(r.party)),
            }
        )
    for pid, n in actual.items():  # parties that won for real but never in a run
        if pid not in set(seats["party"].astype(str)):
            zero = dict.fromkeys(rows[0] if rows else ("total_mean", "general_mean"), 0.0)
            rows.append({**zero, "party": pid, "actual": n})
    return {
        "size": float(house or 0),
        "size_range": [int(house_min or 0), int(house_max or 0)],
        "general_size": float(general or 0),
        "majority": int(majority) if majority else round(house or 0) // 2 + 1,
        "majority_given": bool(majority),
        "actual_total": sum(actual.values()) if actual else None,
        "parties": rows,
    }
