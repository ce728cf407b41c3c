"""Per-region results: every test run on each region's stations, regions ranked by their flags."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from votebank.display import plural
from votebank.forensics.regions import MIN_STATIONS
from votebank.forensics.report import ForensicsReport, RegionReport
from votebank.forensics.stations import StationResults, take

MIN_REGION_STATIONS = MIN_STATIONS
"""Stations a region needs for results of its own (as it needs them to be standardised).

A smaller region's tests are a station's or a few stations' tests: with ``--region`` naming
a column of station numbers, the integer test ran on each station alone and flagged some
by chance, and the table ranked them as suspicious regions."""


def short_name(test: str) -> str:
    """A few characters for a counted test, for the region table and plot."""
    for key, short in (("f_e", "f_e"), ("f_i", "f_i"), ("Integer", "integer %"), ("100%", "100%")):
        if key in test:
            return short
    return test.split(":")[0]


def flag_names(report: ForensicsReport) -> list[str]:
    """Short names of the counted tests that flag ``report``."""
    return [short_name(f.test) for f in report.flags if f.flagged and f.counted]


def subset(results: StationResults, mask: np.ndarray) -> StationResults:
    """The stations where ``mask`` is true, without region labels."""
    return replace(take(results, mask), regions=None)


def suspicion(report: ForensicsReport) -> tuple:
    """Sort key, most suspicious first: counted flags, then the strongest evidence."""
    counted = [f for f in report.flags if f.counted]
    n_flags = sum(f.flagged for f in counted)
    p = [f.p_value for f in counted if f.p_value is not None and math.isfinite(f.p_value)]
    lows = [
        f.interval[0] for f in counted if f.interval is not None and math.isfinite(f.interval[0])
    ]
    return (-n_flags, min(p, default=1.0), -max(lows, default=0.0))


def rank_regions(reports: dict[str, ForensicsReport]) -> tuple[RegionReport, ...]:
    """Rank regions by :func:`suspicion` (ties by name)."""
    order = sorted(reports, key=lambda r: (suspicion(reports[r]), r))
    return tuple(RegionReport(r, i + 1, reports[r]) for i, r in enumerate(order))


def with_small_regions(report: ForensicsReport, sizes: dict[str, int]) -> ForensicsReport:
    """The report with the regions too small for results of their own named and said.

    ``sizes``: stations per region. Where most regions hold a single station, the region
    column looks like the stations' own numbers, and the note says so.
    """
    small = tuple(name for name, n in sizes.items() if n < MIN_REGION_STATIONS)
    if not small:
        return report
    singles = sum(n == 1 for n in sizes.values())
    held = sum(sizes[name] for name in small)
    note = ""
    if singles * 2 > len(sizes):
        note = (
            f" {singles:,} of {plural(len(sizes), 'region')} "
            f"{'holds' if singles == 1 else 'hold'} a single station: "
            "--region looks like a station id (give that column as --id)."
        )
    some = "All" if len(small) == len(sizes) > 1 else f"{len(small):,} of"
    one = len(small) == 1
    note += (
        f" {some} {plural(len(sizes), 'region')} {'holds' if one else 'hold'} fewer than "
        f"{MIN_REGION_STATIONS} stations ({plural(held, 'station')} in all) and "
        f"{'gets' if one else 'get'} no results of their own: "
        "too few to test alone; their stations are in the national results."
    )
    return replace(report, headline=report.headline + note, small_regions=small)
