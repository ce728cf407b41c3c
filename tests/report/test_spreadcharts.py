"""The report's spread charts: the national turnout histogram, the turnout by region."""

from __future__ import annotations

import re

from votebank.report.spreadcharts import histogram, ranges


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


def _ticks(chart: str) -> list[tuple[float, str]]:
    return [
        (float(x), label)
        for x, label in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" class="tick"[^>]*>([^<]*)<', chart
        )
        if label.endswith("%")
    ]


def test_turnout_ticks_stand_at_the_values_they_name():
    # tiny, 30 runs: national turnout 51.25%-57.81%. Six ticks evenly spaced from end to end
    # were rounded to whole percentages, "51%, 53%, 54%, 55%, 56%, 58%": the "55%" tick stood at
    # 55.19%, right of the line marked "mean 55.0%", and "53%" at 52.57%.
    edges = [0.51254, 0.52347, 0.53439, 0.54532, 0.55624, 0.56717, 0.5781]
    chart = histogram("chart-turnout", edges, [1, 2, 7, 11, 6, 3], title="t", desc="d")
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)
    x0 = float(bars[0][0]) - 1  # bars are inset by one unit at each end
    x1 = float(bars[-1][0]) + float(bars[-1][1]) + 1
    ticks = _ticks(chart)
    assert len(ticks) >= 2
    for x, label in ticks:
        at = edges[0] + (edges[-1] - edges[0]) * (x - x0) / (x1 - x0)
        assert abs(100 * at - float(label[:-1])) < 0.01, (label, 100 * at)


def test_region_ticks_name_half_points():
    # A step of 2.5 points was written in whole percentages: 32.5% read "32%".
    rows = [("A", 0.30, 0.32, 0.34), ("B", 0.36, 0.38, 0.40)]
    chart = ranges("chart-turnout-region", rows, title="t", desc="d", digits=1)
    assert [label for _, label in _ticks(chart)] == ["30.0%", "32.5%", "35.0%", "37.5%", "40.0%"]


def test_both_axes_of_the_turnout_histogram_are_named():
    # Its one axis title, "runs by national turnout", sat under the turnout ticks; the heights
    # 0, 5, 10 beside the bars were not named.
    chart = histogram("chart-turnout", [0.5, 0.55, 0.6], [1, 2], title="t", desc="d")
    titles = re.findall(r'class="axis"[^>]*>([^<]*)<', chart)
    assert titles == ["national turnout", "runs"]


def test_the_turnout_by_region_chart_names_its_axis():
    rows = [("National", 0.448, 0.449, 0.450), ("Punjab", 0.485, 0.487, 0.488)]
    chart = ranges("chart-turnout-region", rows, title="t", desc="d", digits=1, axis="turnout")
    assert re.findall(r'class="axis"[^>]*>([^<]*)<', chart) == ["turnout"]
