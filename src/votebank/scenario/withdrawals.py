"""Seat adjustments and boycotts checked against the candidates, before anything runs.

A seat where every candidate who could win stands down or boycotts has no one to elect: the
run would divide by nothing and store a winner with no votes. (The parties and seats the
section names are checked with every other name, in ``scenario.load``.)
"""

from __future__ import annotations

import json

import pandas as pd

from votebank.errors import Problem

WHERE = "mechanisms.alliances"


def emptied_seats(spec, candidates: pd.DataFrame, shown: str) -> list[Problem]:
    """Seats where the withdrawals leave no candidate who could win (the mechanism's rule)."""
    p = spec.mechanisms.alliances
    if not p.enabled:
        return []
    seat, party = candidates["constituency"], candidates["party"]
    gone = party.isin(p.boycotts)
    for deal in p.stand_downs:
        # A party stands down where its ally stands (in the deal's seats, if it names any).
        both = set(seat[party == deal.party]) & set(seat[party == deal.ally])
        if deal.seats:
            both &= set(deal.seats)
        gone |= (party == deal.party) & seat.isin(both)
    can_win = ~party.isin({x.id for x in spec.parties if x.aggregate})
    emptied = sorted(set(seat[can_win]) - set(seat[can_win & ~gone]))
    why = "every candidate who could win here stands down or boycotts: no one is left to elect"
    return [Problem(shown, WHERE, json.dumps(s), why) for s in emptied]
