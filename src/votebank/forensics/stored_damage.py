"""Empty cells or repeated stations in a stored run's rows: a damaged store, named before use.

votebank writes no empty cell there; one (a file edited or half restored) failed as a
traceback deep in NumPy, or, in the ``stuffing`` column, read as one more stuffed station.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.display import plural
from votebank.errors import InputError, Problem

_COLUMNS = (
    "station_id",
    "constituency_id",
    "registered",
    "ballots",
    "valid",
    "votes",
    "stuffing",
    "stuffed_ballots",
    "fabricated",
)


def check_station_cells(stations: pd.DataFrame, source: str) -> None:
    """Raise :class:`InputError` naming empty cells and stations given in several rows."""
    problems = []
    for col in _COLUMNS:
        if col not in stations:
            continue
        empty = stations[col].isna().to_numpy()
        if col == "votes":  # a vote list may itself hold an empty count (or be empty)
            empty = empty | np.fromiter(map(_holes, stations[col]), dtype=bool, count=len(empty))
        if empty.any():
            row = int(np.flatnonzero(empty)[0])
            station = stations["station_id"].iloc[row] if col != "station_id" else f"row {row}"
            why = f"{col} is empty at {plural(int(empty.sum()), 'station')}: the store is damaged"
            problems.append(Problem(source, f"polling_stations, station {station}", "empty", why))
    # A station given twice would be counted twice (and its constituency label read twice).
    twice = stations["station_id"].duplicated(keep=False).to_numpy() if len(stations) else []
    if np.any(twice):
        station = stations["station_id"].to_numpy()[np.flatnonzero(twice)[0]]
        why = f"{int(np.count_nonzero(twice)):,} rows repeat a station: the store is damaged"
        problems.append(Problem(source, f"polling_stations, station {station}", "repeated", why))
    if problems:
        raise InputError(problems)


def check_candidates(candidates: pd.DataFrame, stations: pd.DataFrame, source: str) -> None:
    """Raise :class:`InputError` when a run with stations has no candidate row at all."""
    if len(stations) and not len(candidates):
        why = "the run has stations but no candidates: the store is damaged"
        raise InputError([Problem(source, "candidates", "0 rows", why)])


def _holes(votes: object) -> bool:
    """Whether one station's vote list is empty or holds an empty count (DuckDB masks those)."""
    if votes is None or np.ma.is_masked(votes):
        return True
    if isinstance(votes, np.ndarray) and votes.dtype.kind in "iu":  # no hole in integers
        return len(votes) == 0
    return len(votes) == 0 or bool(pd.isna(np.asarray(votes, dtype=object)).any())
