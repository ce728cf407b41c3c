"""Canvass campaigns checked against the candidates: a seat where the party does not stand.

A campaign spreads its hours evenly over its seats and works for the party's candidate in each:
in a seat without one, that share of the hours reached no one, and nothing said so.
"""

from __future__ import annotations

import json

import pandas as pd

from votebank.errors import Problem


def unstood_seats(spec, candidates: pd.DataFrame, shown: str) -> list[Problem]:
    """Seats a campaign names where its party has no candidate.

    Unknown seats and undeclared parties are reported with the other names, not again here.
    """
    stands = set(zip(candidates["constituency"], candidates["party"], strict=True))
    seats, declared = set(candidates["constituency"]), {p.id for p in spec.parties}
    return [
        Problem(
            shown,
            f"mechanisms.canvass.campaigns.{i}.seats.{j}",
            json.dumps(s),
            f"{c.party} does not stand here: the hours spread here would reach no candidate",
        )
        for i, c in enumerate(spec.mechanisms.canvass.campaigns)
        for j, s in enumerate(c.seats)
        if c.party in declared and s in seats and (s, c.party) not in stands
    ]
