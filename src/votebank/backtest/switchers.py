"""The people who stand again in a seat for another party: named, not only counted."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def switched_party(slate: pd.DataFrame, seats: Sequence[str], indep: set[str]) -> list[dict]:
    """Each matched person of the target's slate whose party label differs from the base's.

    One now standing as an independent is left out: standing alone is no party to switch to.
    ``slate`` as :class:`~votebank.backtest.pair.Pair` holds it; ``seats`` by its ``i``.
    """
    moved = slate[
        (slate["person"] > 0)
        & (slate["person_label"] != slate["label"])
        & ~slate["indep"]
        & ~slate["label"].isin(indep)
    ]
    return [
        {"seat": str(seats[i]), "name": str(name), "base": str(was), "target": str(now)}
        for i, name, was, now in zip(
            moved["i"], moved["name"], moved["person_label"], moved["label"], strict=True
        )
    ]
