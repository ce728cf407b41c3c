"""Winners by background (feudal, dynastic, middle class, religious), sourced apart from drawn.

A candidate's background is either taken from a public source (the scenario's candidate table
names it in ``background_source``) or not (a synthetic draw of the scenario's builder, or a
label given without a source). The two are never added up: a count over drawn labels reports
the seed, not the election, so every row says which kind it counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.results.seat_bounds import seat_bounds_sql
from votebank.results.store import ResultsStore

COLUMNS = ("background", "sourced", "runs", "seats_mean", "seats_se", "seats_sd", "q05", "q95")


def background_summary(store: ResultsStore, ensemble_id: str) -> pd.DataFrame:
    """Seats won by candidates of each background across runs, sourced and unsourced apart.

    Returns:
        ``background, sourced, runs, seats_mean, seats_se, seats_sd, q05, q95`` (general
        seats, as declared on polling day), sourced rows first. A store written before the
        ``background_sourced`` column existed counts every background as unsourced, and one
        written before the ``background`` column existed counts its winners as ``unknown``.
    """
    runs = store.require_runs(ensemble_id)
    cols = set(store.connection.execute("SELECT * FROM candidates LIMIT 0").df().columns)
    flag = "background_sourced" if "background_sourced" in cols else "false"
    # Runs stored before candidates had a background read it as NULL, which no join matches.
    known = "coalesce(background, 'unknown') AS background"
    df = store.query(
        f"""
        WITH b AS (SELECT DISTINCT {known}, {flag} AS sourced FROM candidates
                   WHERE ensemble_id = $e),
        r AS (SELECT DISTINCT run_index FROM runs WHERE ensemble_id = $e),
        w AS (SELECT run_index, {known}, {flag} AS sourced, count(*) AS seats
              FROM candidates WHERE ensemble_id = $e AND elected GROUP BY ALL),
        g AS (SELECT b.background, b.sourced, r.run_index, coalesce(w.seats, 0) AS seats
              FROM b CROSS JOIN r LEFT JOIN w USING (background, sourced, run_index))
        SELECT background, sourced, count(*)::INTEGER AS runs, avg(seats) AS seats_mean,
            stddev_samp(seats) AS seats_sd, {seat_bounds_sql("seats")}
        FROM g GROUP BY background, sourced ORDER BY sourced DESC, seats_mean DESC, background
        """,  # noqa: S608 - only a fixed column name or literal is interpolated
        {"e": ensemble_id},
    )
    df["sourced"] = df["sourced"].astype(bool)
    df["seats_se"] = np.asarray(df.seats_sd, dtype=float) / np.sqrt(runs)
    return df[list(COLUMNS)].reset_index(drop=True)


def sourced_share(df: pd.DataFrame) -> tuple[float, float]:
    """Mean seats won by candidates with a sourced background, and mean seats in all."""
    return float(df.loc[df.sourced, "seats_mean"].sum()), float(df["seats_mean"].sum())


def without_backgrounds(df: pd.DataFrame) -> bool:
    """Whether no winner has a background: every row ``none`` and unsourced (a UK election).

    Such a table says only that all the seats were won by candidates of no background.
    """
    sourced = df["sourced"] if "sourced" in df else pd.Series(False, index=df.index)
    return not df.empty and bool(df["background"].eq("none").all()) and not sourced.any()


def background_rows(df: pd.DataFrame, synthetic: bool) -> list[dict]:
    """The table as JSON-able rows, each saying whether its background is sourced.

    ``synthetic``: the scenario declares its unsourced backgrounds random draws
    (``[scenario] synthetic``); their rows say ``"synthetic draw"``, else ``"unsourced"``.
    """
    other = "synthetic draw" if synthetic else "unsourced"
    return [
        {
            "background": str(r.background),
            "source": "sourced" if r.sourced else other,
            "runs": int(r.runs),
            "seats_mean": float(r.seats_mean),
            "seats_se": float(r.seats_se) if np.isfinite(r.seats_se) else None,
            "q05": float(r.q05),
            "q95": float(r.q95),
        }
        for r in df.itertuples(index=False)
    ]
