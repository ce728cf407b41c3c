"""Rows of a results file that add up other rows: totals and subtotals, not stations.

Official spreadsheets often end with a national total and put a subtotal under (or over) each
district's stations. Read as stations they are stations of a whole district or country at its
average turnout and share, and nothing said so. A row is taken for one on any of three kinds
of evidence, each more than a coincidence among a few stations:

* its label says so (``Total``, ``North subtotal``, ``Итого``);
* every count given (registered voters, ballots, the leader's votes...) is exactly the sum of
  three rows or more: of all the other rows, or of a district's block of stations; a block of
  two counts only where the file has a second subtotal (three small stations, one the sum of
  the other two, are a coincidence, not a district);
* every count is within :data:`NEAR` of the sum of all the other rows and :data:`BY_FAR` times
  any other row's, as a total that holds postal or late votes no station row does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

NEAR = 0.25
"""How far a total's counts may be from the stations' sums (postal votes, late corrections)."""
BY_FAR = 5
"""How many times any other row's counts a near total must be: no station is that much bigger."""
MIN_ADDED = 3
"""Rows an exact sum must add up to be taken without a second subtotal beside it."""
# Total in English, Russian, Ukrainian, German, Italian, Dutch, Turkish, Malay and Indonesian
# as a word; words that are also names or other words (Suma, razem, разом, کل, कुल) only as a
# whole label. A judgement call [E]: a label that says total is rarely a station's.
_TOTAL_ROOTS = "tot|sum|итог|всег|усьог|gesamt|toplam|jumlah|razem|разом|کل|कुल|مجموع|إجمالي"
_TOTAL_WORDS = re.compile(
    r"\b(?:(?:sub-?|grand\s+)?totals?|totale|totaal|toplam|jumlah|(?:ins)?gesamt)\b"
    r"|\b(?:итого|всего|усього)\b|\bال(?:مجموع|إجمالي)\b"
    r"|^\W*(?:sum|summe|suma|razem|разом|کل|कुल)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AddingRow:
    """Why a row is taken for a total or subtotal.

    Attributes:
        kind: ``"label"``, ``"total"`` (the exact sum of all the other rows), ``"near"``
            (close to it) or ``"subtotal"`` (the exact sum of the rows in ``run``).
        run: The first and last row a subtotal adds up (positions, inclusive).
        label: The label that says so (kind ``"label"``).
    """

    kind: str
    run: tuple[int, int] | None = None
    label: str = ""


def total_labels(labels: pd.DataFrame) -> dict[int, str]:
    """Rows of a table of labels (the file's text columns) with a cell that says total.

    A column where half the rows or more say so (a column of "total votes") marks nothing.
    """
    found: dict[int, str] = {}
    for name in labels.columns:
        text = labels[name].astype("string").fillna("").str.strip()
        # A plain search first: the full pattern is ten times slower on a million labels.
        hit = text.str.contains(_TOTAL_ROOTS, case=False).to_numpy(dtype=bool)
        hit[hit] = text[hit].str.contains(_TOTAL_WORDS).to_numpy(dtype=bool)
        if 0 < hit.sum() < len(hit) / 2:
            for r in np.flatnonzero(hit):
                found.setdefault(int(r), str(text.iloc[r]))
    return dict(sorted(found.items()))


def exact_totals(*counts: np.ndarray) -> np.ndarray:
    """Rows each of whose counts is exactly the sum over all the other rows, three or more."""
    table = np.column_stack([c.astype(np.int64) for c in counts])
    if len(table) < MIN_ADDED + 1:
        return np.array([], dtype=np.int64)
    others = table.sum(axis=0) - table
    return np.flatnonzero(((table == others) & (table > 0)).all(axis=1))


def near_totals(*counts: np.ndarray) -> np.ndarray:
    """Rows close to the sum of all the other rows and far above each of them, not exactly it."""
    table = np.column_stack([c.astype(np.int64) for c in counts])
    if len(table) < 2:
        return np.array([], dtype=np.int64)
    # Far above every other row, it can only be the largest by the first count.
    r = int(np.argmax(table[:, 0]))
    row, others = table[r], table.sum(axis=0) - table[r]
    largest_other = np.delete(table, r, axis=0).max(axis=0)
    near = (np.abs(row - others) <= NEAR * others) & (row >= BY_FAR * largest_other)
    return np.array([r] if near.all() and (row != others).any() and (row > 0).all() else [], int)


def subtotal_rows(*counts: np.ndarray) -> dict[int, tuple[int, int]]:
    """Rows whose counts are each the sum of the block of two or more rows before them.

    A block starts at the top of the file or after the previous subtotal, as a district's
    stations do in a spreadsheet; read from the bottom up, the same finds subtotals placed over
    their stations. Requiring the block, not any run of rows, keeps small stations whose
    counts happen to add up from being taken for subtotals. The file's last row (or first) may
    add up any run of three rows or more next to it: one district's total at the foot of a
    file of several, which no coincidence among small stations is likely to match.

    Returns:
        Row -> ``(first, last)``, the rows it adds up (positions, inclusive).
    """
    table = np.column_stack([c.astype(np.int64) for c in counts])
    n = len(table)
    found: dict[int, tuple[int, int]] = {}
    for reverse in (False, True):
        rows = table[::-1] if reverse else table
        # before[i] is the sum over rows 0..i-1; row r adds up rows s..r-1 when before[s] is
        # before[r] less row r. Counts are not negative, so such an s comes before r.
        before = np.vstack([np.zeros((1, rows.shape[1]), np.int64), np.cumsum(rows, axis=0)])
        wanted = before[:-1] - rows
        sums, first = np.unique(_hash(before), return_index=True)
        at = np.minimum(np.searchsorted(sums, _hash(wanted)), len(sums) - 1)
        start = np.where(sums[at] == _hash(wanted), first[at], n + 1)
        block = 0  # where the current block of stations starts
        for r in np.flatnonzero((start <= np.arange(n) - 2) & (rows > 0).all(axis=1)):
            r = int(r)
            if r == n - 1 and start[r] <= r - MIN_ADDED and (before[start[r]] == wanted[r]).all():
                # The file's last row (first, read up) may add up only the district above it.
                block = int(start[r])
            elif r < block + 2 or not (before[block] == wanted[r]).all():
                continue
            row, run = (n - 1 - r, (n - r, n - 1 - block)) if reverse else (r, (block, r - 1))
            found.setdefault(row, run)
            block = r + 1
    return dict(sorted(found.items()))


def _hash(sums: np.ndarray) -> np.ndarray:
    """One 64-bit number per row of sums, to look rows up (a match is then checked exactly)."""
    weights = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
    mixed = np.zeros(len(sums), np.uint64)
    for j in range(sums.shape[1]):
        mixed = mixed * weights[j % 3] + sums[:, j].astype(np.uint64)  # wraps, as meant
    return mixed


def adding_rows(
    *counts: np.ndarray, labels: dict[int, str] | None = None, keep: np.ndarray | None = None
) -> dict[int, AddingRow]:
    """Every total and subtotal row, and why it is taken for one.

    A total of the whole file is found first (it also adds up the run of every row above it),
    then subtotals among the rest, then a total of what remains: with subtotals in the file,
    its grand total is the sum of the stations alone. Rows whose label says total come next,
    and a total of what is left after them (labelled subtotals need not add up exactly).

    Args:
        counts: The counts of every row.
        labels: Row -> a label of it that says total (see :func:`total_labels`).
        keep: Mask of rows the user says are stations: never taken, still summed.

    Returns:
        Row -> why, in row order.
    """
    n = len(counts[0])
    keep = np.zeros(n, dtype=bool) if keep is None else keep
    said = np.full(n, "", dtype=object)
    for r, text in (labels or {}).items():
        said[r] = text
    out: dict[int, AddingRow] = {}
    rest = np.arange(n)
    for find in (total_rows, _subtotals, total_rows, *((_labelled, total_rows) if labels else ())):
        args = (said[rest],) if find is _labelled else tuple(c[rest] for c in counts)
        for r, why in find(*args).items():
            if keep[rest[r]]:
                continue
            run = None if why.run is None else (int(rest[why.run[0]]), int(rest[why.run[1]]))
            out[int(rest[r])] = AddingRow(why.kind, run, why.label)
        taken = np.zeros(n, dtype=bool)
        taken[list(out)] = True
        rest = np.flatnonzero(~taken)
    return dict(sorted(out.items()))


def _labelled(said: np.ndarray) -> dict[int, AddingRow]:
    return {int(r): AddingRow("label", label=said[r]) for r in np.flatnonzero(said != "")}


def total_rows(*counts: np.ndarray) -> dict[int, AddingRow]:
    """Rows each of whose counts is the sum over all the other rows (three or more), or near it.

    Near: each count within :data:`NEAR` of that sum and :data:`BY_FAR` times the largest
    other row's (:func:`near_totals`).
    """
    near = {int(r): AddingRow("near") for r in near_totals(*counts)}
    return {**near, **{int(r): AddingRow("total") for r in exact_totals(*counts)}}


def _subtotals(*counts: np.ndarray) -> dict[int, AddingRow]:
    """Subtotals of three rows or more, or of two where the file has a second subtotal.

    Only rows that counted anything are counted: closed stations (all zeros) add nothing, and
    a station repeated beside two of them is no subtotal.
    """
    found = subtotal_rows(*counts)
    counted = np.column_stack(counts).any(axis=1)
    added = {r: int(counted[run[0] : run[1] + 1].sum()) for r, run in found.items()}
    return {
        r: AddingRow("subtotal", run)
        for r, run in found.items()
        if added[r] >= MIN_ADDED or (added[r] >= 2 and len(found) > 1)
    }


def adding_reason(why: AddingRow, rows: np.ndarray) -> str:
    """Why a row is taken for a total, in words; ``rows`` gives each row's number in the file."""
    if why.kind == "label":
        return "this row's label says it is a total or subtotal"
    if why.kind == "near":
        return (
            f"this row's counts are within {NEAR:.0%} of the sums of all the other rows and at "
            f"least {BY_FAR} times any other row's: a total (holding votes no station row does, "
            "such as postal votes)"
        )
    if why.run is None:
        return "this row's counts are the sums of all the other rows: a total"
    first, last = rows[why.run[0]], rows[why.run[1]]
    return f"this row's counts are the sums of rows {first} to {last}: a subtotal"
