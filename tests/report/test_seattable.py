"""The report's constituency table."""

from __future__ import annotations

import re

from tests.report import run_tiny
from votebank.report import build_report, render_html


def nearly_certain(data: dict) -> dict:
    """The first seat won by its leader in 998 of 1,000 runs, by its challenger in 2."""
    seat = data["constituencies"][0]
    lead, chal = seat["candidates"][:2]
    lead["p_win"], chal["p_win"] = 0.998, 0.002
    for c in seat["candidates"][2:]:
        c["p_win"] = 0.0
    seat["p_winner"] = 0.998
    seat["parties"] = {lead["party"]: 0.998, chal["party"]: 0.002}
    return seat


def test_a_probability_short_of_certain_never_reads_100_or_0(tmp_path):
    # A seat won in 998 of 1,000 runs read "100%" and its challenger "0%" (the summary: 99.8%
    # and 0.2%).
    data = build_report(run_tiny(tmp_path, runs=2))
    seat = nearly_certain(data)
    html = render_html(data)
    table = re.search(r'<table id="seat-table".*?</table>', html, re.S).group(0)
    row = next(r for r in re.findall(r"<tr data-search.*?</tr>", table, re.S) if seat["id"] in r)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[4] == "99.8%", cells
    assert cells[6] == "0.2%", cells
    assert "99.8%" in cells[-1], cells[-1]
    assert "0.2%" in cells[-1], cells[-1]
    assert "100%" not in row
    tips = re.findall(rf"<title>{re.escape(seat['id'])} [^<]*</title>", html)
    assert tips  # the seat's mark in the house
    for tip in tips:
        assert "in 99.8% of runs" in tip, tip


def test_a_one_seat_table_counts_one_constituency(tmp_path):
    # copeland-2017 and na184-2008 (one seat each): the filter's status read
    # "1 of 1 constituencies".
    data = build_report(run_tiny(tmp_path, runs=2))
    data["constituencies"] = data["constituencies"][:1]
    html = render_html(data)
    assert '<output id="seat-status" aria-live="polite">1 of 1 constituency</output>' in html
    # The filter rewrites the status as it filters: it says one constituency too.
    assert '=== 1 ? " constituency" : " constituencies"' in html
