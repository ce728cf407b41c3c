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


def idle_stand_downs(spec, candidates: pd.DataFrame, shown: str) -> list[Problem]:
    """Seats a stand-down names where its party or its ally has no candidate.

    A party stands down only where both stand: in such a seat the deal did nothing, and nothing
    said so. Unknown seats and undeclared parties are reported with the other names.
    """
    stands = set(zip(candidates["constituency"], candidates["party"], strict=True))
    seats, declared = set(candidates["constituency"]), {p.id for p in spec.parties}
    found = []
    for i, deal in enumerate(spec.mechanisms.alliances.stand_downs):
        if not {deal.party, deal.ally} <= declared:
            continue
        for j, seat in enumerate(deal.seats):
            missing = [x for x in (deal.party, deal.ally) if (seat, x) not in stands]
            if seat in seats and missing:
                why = (
                    f"{' and '.join(missing)} {'do' if len(missing) > 1 else 'does'} not stand "
                    f"here: {deal.party} stands down for {deal.ally} only where both stand, so "
                    "this would do nothing"
                )
                where = f"{WHERE}.stand_downs.{i}.seats.{j}"
                found.append(Problem(shown, where, json.dumps(seat), why))
    return found
