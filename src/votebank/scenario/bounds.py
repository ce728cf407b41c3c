"""Checks of sizes that only the spec and the tables together decide.

A seat with no ``stations`` count gets ``registered / voters_per_station`` stations; a tiny
``voters_per_station`` would ask for billions of them, and memory with them.
"""

from __future__ import annotations

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.schema import ScenarioSpec

MAX_STATIONS = 100_000
"""Most polling stations in one seat (the same bound as the ``stations`` column)."""


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
