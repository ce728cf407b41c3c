"""Labels of one election written two ways but for case or spacing: one party, or two?

Read as written, ``Lab`` in some rows and ``LAB`` in others are two parties (the second new,
with no base votes, its people "switching party"), and ``Punjab`` and ``punjab`` two regions
(two blocks of given shares). Which spelling is meant is unknown, so both rows are named.
Labels that mean no party (independents, the others row) are read alike however written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from votebank.errors import Problem


def _folded(label: str) -> str:
    return "".join(label.split()).casefold()


def two_spellings(
    day: pd.DataFrame, layout: str, path: Path, alike: Iterable[str]
) -> list[Problem]:
    """:func:`spelt_two_ways` of the regions, then the parties (not ``alike``), of a layout."""
    if layout == "rows":
        parties = tuple(f"{pos}_party" for pos in ("win", "second", "third"))
        return spelt_two_ways(day, ("province",), path) + spelt_two_ways(day, parties, path, alike)
    return spelt_two_ways(day, ("region",), path) + spelt_two_ways(day, ("party",), path, alike)


def spelt_two_ways(
    day: pd.DataFrame, columns: Iterable[str], path: Path, alike: Iterable[str] = ()
) -> list[Problem]:
    """Cells of ``columns`` spelt otherwise than an earlier cell but for case and spacing.

    ``alike``: labels read the same however written (their folded forms are not compared).
    Each second spelling is named once, at its first row (the first five).
    """
    skip = {_folded(a) for a in alike}
    first: dict[str, tuple[str, int]] = {}  # folded -> (as first written, its row)
    problems: list[Problem] = []
    named: set[str] = set()
    for col in (c for c in columns if c in day):
        for value, line in zip(day[col], day["_row"], strict=True):
            if pd.isna(value) or not str(value).strip():
                continue
            text = str(value)
            key = _folded(text)
            if key in skip:
                continue
            seen, row = first.setdefault(key, (text, line))
            if seen != text and text not in named:
                named.add(text)
                why = (
                    f"written {seen!r} in row {row}: one label in two spellings (case or "
                    "spacing) would be read as two; write it alike"
                )
                problems.append(Problem(str(path), f"row {line}, column {col}", text, why))
    return problems[:5]
