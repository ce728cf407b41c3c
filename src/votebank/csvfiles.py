"""Read a CSV file given by the user, one rule for every results reader.

A file that cannot be read, or that lacks a column, is an InputError naming the file, not a
traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from votebank.errors import InputError, Problem


def read_csv(
    path: str | Path, *, required: Iterable[str] = (), what: str = "", **kwargs
) -> pd.DataFrame:
    """``pandas.read_csv(path, **kwargs)``, checked.

    Raises:
        InputError: The file cannot be read, or a ``required`` column is missing (named as
            columns of ``what``).
    """
    try:
        frame = pd.read_csv(path, **kwargs)
    except (OSError, ValueError, pd.errors.ParserError) as e:
        raise InputError([Problem(str(path), "", "", f"cannot read as CSV: {e}")]) from e
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            [Problem(str(path), "header", ", ".join(missing), f"missing column(s) of {what}")]
        )
    return frame
