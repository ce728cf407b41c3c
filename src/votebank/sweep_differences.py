"""A sweep's points against one of them, run by run: paired differences and their errors.

Every point of a sweep draws the same runs (the same seed and run indices), so run ``i`` of a
point minus run ``i`` of the base point cancels the noise both share; the standard error is
the sd of those per-run differences / sqrt(runs), as ``votebank compare`` reports it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from votebank.results.summary import mean_se


def party_differences(
    seats: pd.DataFrame, candidates: pd.DataFrame, paths: Sequence[str], base: int
) -> pd.DataFrame:
    """Seats and votes by point and party: the base's mean, the point's, and their difference.

    ``seats`` and ``candidates`` are a sweep's stacked tables (``point``, the paths,
    ``run_index``, ``party``, and ``total`` or ``votes``). A party missing from a run of one
    point counts 0 there. Votes tell a lever's effect where seats are too coarse (one seat).
    """
    votes = candidates.groupby(["point", "run_index", "party"], as_index=False)["votes"].sum()
    out = _paired(seats, "total", base, "seats").merge(
        _paired(votes, "votes", base, "votes"), on=["point", "party"], how="outer"
    )
    out = out.fillna({c: 0.0 for c in out.columns if c not in ("point", "party")})
    out = out.sort_values(["point", "seats_base", "votes_base"], ascending=[True, False, False])
    return _with_paths(out.reset_index(drop=True), seats, paths)


def _paired(frame: pd.DataFrame, value: str, base: int, what: str) -> pd.DataFrame:
    """By point (not the base) and party: means at the base and the point, paired difference.

    Named as ``votebank compare``'s parties table names them: ``difference``, ``difference_se``
    for seats, ``difference_votes``, ``difference_se_votes`` for votes.
    """
    wide = frame.pivot_table(
        index=["party", "run_index"], columns="point", values=value, fill_value=0
    )
    at_base = wide[base].unstack("run_index")
    suffix = "" if what == "seats" else f"_{what}"  # compare's names: difference_votes
    rows = []
    for point in wide.columns:
        if point == base:
            continue
        diff = wide[point].unstack("run_index") - at_base
        n = diff.shape[1]
        sd = diff.std(axis=1, ddof=1).to_numpy() if n > 1 else np.full(len(diff), np.nan)
        rows.append(
            pd.DataFrame(
                {
                    "point": point,
                    "party": diff.index,
                    f"{what}_base": at_base.mean(axis=1).to_numpy(),
                    what: wide[point].unstack("run_index").mean(axis=1).to_numpy(),
                    f"difference{suffix}": diff.mean(axis=1).to_numpy(),
                    f"difference_se{suffix}": mean_se(sd, n),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def winners_changed(constituencies: pd.DataFrame, paths: Sequence[str], base: int) -> pd.DataFrame:
    """By point: the mean number of seats whose winning party differs from the base's run."""
    wide = constituencies.pivot(
        index=["constituency_id", "run_index"], columns="point", values="winner_party"
    )
    rows = []
    for point in wide.columns:
        if point == base:
            continue
        per_run = (wide[point] != wide[base]).groupby(level="run_index").sum()
        n = len(per_run)
        sd = per_run.std(ddof=1) if n > 1 else np.nan
        rows.append(
            {
                "point": point,
                "winners_changed": float(per_run.mean()),
                "winners_changed_se": float(mean_se(sd, n)),
            }
        )
    return _with_paths(pd.DataFrame(rows), constituencies, paths)


def _with_paths(frame: pd.DataFrame, stacked: pd.DataFrame, paths: Sequence[str]) -> pd.DataFrame:
    """``frame`` with each point's values of the swept paths after ``point``."""
    values = stacked[["point", *paths]].drop_duplicates("point")
    out = frame.merge(values, on="point", how="left")
    return out[["point", *paths, *[c for c in frame.columns if c != "point"]]]
