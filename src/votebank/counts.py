"""Which cells of a results file's count column are counts: one rule for every reader.

A count is a finite number from 0 to :data:`MAX_COUNT`; a blank may be allowed (an unknown
count) and a fraction refused. Absurd sizes (``1e300``), NaN, infinity and booleans
(``TRUE``) are not counts.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem

MAX_COUNT = 1e9  # far above any constituency's votes, far below float64's exact integers

_GROUPED = re.compile(
    r"\d{1,3}(?:([, \u00a0\u202f'])\d{3})(?:\1\d{3})*|\d{1,3}(?:\.\d{3}){2,}"
    r"|\d{1,2}(?:,\d{2})+,\d{3}"
)
"""Digits in groups of three split by commas, spaces or apostrophes (a spreadsheet's 12,045),
or by two dots or more (10.703.654: one dot, 0.609, may be a decimal), or in lakhs and crores
(1,23,45,678)."""


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
    # pandas reads a column of TRUE/FALSE as booleans, which would otherwise pass as 1 and 0.
    boolean = values.map(lambda v: isinstance(v, bool | np.bool_)).to_numpy(dtype=bool)
    numbers = pd.to_numeric(values.mask(boolean), errors="coerce")
    blank = _blank(values) & ~boolean
    bad = (numbers.isna() & ~(blank & blank_ok)) | (numbers < 0) | (numbers > MAX_COUNT)
    bad |= np.isinf(numbers)
    if whole:
        bad |= numbers.notna() & np.isfinite(numbers) & (numbers != numbers.round())
    return numbers, bad.to_numpy(dtype=bool)


def count_problems(
    values: pd.Series,
    path: str | Path,
    lines: np.ndarray,
    *,
    blank_ok: bool,
    whole: bool = False,
    shown: int = 5,
) -> tuple[pd.Series, list[Problem]]:
    """:func:`not_counts`, with a problem naming the file line and value of each bad cell.

    Args:
        values: The column as read (its name is the column named).
        path: The file, for messages.
        lines: Each cell's line in the file (the header is line 1).
        blank_ok: Whether an empty cell is allowed.
        whole: Whether a fraction is refused.
        shown: At most this many problems.
    """
    numbers, bad = not_counts(values, blank_ok=blank_ok, whole=whole)
    kind = "a whole number" if whole else "a finite number"
    wanted = f"{kind} from 0 to {MAX_COUNT:.0e}"
    problems = [
        Problem(
            str(path), f"row {line}, column {values.name}", "", f"empty: wants a count ({wanted})"
        )
        if empty  # an empty cell (or "NA") reads as NaN: not "(got nan)"
        else Problem(
            str(path),
            f"row {line}, column {values.name}",
            str(as_written(cell)),
            f"not a count ({wanted}){_grouped(cell)}",
        )
        for line, cell, empty in zip(
            lines[bad][:shown], values[bad][:shown], _blank(values)[bad][:shown], strict=True
        )
    ]
    return numbers, problems


def _grouped(cell) -> str:
    """How to write a count typed with thousands separators (``12,045``), else nothing."""
    text = str(cell).strip()
    if not isinstance(cell, str) or not _GROUPED.fullmatch(text):
        return ""
    return f": write {re.sub(r'[^0-9]', '', text)}, without thousands separators"


def frame_counts(values: pd.Series, name: str, frame: str, *, blank_ok: bool) -> pd.Series:
    """A count column of a frame given to the Python API (its rows named by position)."""
    index = values.index  # the caller's, to assign the numbers back row by row
    lines = np.arange(len(values))
    numbers, problems = count_problems(
        values.reset_index(drop=True), f"{name} ({frame})", lines, blank_ok=blank_ok
    )
    if problems:
        raise InputError(problems)
    return numbers.astype(float).set_axis(index)


def _blank(values: pd.Series) -> np.ndarray:
    """Cells read as missing: blank, or a word pandas reads as missing ("NA")."""
    return (values.isna() | values.astype(str).str.strip().eq("")).to_numpy(dtype=bool)


def as_written(value):
    """A whole number read as a decimal as a file writes it (``12.0`` is ``"12"``); else as is.

    One past float's exact integers is in its own notation: ``1e30`` was quoted as the
    31 digits of the float nearest it (1000000000000000019884624838656).
    """
    if isinstance(value, float) and np.isfinite(value) and value == int(value):
        return str(int(value)) if abs(value) <= 2**53 else f"{value:g}"
    return value
