"""A plain uniform-swing projection and its seat errors.

Scored as :mod:`votebank.calibrate.validate` scores an ensemble: the simplest baseline beside
which a forecast's seats and winners are read.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def uniform_swing(
    baseline: pd.DataFrame,
    before: Mapping[str, float],
    after: Mapping[str, float],
    standing: pd.DataFrame | None = None,
    floor: float = 0.0,
) -> pd.DataFrame:
    """Project seat shares by uniform national swing (Butler & Kavanagh).

    Args:
        baseline: Shares at the baseline election, seats (index) x parties (columns); a party
            that did not stand in a seat has 0.
        before: National share of each party at the baseline election.
        after: National share of each party now.
        standing: Which parties stand in each seat now (same shape; default: all). Parties
            not standing get NaN.
        floor: Smallest projected share.

    Returns:
        Projected shares, seats x parties (every party of ``baseline`` and ``standing``).
    """
    cols = list(baseline.columns)
    if standing is not None:
        cols += [c for c in standing.columns if c not in cols]
    base = baseline.reindex(columns=cols, fill_value=0.0).fillna(0.0)
    swing = pd.Series({p: after.get(p, 0.0) - before.get(p, 0.0) for p in cols})
    projected = (base + swing).clip(lower=floor)
    if standing is not None:
        mask = standing.reindex(index=base.index, columns=cols, fill_value=False).astype(bool)
        projected = projected.where(mask)
    return projected


def seat_errors(predicted: pd.Series, actual: pd.Series) -> dict[str, float]:
    """Seats wrong (``sum |predicted - actual| / 2`` over parties) and winners wrong.

    Args:
        predicted: Predicted winning party per constituency (index: constituency id).
        actual: Real winning party per constituency.
    """
    common = predicted.index.intersection(actual.index)
    p, a = predicted.loc[common], actual.loc[common]
    counts = pd.concat([p.value_counts(), a.value_counts()], axis=1).fillna(0)
    return {
        "seats_wrong": float((counts.iloc[:, 0] - counts.iloc[:, 1]).abs().sum() / 2),
        "winners_wrong": int((p != a).sum()),
        "seats": len(common),
    }
