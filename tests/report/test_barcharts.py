"""The report's bar charts (votebank/report/barcharts.py)."""

from __future__ import annotations

import re

from votebank.report.barcharts import Bar, interval_bars


def _axis_titles(chart: str) -> list[str]:
    return re.findall(r'class="axis"[^>]*>([^<]*)<', chart)


def test_the_seat_bars_say_what_their_ticks_count():
    # pakistan-2008's "Total seats by party" and "General seats at the poll" charts had ticks
    # 0, 50, 100, 150, 200 under the bars and no word on what they counted.
    bars = [Bar("PPPP", 126.3, 119, 139, "#000000"), Bar("PML-N", 88.6, 80, 96, "#006600")]
    chart = interval_bars("chart-seats", bars, title="t", desc="d", axis="seats")
    assert _axis_titles(chart) == ["seats"]
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', chart).group(1))
    bare = interval_bars("chart-seats", bars, title="t", desc="d")
    assert _axis_titles(bare) == []
    assert height > float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', bare).group(1))
