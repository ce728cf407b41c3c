"""Counts written with a dot between groups of three zeros (``5.000``): refused, not read.

Where the dot separates thousands (files saved with semicolons in much of Europe and Latin
America), ``5.000`` is five thousand; read as a number it is five, a whole count that passes
every other check. ``1.234`` is no whole number and is refused as not a count already.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from votebank.csvfiles import data_lines, read_csv
from votebank.errors import Problem

DOTTED = re.compile(r"\d{1,3}(?:\.000)+")
# The same in the file's text, between delimiters: most files have none, and are not re-read.
IN_TEXT = re.compile(rb"(?:^|[,;\t|])\s*\d{1,3}(?:\.000)+\s*(?=[,;\t|\r\n]|$)", re.M)
WHY = (
    "a dot between groups of three digits may be a thousands separator: write the count "
    "without it (5000), or as the number it is (5)"
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
            Problem(str(path), f"row {line}, column {col}", cell.strip(), WHY)
            for line, cell in zip(at, raw[col], strict=True)
            if line in wanted and DOTTED.fullmatch(cell.strip())
        ]
        problems += found[:5]
    return problems
