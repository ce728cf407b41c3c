"""Checks of sizes that only the spec and the tables together decide.

A seat with no ``stations`` count gets ``registered / voters_per_station`` stations; a tiny
``voters_per_station`` would ask for billions of them, and memory with them. Memory grows
with the whole electorate too: 20,000 seats of 50 million voters each passed every seat's
bound, then ran out of memory mid-run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.display import plural
from votebank.errors import Problem
from votebank.scenario.schema import Electorate, ScenarioSpec
from votebank.scenario.tables import MAX_PER_COLUMN, line

MAX_STATIONS = 100_000
"""Most polling stations in one seat (the same bound as the ``stations`` column)."""
# The largest electorate of any parliament is India's (968.8 million registered in 2024, 1.05
# million stations), which runs in about 5 GB (README); twice it still fits a workstation
# (memory grows by about 0.5 GB per 100 million voters), and no real election comes near.
MAX_REGISTERED = 2_000_000_000
"""Most registered voters in a whole scenario: about twice India's."""
MAX_TOTAL_STATIONS = 2_000_000
"""Most polling stations in a whole scenario: about twice India's."""
MAX_PER_STATION = next(
    int(m.le) for m in Electorate.model_fields["voters_per_station"].metadata if hasattr(m, "le")
)
"""Most registered voters at one station, given by the ``stations`` column or not."""


def table_problems(constituencies: pd.DataFrame, table: str) -> list[Problem]:
    """Seats of more voters a station than :data:`MAX_PER_STATION`; all, :data:`MAX_REGISTERED`."""
    registered, stations = constituencies["registered"], constituencies["stations"]
    # The stations column put 50 million voters at one station; voters_per_station cannot.
    crowded = (stations > 0) & (registered > stations * MAX_PER_STATION)
    found = [
        Problem(
            table,
            f"row {line(constituencies, i)}, column stations",
            str(stations.iat[i]),
            f"{registered.iat[i]:,} registered voters at {plural(stations.iat[i], 'station')}; "
            f"a station holds at most {MAX_PER_STATION:,} (as electorate.voters_per_station): "
            f"give at least {-(-registered.iat[i] // MAX_PER_STATION):,} stations",
        )
        for i in np.flatnonzero(crowded.to_numpy())[:MAX_PER_COLUMN]
    ]
    total = int(registered.sum())  # each seat's is at most 5e7: no overflow
    if total > MAX_REGISTERED:
        why = (
            f"the seats hold {total:,} registered voters in all; a scenario may hold at most "
            f"{MAX_REGISTERED:,} (about twice India's electorate, the largest of any parliament)"
        )
        found.append(Problem(table, "column registered", f"{total:,}", why))
    return found


def seat_stations(constituencies: pd.DataFrame, voters_per_station: float) -> pd.Series:
    """Each seat's stations as the electorate builder counts them.

    The stations column, else registered / voters_per_station (at least one).
    """
    implied = (constituencies["registered"] / voters_per_station).round().clip(lower=1)
    given = constituencies["stations"]
    return given.where(given > 0, implied)


def station_problems(
    spec: ScenarioSpec, constituencies: pd.DataFrame, shown: str, table: str
) -> list[Problem]:
    """Seats whose implied stations exceed :data:`MAX_STATIONS`; all, :data:`MAX_TOTAL_STATIONS`.

    ``shown`` and ``table``: the TOML file's and the constituency table's names in messages.
    """
    per = spec.electorate.voters_per_station
    implied = (constituencies["registered"] / per).round()
    given = constituencies["stations"]
    bad = constituencies[(given == 0) & (implied > MAX_STATIONS)]
    total = int(seat_stations(constituencies, per).sum())
    found = []
    # Where every seat gives its count, voters_per_station plays no part: name the column.
    named = (
        (table, "column stations", f"{total:,}")
        if (given > 0).all()
        else (shown, "electorate.voters_per_station", repr(per))
    )
    if total > MAX_TOTAL_STATIONS:
        why = (
            f"the seats would have {total:,} polling stations in all (column stations of "
            f"{spec.tables.constituencies}, or registered / voters_per_station where it is "
            f"empty); at most {MAX_TOTAL_STATIONS:,} (about twice India's)"
        )
        found.append(Problem(*named, why))
    if len(bad) == 1:
        i, row = next(bad.iterrows())
        why = (
            f"seat {row.id} would get {implied[i]:,.0f} stations (registered {row.registered:,} "
            f"/ voters_per_station); at most {MAX_STATIONS:,}: raise it or give the seat's "
            "stations"
        )
        found.append(Problem(shown, "electorate.voters_per_station", repr(per), why))
    elif len(bad):
        # One value: named once, with the first seats it is too small for (not once a seat).
        seats = ", ".join(f"{row.id} ({implied[i]:,.0f})" for i, row in bad.head(5).iterrows())
        more = f", and {len(bad) - 5:,} more" if len(bad) > 5 else ""
        why = (
            f"{len(bad):,} seats would get more than {MAX_STATIONS:,} stations (registered / "
            f"voters_per_station): {seats}{more}; raise it or give the seats' stations"
        )
        found.append(Problem(shown, "electorate.voters_per_station", repr(per), why))
    return found
