"""The report's spread charts: the national turnout histogram."""

from __future__ import annotations

import re

from votebank.report.spreadcharts import histogram


def test_each_turnout_bar_names_its_own_range():
    # pakistan-2008, 20 runs: national turnout 44.77%-44.98% in five bins; every bar's tooltip
    # read "45%–45%: 3 runs", so a reader could not tell which turnout a bar counts.
    edges = [0.447682, 0.448105, 0.448528, 0.448952, 0.449375, 0.449798]
    chart = histogram("chart-turnout", edges, [3, 3, 4, 4, 6], title="t", desc="d")
    tips = re.findall(r'<g class="mark"><title>([^<]*)</title>', chart)
    assert tips[0] == "44.77%–44.81%: 3 runs"
    assert len(set(tips)) == len(tips)
    for tip in tips:
        low, high = tip.split(":")[0].split("–")
        assert low != high, tip


def test_wide_bins_keep_whole_percentages():
    chart = histogram("chart-turnout", [0.5, 0.55, 0.6], [1, 2], title="t", desc="d")
    tips = re.findall(r'<g class="mark"><title>([^<]*)</title>', chart)
    assert tips == ["50%–55%: one run", "55%–60%: 2 runs"]
