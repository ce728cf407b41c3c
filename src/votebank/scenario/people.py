"""Rows of one ``person``: one person standing in several seats, never twice in one seat.

Two rows of a seat with the same ``person`` (even for two parties) passed, and the seat's
contest then held one person as two rivals. Nor does one person stand for two parties (a
party's ticket in one seat and an independent's run in another aside): a person in two seats
for two parties passed, a copying slip the runs treated as one politician of both.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from votebank.errors import Problem
from votebank.scenario.tables import MAX_PER_COLUMN, line


def person_problems(
    candidates: pd.DataFrame, table: str, unattached: Collection[str] = ()
) -> list[Problem]:
    """Each candidate row whose ``person`` already stands in its seat, or for another party.

    ``unattached``: the parties marked ``independent`` or ``aggregate`` (a person may stand
    for one party and as an independent elsewhere; "others" rows are no one's ticket).
    """
    # As the loader fills it: an empty person is the candidate id.
    person = candidates["person"].where(candidates["person"] != "", candidates["candidate"])
    return _same_seat(candidates, table, person) + _two_parties(
        candidates, table, person, set(unattached)
    )


def _same_seat(candidates: pd.DataFrame, table: str, person: pd.Series) -> list[Problem]:
    """Each row whose person already stands in its constituency."""
    pairs = pd.DataFrame({"seat": candidates["constituency"], "person": person})
    first = ~pairs.duplicated(keep="first")
    # A repeated candidate id is reported as a duplicate id, not here as well.
    twice = pairs.duplicated(keep="first") & ~candidates["candidate"].duplicated(keep=False)
    where = {
        (seat, who): line(candidates, i)
        for i, (seat, who) in enumerate(zip(pairs["seat"], pairs["person"], strict=True))
        if first.iat[i]
    }
    return [
        Problem(
            table,
            f"row {line(candidates, i)}, column person",
            repr(person.iat[i]),
            f"{person.iat[i]!r} already stands in {pairs['seat'].iat[i]!r} (row "
            f"{where[(pairs['seat'].iat[i], person.iat[i])]}): a person stands once in a seat",
        )
        for i in np.flatnonzero(twice.to_numpy())[:MAX_PER_COLUMN]
    ]


def _two_parties(
    candidates: pd.DataFrame, table: str, person: pd.Series, unattached: set[str]
) -> list[Problem]:
    """Each row whose person stands for another party in an earlier row (independents aside)."""
    party = candidates["party"].astype(str).to_numpy()
    seat = candidates["constituency"].to_numpy()
    # A repeated id, or a person twice in a seat, is reported as such, not here as well.
    again = candidates["candidate"].duplicated(keep=False) | pd.DataFrame(
        {"seat": seat, "person": person}
    ).duplicated(keep=False)
    rows = np.flatnonzero(~np.isin(party, list(unattached)) & ~again.to_numpy())
    # Each person's first row with a party's ticket, and the rows for another party.
    first = pd.Series(rows).groupby(person.to_numpy()[rows]).transform("first").to_numpy()
    other = rows[party[rows] != party[first]][:MAX_PER_COLUMN]
    first = first[party[rows] != party[first]][:MAX_PER_COLUMN]
    return [
        Problem(
            table,
            f"row {line(candidates, i)}, column party",
            repr(party[i]),
            f"person {person.iat[i]!r} stands for {party[j]!r} in {seat[j]!r} (row "
            f"{line(candidates, j)}): one person stands for one party (or as an independent): "
            "give both rows one party, or each its own person",
        )
        for i, j in zip(other, first, strict=True)
    ]
