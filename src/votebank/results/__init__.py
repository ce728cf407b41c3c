"""Storing, summarising and exporting the results of ensembles of runs."""

from votebank.results.export import export_tables
from votebank.results.frames import FRAME_COLUMNS, FRAME_TABLES, ROUTES, check_frames
from votebank.results.schema import TABLES
from votebank.results.store import DEFAULT_PATH, DEFAULT_STATION_RUNS, ResultsStore
from votebank.results.summary import EnsembleSummary, summarize

__all__ = [
    "DEFAULT_PATH",
    "DEFAULT_STATION_RUNS",
    "FRAME_COLUMNS",
    "FRAME_TABLES",
    "ROUTES",
    "TABLES",
    "EnsembleSummary",
    "ResultsStore",
    "check_frames",
    "export_tables",
    "summarize",
]
