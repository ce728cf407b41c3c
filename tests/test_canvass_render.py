"""A plan's gain per 100 hours never reads none where the seat gained."""

import pandas as pd
import pytest

from votebank.canvass_render import gain_text, render_plan


@pytest.mark.parametrize(
    ("gain", "shown"),
    [(0.004, "+0.004"), (0.0, "+0.000"), (4e-6, "+4.0e-06"), (-3e-5, "-3.0e-05"), (0.05, "+0.050")],
)
def test_gain_text(gain, shown):
    assert gain_text(gain) == shown


def test_a_seat_that_gained_on_ten_million_hours_does_not_read_zero():
    # 10,000,000 hours took Carlisle from 40% to 80%: "+0.000" seats gained per 100 hours.
    from rich.console import Console

    plan = pd.DataFrame(
        {
            "rank": [1],
            "constituency_id": ["E14000620"],
            "name": ["Carlisle"],
            "region": "North West",
            "hours": [1e7],
            "p_win_before": [0.4],
            "p_win_after": [0.8],
            "gain": [0.4],
            "gain_per_100h": [0.4 / 1e5],
        }
    )
    plan.attrs.update(hours_spent=1e7, budget_hours=1e7, party="Lab", scenario="x")
    console = Console(width=80, record=True)
    console.print(render_plan(plan, width=80))
    text = console.export_text()
    assert "+4.0e-06" in text
    assert "+0.000" not in text


def test_where_the_volunteers_could_go_is_said_as_the_plan_was_asked():
    from votebank.canvass_render import reach_text

    assert reach_text({"regions": ["North", "Wales"], "home_seats": None}) == (
        "within North and Wales"
    )
    home = {"regions": None, "home_seats": {"T-1": 200.0, "T-2": 50.5}}
    assert reach_text(home) == "volunteers' home seats: T-1 200 h, T-2 50.5 h"
    assert reach_text({"regions": None, "home_seats": None}) == "any seat the party contests"
