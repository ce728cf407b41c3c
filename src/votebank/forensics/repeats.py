"""Rows that repeat an earlier row cell for cell, in a file with no station labels.

With ``--id`` a repeated row is refused outright (its label proves it is one station given
twice). Without labels two small stations may report the same counts, so one repeated row
proves nothing; but two rows in a row that repeat two earlier rows in the same order are a
paste, which chance does not make.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import repeat_pairs, repeated_rows
from votebank.errors import Problem


def pasted(pairs: list[tuple[int, int]], rows: np.ndarray) -> bool:
    """Whether two neighbouring rows repeat two neighbouring earlier rows in the same order."""
    position = {int(r): i for i, r in enumerate(rows)}
    at = {position[r]: position[f] for r, f in pairs}
    return any(at.get(i + 1) == j + 1 for i, j in at.items())


def pasted_problems(table: pd.DataFrame, path: str | Path, rows: np.ndarray) -> list[Problem]:
    """The repeated rows, and what a block of them means."""
    found = repeated_rows(table, path, rows)
    found.append(
        Problem(
            str(path),
            "",
            f"{len(repeat_pairs(table, rows)):,} repeated rows",
            "rows repeat earlier rows cell for cell and in the same order: the file, or part "
            "of it, was pasted twice and each station would count twice; delete the copy",
        )
    )
    return found
