"""Which cells of a results file's count column are counts: one rule for every reader.

A count is a finite number from 0 to :data:`MAX_COUNT`; a blank may be allowed (an unknown
count) and a fraction refused. Absurd sizes (``1e300``), NaN and infinity are not counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MAX_COUNT = 1e9  # far above any constituency's votes, far below float64's exact integers


def not_counts(
    values: pd.Series, *, blank_ok: bool, whole: bool = False
) -> tuple[pd.Series, np.ndarray]:
    """The column as numbers, and a mask of the cells that are not counts.

    Args:
        values: The column as read.
        blank_ok: Whether an empty cell is allowed (it reads as NaN).
        whole: Whether a fraction is refused.

    Returns:
        ``(numbers, bad)``: ``numbers`` NaN where a cell is blank or not a number.
    """
    numbers = pd.to_numeric(values, errors="coerce")
    blank = values.isna() | values.astype(str).str.strip().eq("")
    bad = (numbers.isna() & ~(blank & blank_ok)) | (numbers < 0) | (numbers > MAX_COUNT)
    bad |= np.isinf(numbers)
    if whole:
        bad |= numbers.notna() & np.isfinite(numbers) & (numbers != numbers.round())
    return numbers, bad.to_numpy(dtype=bool)
