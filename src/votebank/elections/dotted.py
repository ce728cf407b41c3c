"""Counts written with a dot between groups of three digits (``5.000``): refused, not read.

Where the dot separates thousands (files saved with semicolons in much of Europe and Latin
America), ``5.000`` is five thousand; read as a number it is five, a whole count that passes
every other check. ``4.600`` is no whole number and is refused as not a count, but read as a
number it was quoted as ``4.6``, with no word of the separator: it is named here as written.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from votebank.csvfiles import data_lines, read_csv
from votebank.errors import Problem

DOTTED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 0.609 is a decimal
# The same in the file's text, between delimiters: most files have none, and are not re-read.
IN_TEXT = re.compile(rb"(?:^|[,;\t|])\s*[1-9]\d{0,2}(?:\.\d{3})+\s*(?=[,;\t|\r\n]|$)", re.M)


def why(cell: str) -> str:
    """What a dotted count may be, with the cell's own digits (5000 or 5 for ``5.000``)."""
    digits = cell.replace(".", "")
    if re.fullmatch(r"\d{1,3}\.000", cell):  # a whole number either way
        return (
            "a dot between groups of three digits may be a thousands separator: write the count "
            f"without it ({digits}), or as the number it is ({cell.split('.')[0]})"
        )
    return (
        "not a count (a whole number): a dot between groups of three digits is a thousands "
        f"separator here: write the count without it ({digits})"
    )


def dotted_counts(path: Path, lines: np.ndarray, columns: tuple[str, ...]) -> list[Problem]:
    """Each count cell of the rows on ``lines`` written like ``5.000`` (at most 5 a column)."""
    if not IN_TEXT.search(path.read_bytes()):
        return []
    raw = read_csv(path, dtype=str, keep_default_na=False)
    at = data_lines(path)
    at = at if len(at) == len(raw) else list(range(2, len(raw) + 2))
    wanted = {int(line) for line in lines}
    problems = []
    for col in (c for c in columns if c in raw.columns):
        found = [
            Problem(str(path), f"row {line}, column {col}", cell.strip(), why(cell.strip()))
            for line, cell in zip(at, raw[col], strict=True)
            if line in wanted and DOTTED.fullmatch(cell.strip())
        ]
        problems += found[:5]
    return problems
