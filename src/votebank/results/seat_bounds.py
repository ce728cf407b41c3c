"""The 5-95 % interval of seat totals over runs: totals some run had, never a fraction of a seat.

Interpolating between two runs' totals read 8.05–8.95 for runs of 8 and 9 seats. Each bound
here is numpy's linear quantile rounded outward to the run totals either side of it (numpy's
``method="lower"`` at 5 %, ``"higher"`` at 95 %): whole seats, the interval symmetric in the
runs (with 20 runs, the lowest and the highest), and at least 90 % of runs inside it.
"""

from __future__ import annotations

import numpy as np

LOW, HIGH = 0.05, 0.95


def seat_bounds(totals, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The 5 % and 95 % bounds of seat ``totals`` along ``axis`` (runs)."""
    return (
        np.quantile(totals, LOW, axis=axis, method="lower"),
        np.quantile(totals, HIGH, axis=axis, method="higher"),
    )


def seat_bounds_sql(column: str, prefix: str = "") -> str:
    """SQL aggregates ``{prefix}q05`` and ``{prefix}q95`` of ``column``, as :func:`seat_bounds`.

    DuckDB's ``quantile_disc`` is numpy's ``inverted_cdf``, which at 20 runs takes the lowest
    run but not the highest: the sorted totals are indexed as numpy indexes them (in doubles,
    so that a position such as 0.95 x 20 rounds alike).
    """
    runs = f"list_sort(list({column}))"
    at = f"::DOUBLE * (count({column}) - 1)"
    return (
        f"{runs}[floor({LOW}{at})::BIGINT + 1] AS {prefix}q05, "
        f"{runs}[ceil({HIGH}{at})::BIGINT + 1] AS {prefix}q95"
    )
