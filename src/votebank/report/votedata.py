"""The report's data on how the votes came: by route, turnout, the station fingerprint."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from votebank.results.frames import ROUTES
from votebank.results.store import ResultsStore
from votebank.results.summary import ALL_PARTIES, provenance_summary, turnout_summary

FINGERPRINT_BINS = 50
"""Turnout and leader-share bins of the station fingerprint (2 % steps)."""


def provenance_data(store: ResultsStore, eid: str, seats: pd.DataFrame) -> dict[str, Any]:
    """Vote shares by route: overall, of the winners' votes, and per party."""
    overall = provenance_summary(store, eid).set_index("route")["share_mean"]
    sums = ", ".join(f"sum(votes_{r})::DOUBLE / NULLIF(sum(votes), 0) AS {r}" for r in ROUTES)
    # The winners' votes: how the seats themselves were won, pooled over runs.
    winners = store.query(
        f"SELECT {sums} FROM candidates WHERE ensemble_id = ? AND elected",  # noqa: S608
        [eid],
    ).iloc[0]
    by_party = provenance_summary(store, eid, by_party=True)
    party_order = [str(p) for p in seats["party"]]
    party_order += sorted(set(by_party["party"].astype(str)) - set(party_order) - {ALL_PARTIES})
    votes = store.query(
        "SELECT party, sum(votes)::DOUBLE / count(DISTINCT run_index) AS votes_mean"
        " FROM candidates WHERE ensemble_id = ? GROUP BY party",
        [eid],
    ).set_index("party")["votes_mean"]
    parties = []
    for pid in party_order:
        rows = by_party[by_party["party"] == pid].set_index("route")["share_mean"]
        if rows.empty:
            continue
        parties.append(
            {
                "party": pid,
                "votes_mean": float(votes.get(pid, 0.0)),
                "shares": {r: float(rows.get(r, 0.0)) for r in ROUTES},
            }
        )
    return {
        "routes": list(ROUTES),
        # Missing (None) where no votes were cast: a share of nothing.
        "overall": {r: _share(overall.get(r, 0.0)) for r in ROUTES},
        "winners": {r: _share(winners[r]) for r in ROUTES},
        "by_party": parties,
    }


def _share(value) -> float | None:
    return float(value) if pd.notna(value) else None


def turnout_data(store: ResultsStore, eid: str) -> dict[str, Any]:
    """National turnout over the runs (with a histogram of runs) and each region's."""
    per_run = store.query(
        "SELECT sum(ballots)::DOUBLE / NULLIF(sum(registered), 0) AS t"
        " FROM constituencies WHERE ensemble_id = ? GROUP BY run_index",
        [eid],
    )["t"].dropna()
    values = per_run.to_numpy(dtype=float)
    nat = turnout_summary(store, eid).iloc[0]
    return {
        "national": {
            "runs": int(nat.runs),
            "mean": float(nat["mean"]),
            "sd": float(nat.sd) if pd.notna(nat.sd) else None,
            "q05": float(nat.q05),
            "q50": float(nat.q50),
            "q95": float(nat.q95),
            "hist": _histogram(values),
        },
        "by_region": [
            {
                "region": str(r.region),
                "mean": float(r.mean),
                "q05": float(r.q05),
                "q50": float(r.q50),
                "q95": float(r.q95),
            }
            for r in turnout_summary(store, eid, by_region=True).itertuples(index=False)
        ],
    }


def _histogram(values: np.ndarray) -> dict[str, list]:
    """A histogram of per-run values with about sqrt(n) bins (5 to 30)."""
    if values.size == 0:
        return {"edges": [], "counts": []}
    bins = int(min(30, max(5, math.ceil(math.sqrt(values.size)))))
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-9:  # all runs alike: one narrow bin around the value
        lo, hi = lo - 0.005, hi + 0.005
    counts, edges = np.histogram(values, bins=bins, range=(lo, hi))
    return {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}


def fingerprint_data(store: ResultsStore, eid: str) -> dict[str, Any] | None:
    """Turnout x leader-share 2-D histogram of the stored station rows, binned in SQL."""
    b = FINGERPRINT_BINS
    cells = store.query(
        f"""
        SELECT least(floor(ballots::DOUBLE / registered * {b}), {b - 1})::INTEGER AS tx,
            least(floor(leader_votes::DOUBLE / valid * {b}), {b - 1})::INTEGER AS sy,
            count(*)::INTEGER AS n,
            count(*) FILTER (WHERE stuffing <> 'none')::INTEGER AS stuffed
        FROM polling_stations
        WHERE ensemble_id = ? AND registered > 0 AND valid > 0
        GROUP BY ALL ORDER BY tx, sy
        """,  # noqa: S608 - only the fixed bin count is interpolated
        [eid],
    )
    totals = store.connection.execute(
        """
        SELECT count(*), count(DISTINCT run_index),
            count(*) FILTER (WHERE stuffing = 'incremental'),
            count(*) FILTER (WHERE stuffing = 'extreme'),
            count(*) FILTER (WHERE fabricated),
            count(*) FILTER (WHERE ballots > registered),
            count(*) FILTER (WHERE registered = 0 OR valid = 0),
            sum(stuffed_ballots), sum(ballots)
        FROM polling_stations WHERE ensemble_id = ?
        """,
        [eid],
    ).fetchone()
    if not totals[0]:
        return None
    n, runs, incremental, extreme, fabricated, over, empty, stuffed_ballots, ballots = totals
    return {
        "bins": b,
        "runs": int(runs),
        "stations": int(n),
        "stuffed": int(incremental + extreme),
        "incremental": int(incremental),
        "extreme": int(extreme),
        "fabricated": int(fabricated),
        "over_100": int(over),
        "not_binned": int(empty),
        "stuffed_ballots_share": float(stuffed_ballots / ballots) if ballots else 0.0,
        # Sparse cells: [turnout bin, leader-share bin, stations, stuffed stations].
        "cells": [[int(v) for v in row] for row in cells.itertuples(index=False)],
    }
