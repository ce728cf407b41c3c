"""Labels of one election written two ways but for case or spacing: one party, or two?

Read as written, ``Lab`` in some rows and ``LAB`` in others are two parties (the second new,
with no base votes, its people "switching party"), and ``Punjab`` and ``punjab`` two regions
(two blocks of given shares). Which spelling is meant is unknown, so the rarer one is named
beside the one most rows use (UK results files' English regions are checked here too).
Labels that mean no party (independents, the others row) are read alike however written.
"""

from __future__ import annotations

from collections import Counter
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
    """Cells of ``columns`` spelt otherwise than their usual spelling but for case and spacing.

    The usual spelling is the one most cells use (the first written, if two tie): the odd
    ones out are named, each spelling once, at its first row (the first five). ``alike``:
    labels read the same however written (their folded forms are not compared). ``day``
    numbers its rows in ``_row``.
    """
    skip = {_folded(a) for a in alike}
    cells = []  # (folded, as written, row, column) in the file's order, column by column
    for col in (c for c in columns if c in day):
        for value, line in zip(day[col], day["_row"], strict=True):
            if pd.isna(value) or not str(value).strip() or _folded(str(value)) in skip:
                continue
            cells.append((_folded(str(value)), str(value), line, col))
    count = Counter((key, text) for key, text, _, _ in cells)
    first: dict[tuple[str, str], int] = {}
    for key, text, line, _ in cells:
        first.setdefault((key, text), line)
    usual: dict[str, str] = {}
    for key, text in first:  # first written first: max keeps it on a tie
        if key not in usual or count[key, text] > count[key, usual[key]]:
            usual[key] = text
    problems: list[Problem] = []
    named: set[str] = set()
    for key, text, line, col in cells:
        if text == usual[key] or text in named:
            continue
        named.add(text)
        more = count[key, usual[key]] - 1
        others = f" and {more} other row{'s' if more > 1 else ''}" if more else ""
        why = (
            f"written {usual[key]!r} in row {first[key, usual[key]]}{others}: one label in two "
            "spellings (case or spacing) would be read as two; write it alike"
        )
        problems.append(Problem(str(path), f"row {line}, column {col}", text, why))
    return problems[:5]
