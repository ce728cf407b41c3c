"""Notes on slashed dates a UK file leaves open (results, polls, governments' ``since``).

``06/05/2010`` is 5 June read month first and 6 May day first. A file whose slashed dates all
have a first field of 12 or less cannot show which it means, so it is read month first (the
rule of :func:`votebank.dates.iso_dates`, which ``votebank backtest`` reads by and says so).
A UK file is likely written day first, and read so it would build the wrong day's scenario in
silence: :func:`month_first_notes` says it, naming the file, the column and a date.
"""

from __future__ import annotations

import pandas as pd

from votebank.uk import governments, results_files


def month_first_notes(kinds: tuple[str, ...] = ("candidates", "contests", "totals")) -> list[str]:
    """A note for each file of ``kinds`` (as read now) whose dates were read month first."""
    notes = []
    for kind in kinds:
        if guess := _read(kind).attrs.get("month_first"):
            col, example, read_as = guess
            notes.append(
                f"{results_files.source_name(kind)}, column {col}: slashed dates read month "
                f"first ({example} is {read_as}); a file written day first must give its dates "
                "as YYYY-MM-DD"
            )
    return notes


def _read(kind: str) -> pd.DataFrame:
    """The active file of a kind; ``governments`` (optional) is read by its own module."""
    if kind != "governments":
        return results_files.table(kind)
    path = results_files.active().governments
    return governments.read_table(path) if path else pd.DataFrame()
