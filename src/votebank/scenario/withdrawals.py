"""Seat adjustments and boycotts checked against the tables, before anything runs.

A party named in ``[mechanisms.alliances]`` that is not declared would be skipped without a
word (a typo), and a seat where every candidate who could win stands down or boycotts has
no one to elect: the run would divide by nothing and store a winner with no votes.
"""

from __future__ import annotations

import json

import pandas as pd

from votebank.errors import Problem

WHERE = "mechanisms.alliances"


def alliance_problems(
    spec,
    constituencies: pd.DataFrame | None,
    candidates: pd.DataFrame | None,
    shown: str,
    *,
    names_in_tables: bool = True,
) -> list[Problem]:
    """Undeclared parties, unknown seats and seats left with no one to elect, by field.

    Args:
        spec: The scenario's spec.
        constituencies: The typed constituency table, or None (unreadable: not checked).
        candidates: The typed candidate table, or None.
        shown: The spec's name in messages.
        names_in_tables: Whether each seat named must be in the tables (not for a scenario
            cut to some seats in memory).
    """
    p = spec.mechanisms.alliances
    declared = {party.id for party in spec.parties}
    named = [(f"{WHERE}.boycotts.{i}", party) for i, party in enumerate(p.boycotts)]
    for i, deal in enumerate(p.stand_downs):
        named += [(f"{WHERE}.stand_downs.{i}.party", deal.party)]
        named += [(f"{WHERE}.stand_downs.{i}.ally", deal.ally)]
    problems = [
        Problem(shown, where, json.dumps(party), "party not declared in [[parties]]")
        for where, party in named
        if party not in declared
    ]
    if constituencies is None or candidates is None:
        return problems
    if names_in_tables:
        ids = set(constituencies["id"])
        problems += [
            Problem(
                shown, f"{WHERE}.stand_downs.{i}.seats.{j}", json.dumps(s), "no such constituency"
            )
            for i, deal in enumerate(p.stand_downs)
            for j, s in enumerate(deal.seats)
            if s not in ids
        ]
    return problems + emptied_seats(spec, candidates, shown)


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
