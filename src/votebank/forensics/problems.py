"""The problem collector of a results file: every bad value found, grouped by column.

A column reports its first few bad rows and then a count, so one report stays readable; a
value is shown in a problem by :func:`fmt` (counts) or :func:`clip` (a long cell cut short).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.forensics.text import MAX_ROWS_PER_COLUMN


class Problems:
    """Problems grouped by column so that each column reports at most a few rows."""

    def __init__(self, file: str):
        self.file = file
        self.general: list[Problem] = []
        self.by_column: dict[str, list[tuple[int, str, str]]] = {}

    def add(self, location: str, value: str, message: str) -> None:
        """Record a problem of the file as a whole (not of one column's rows)."""
        self.general.append(Problem(self.file, location, value, message))

    def add_rows(self, column: str, rows: np.ndarray, values: Sequence[str], message: str) -> None:
        """Record one problem at each of ``rows`` of ``column``, with the value found there."""
        bucket = self.by_column.setdefault(column, [])
        bucket.extend(zip(rows.tolist(), values, [message] * len(rows), strict=True))

    def __bool__(self) -> bool:
        return bool(self.general) or any(self.by_column.values())

    def problems(self) -> list[Problem]:
        """Every problem: the general ones, then each column's first rows and a count of more."""
        out = list(self.general)
        for column, rows in self.by_column.items():
            rows.sort(key=lambda r: r[0])
            for row, value, message in rows[:MAX_ROWS_PER_COLUMN]:
                out.append(Problem(self.file, f"row {row}, column {column}", value, message))
            rest = len(rows) - MAX_ROWS_PER_COLUMN
            if rest > 0:
                out.append(
                    Problem(
                        self.file,
                        f"column {column}",
                        plural(rest, "more row"),
                        f"and {plural(rest, 'more bad row')} in this column (first "
                        f"{MAX_ROWS_PER_COLUMN} shown)",
                    )
                )
        return out

    def raise_if_any(self) -> None:
        """Raise :class:`InputError` listing every problem, if any was found."""
        if self:
            raise InputError(self.problems())


def clip(text: str) -> str:
    """A cell as shown in a problem: its first 40 characters and its length when longer."""
    return f"{text[:40]}... ({len(text):,} characters)" if len(text) > 40 else text


def fmt(values: np.ndarray) -> list[str]:
    """Counts as shown in a problem (``%g``)."""
    return [f"{v:g}" for v in values.tolist()]
