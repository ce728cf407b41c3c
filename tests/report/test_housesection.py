"""The report's "The house" section."""

from __future__ import annotations

import re

from tests.report import run_tiny
from votebank.report import build_report, render_html


def _house(data: dict) -> str:
    return re.search(r'<section id="house".*?</section>', render_html(data), re.S).group(0)


def test_reserved_seat_columns_only_where_the_house_has_reserved_seats(tmp_path):
    # A UK report's table had "Women" and "Non-Muslim" columns, all 0.0: Pakistan's reserved
    # seats, which a Westminster house does not have.
    data = build_report(run_tiny(tmp_path, runs=2))
    assert "Non-Muslim" in _house(data)  # tiny reserves seats for women and non-Muslims
    for row in data["house"]["parties"]:
        row["women_mean"] = row["non_muslim_mean"] = 0.0
    house = _house(data)
    assert "Women" not in house
    assert "Non-Muslim" not in house
    assert "Total seats (5–95%)" in house
