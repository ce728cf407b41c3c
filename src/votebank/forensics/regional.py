"""Per-region results: every test run on each region's stations, regions ranked by their flags."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from votebank.forensics.report import ForensicsReport, RegionReport
from votebank.forensics.stations import StationResults, take


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
