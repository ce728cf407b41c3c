"""What a target made in Python must be: tables with the columns a target reads.

:meth:`~votebank.calibrate.target.Target.from_frames` read ``constituency_id``, ``party`` and
``votes`` by name and failed with pandas' KeyError (or "'list' object has no attribute
'astype'") where a notebook's table lacked one or was no DataFrame; and
:func:`~votebank.calibrate.target.load_target` took a DataFrame as a file name ("File name
too long").
"""

from __future__ import annotations

import os

import pandas as pd

from votebank.display import joined
from votebank.errors import InputError, Problem, given

NEEDED = {"candidates": ("constituency_id", "party", "votes"), "seats": ("constituency_id",)}
WHERE = (
    "give a Target (Target.from_frames(name, candidates) for a DataFrame), pakistan:YEAR, "
    "uk:YEAR, a results file or a scenario whose candidates have actual_votes"
)


def refuse_bad_frames(name: object, candidates: object, seats: object) -> None:
    """Raise :class:`InputError` for each table that is no DataFrame or lacks a column."""
    problems = []
    for table, frame in (("candidates", candidates), ("seats", seats)):
        if table == "seats" and frame is None:
            continue
        if not isinstance(frame, pd.DataFrame):
            why = "must be a pandas DataFrame"
            problems.append(Problem(str(name), table, type(frame).__name__, why))
        elif missing := [c for c in NEEDED[table] if c not in frame.columns]:
            why = f"needs the columns {joined(NEEDED[table], 'and')}"
            shown = ", ".join(map(str, frame.columns[:10])) or "no columns"
            why += f"; {joined(missing, 'and')} missing"
            problems.append(Problem(str(name), table, shown, why))
    if problems:
        raise InputError(problems)


def refuse_no_place(where: object) -> None:
    """Raise :class:`InputError` unless ``where`` can name a target (text or a path)."""
    if not isinstance(where, str | os.PathLike):
        raise InputError([Problem("target", "", given(where), WHERE)])
