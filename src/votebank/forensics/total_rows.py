"""Rows of a results file that add up other rows: totals and subtotals, not stations.

Official spreadsheets often end with a national total and put a subtotal under (or over) each
district's stations. Read as stations they are stations of a whole district or country at its
average turnout and share, and nothing said so. A row is one only when every count given
(registered voters, ballots, the leader's votes...) matches, which stations do not do by chance.
"""

from __future__ import annotations

import numpy as np


def total_rows(*counts: np.ndarray) -> np.ndarray:
    """Rows each of whose counts is the sum of that count over all the other rows.

    Among three rows or more (two equal stations are each other's sum).
    """
    if len(counts[0]) < 3:
        return np.array([], dtype=np.int64)
    hit = np.ones(len(counts[0]), dtype=bool)
    for c in counts:
        c = c.astype(np.int64)
        hit &= (2 * c == c.sum()) & (c > 0)
    return np.flatnonzero(hit)


def subtotal_rows(*counts: np.ndarray) -> dict[int, tuple[int, int]]:
    """Rows whose counts are each the sum of the block of two or more rows before them.

    A block starts at the top of the file or after the previous subtotal, as a district's
    stations do in a spreadsheet; read from the bottom up, the same finds subtotals placed over
    their stations. Requiring the block, not any run of rows, keeps small stations whose
    counts happen to add up from being taken for subtotals.

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
            if r < block + 2 or not (before[block] == wanted[r]).all():
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


def adding_rows(*counts: np.ndarray) -> dict[int, tuple[int, int] | None]:
    """Every total and subtotal row: row -> the run of rows it adds up, ``None`` for all others.

    A total of the whole file is found first (it also adds up the run of every row above it),
    then subtotals among the rest, then a total of what remains: with subtotals in the file,
    its grand total is the sum of the stations alone.
    """
    out: dict[int, tuple[int, int] | None] = {}
    rest = np.arange(len(counts[0]))
    for find in (total_rows, subtotal_rows, total_rows):
        hits = find(*(c[rest] for c in counts))
        runs = hits if isinstance(hits, dict) else dict.fromkeys(hits.tolist())
        for r, run in runs.items():
            out[int(rest[r])] = None if run is None else (int(rest[run[0]]), int(rest[run[1]]))
        rest = np.delete(rest, list(runs))
    return dict(sorted(out.items()))
