"""The backtest's reader of one election: :mod:`votebank.elections`, shared with calibrate.

Kept under this name for the backtest's modules and callers.
"""

from votebank.elections.read import OTHER_LABELS, OTHERS, Election, read_election
from votebank.elections.rows import (
    CANDIDATE_COLUMNS,
    GENERAL,
    ROWS_COLUMNS,
    general_dates,
    parse_spec,
    read_results,
    shipped_file,
)

__all__ = [
    "CANDIDATE_COLUMNS",
    "GENERAL",
    "OTHERS",
    "OTHER_LABELS",
    "ROWS_COLUMNS",
    "Election",
    "general_dates",
    "parse_spec",
    "read_election",
    "read_results",
    "shipped_file",
]
