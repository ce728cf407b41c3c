"""The four UK results tables in use (:mod:`votebank.uk.results_files`), each read once."""

from __future__ import annotations

import pandas as pd

from votebank.uk import results_files


def candidates_table() -> pd.DataFrame:
    """The candidate results (``uk_results_candidates.csv`` or the file in use), read once."""
    return results_files.table("candidates")


def contests_table() -> pd.DataFrame:
    """The contest results (``uk_results_contests.csv`` or the file in use), read once."""
    return results_files.table("contests")


def national_totals() -> pd.DataFrame:
    """National votes by party (``uk_national_totals.csv`` or the file in use), read once."""
    return results_files.table("totals")


def polls_table() -> pd.DataFrame:
    """Published voting-intention polls (``uk_polls_2010_2017.csv`` or beside the file in use)."""
    return results_files.table("polls")


def postponed_note() -> str:
    """The postponed polls read as part of a general election ('' if none), for the user."""
    found = candidates_table().attrs.get("postponed", {})
    said = "; ".join(f"{', '.join(s)} on {day} (of {main})" for day, (main, s) in found.items())
    return f"postponed polls read as part of the general election: {said}" if found else ""
