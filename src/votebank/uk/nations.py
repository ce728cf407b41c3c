"""The ``nation`` column of a user's UK results file: one of the layout's four nations.

Great Britain's totals, and which parties stood there, are read by nation; a nation typed
otherwise (``Englnd``) would put its seat outside Great Britain without a word.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import Problem

NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")


def nations(frame: pd.DataFrame, path: Path, lines: np.ndarray) -> list[Problem]:
    """Rows whose ``nation`` is not one of :data:`NATIONS` (blanks are named elsewhere)."""
    if "nation" not in frame.columns:
        return []
    nation = frame["nation"]
    bad = (nation.notna() & ~nation.astype(str).isin(NATIONS)).to_numpy()
    why = f"not a nation of the layout: {', '.join(NATIONS[:3])} or {NATIONS[3]}"
    return [
        Problem(str(path), f"row {line}, column nation", str(value), why)
        for line, value in zip(lines[bad][:5], nation[bad][:5], strict=True)
    ]
