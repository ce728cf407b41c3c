"""A tie for first place, decided as the file declares (``elected``), base and target alike."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def tie_rule(declared: int) -> str:
    """What decided a tie for first place, of which ``declared`` the file says were elected."""
    if declared == 1:
        return "declared elected in the file"
    return "first label" + (f"; the file declares {declared} of them elected" if declared else "")


def first_places(
    named: pd.DataFrame, seat: str, label: str, keys: Sequence, names: Sequence
) -> tuple[pd.Series, list[dict]]:
    """Each seat's winner (by ``keys``) and its ties for first place, named by ``names``.

    ``named``: the named candidates (columns ``seat``, ``label``, ``share``, ``elected``), a
    seat's rows in the order that settles a tie no one (or several) is declared to have won.
    The most votes win; a tie goes to the one the file declares elected.
    """
    ranked = named.sort_values(["share", "elected"], ascending=False, kind="stable")
    first = ranked[ranked["share"] == ranked.groupby(seat)["share"].transform("max")]
    win = ranked.drop_duplicates(seat).set_index(seat)[label].reindex(keys)
    name_of = dict(zip(keys, names, strict=True))
    ties = [
        {"seat": str(name_of[k]), "winner": win[k], "rule": tie_rule(int(g["elected"].sum()))}
        for k, g in first.groupby(seat)
        if len(g) > 1
    ]
    return win, ties


def base_winners(bc: pd.DataFrame, common: list) -> tuple[np.ndarray, list]:
    """Each compared seat's base winner (label, '' if none) and its ties for first place.

    ``bc``: the base candidates (``seat``, ``party``, ``share``, ``aggregate``, ``elected``
    where the file says). Without this a tied base seat went to the first label, whoever
    the file declares elected: "no change" forecast a party that had not won it.
    """
    named = bc[~bc["aggregate"].astype(bool)]
    flag = named.get("elected", pd.Series(False, index=named.index))
    named = named.assign(elected=flag.fillna(False).astype(bool))
    named = named.sort_values(["seat", "party"], kind="stable")  # else the first label wins
    win, ties = first_places(named, "seat", "party", common, common)
    return win.fillna("").to_numpy(dtype=object), ties


def prefer(labels: list[str], shares: np.ndarray, winner: np.ndarray | None) -> np.ndarray:
    """Each row's column of the largest share, a tie going to ``winner``'s label (per row)."""
    pick = shares.argmax(axis=1)
    if winner is None or len(winner) != len(shares):
        return pick
    col = {p: k for k, p in enumerate(labels)}
    k = np.array([col.get(p, -1) for p in winner], dtype=np.int64)
    rows = np.arange(len(k))
    tied = (k >= 0) & (shares[rows, np.maximum(k, 0)] == shares.max(axis=1))
    return np.where(tied, k, pick)
