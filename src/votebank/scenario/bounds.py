"""Checks of sizes that only the spec and the tables together decide.

A seat with no ``stations`` count gets ``registered / voters_per_station`` stations; a tiny
``voters_per_station`` would ask for billions of them, and memory with them. A seat's turnout
is over the whole roll, ghosts included, and ghosts never vote of themselves: a turnout above
``1 - ghost_share`` cannot be reached.
"""

from __future__ import annotations

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.tables import line

MAX_STATIONS = 100_000
"""Most polling stations in one seat (the same bound as the ``stations`` column)."""
MAX_NAMED = 20
"""Seats named in one problem list, as the table reader names at most 20 per column."""


def station_problems(spec: ScenarioSpec, constituencies: pd.DataFrame, shown: str) -> list[Problem]:
    """Seats whose implied number of stations exceeds :data:`MAX_STATIONS`."""
    per = spec.electorate.voters_per_station
    implied = (constituencies["registered"] / per).round()
    bad = constituencies[(constituencies["stations"] == 0) & (implied > MAX_STATIONS)]
    return [
        Problem(
            shown,
            "electorate.voters_per_station",
            repr(per),
            f"seat {row.id} would get {implied[i]:,.0f} stations (registered {row.registered:,} "
            f"/ voters_per_station); at most {MAX_STATIONS:,}: raise it or give the seat's "
            "stations",
        )
        for i, row in bad.iterrows()
    ]


def turnout_problems(
    spec: ScenarioSpec, constituencies: pd.DataFrame, table: str, shown: str
) -> list[Problem]:
    """Turnouts (a row's, or the base where a row gives none) the real voters cannot reach."""
    most = 1 - spec.electorate.ghost_share
    why = (
        f"more than can vote: 1 - [electorate] ghost_share = {most:.3g} of the roll (ghosts "
        "never vote of themselves); lower the turnout or ghost_share"
    )
    given = constituencies["turnout"]
    problems = [
        Problem(table, f"row {line(constituencies, i)} (seat {seat}), column turnout", repr(t), why)
        for i, (seat, t) in enumerate(zip(constituencies["id"], given, strict=True))
        if t > most + 1e-12  # every real voter voting reaches the bound itself
    ][:MAX_NAMED]
    if given.isna().any() and spec.turnout.base > most + 1e-12:
        problems.append(Problem(shown, "turnout.base", repr(spec.turnout.base), why))
    return problems
