"""votebank seats: typed shares give seats with intervals; more votes never cost a party seats."""

import functools

import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.cli import app
from votebank.errors import InputError
from votebank.uk.seats import parse_shares, seat_calculator


@functools.cache
def england():
    sc = vb.load_scenario("uk-2015-from-2010")
    english = sc.constituencies[sc.constituencies["region"] != "Scotland"]["id"]
    return sc.with_seats(list(english[:120]))


@pytest.mark.parametrize(
    ("text", "says"),
    [("Con=abc", "PARTY=PERCENT"), ("Con=150", "0 to 100"), ("Con=60,Lab=50", "more than 100")],
)
def test_bad_shares_are_input_errors(text, says):
    with pytest.raises(InputError, match=says):
        parse_shares(text, "--shares")


def test_an_unknown_party_is_an_input_error():
    with pytest.raises(InputError, match="Tory"):
        seat_calculator(england(), {"Tory": 0.4}, runs=2)


def test_more_votes_never_cost_a_party_seats_and_intervals_hold_the_mean():
    low = {"Con": 0.34, "Lab": 0.34, "LD": 0.08, "UKIP": 0.12}
    high = {**low, "Con": 0.40, "Lab": 0.30}
    seats_low, _ = seat_calculator(england(), low, runs=30, seed=4)
    seats_high, changes = seat_calculator(england(), high, runs=30, seed=4)
    con = {
        t: float(s.set_index("party").loc["Con", "seats"])
        for t, s in (("low", seats_low), ("high", seats_high))
    }
    assert con["high"] > con["low"]
    assert (seats_high.q05 <= seats_high.seats).all()
    assert (seats_high.seats <= seats_high.q95).all()
    assert seats_high.seats.sum() == pytest.approx(120)
    assert ((changes.p_change > 0) & (changes.p_change <= 1)).all()


def test_the_command_prints_seats_and_seats_changing_hands_and_writes_the_map(tmp_path):
    page = tmp_path / "map.html"
    result = CliRunner().invoke(
        app,
        [
            "seats",
            "uk-2015-from-2010",
            "--shares",
            "Con=38,Lab=31,LD=8,UKIP=12",
            "--runs",
            "3",
            "--map",
            str(page),
        ],
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    assert "Seats at Con=38,Lab=31" in result.output
    assert "change hands" in result.output
    assert str(page) in result.output.replace("\n", "")
    html = page.read_text(encoding="utf-8")
    assert html.count("data-seat=") == 650  # one hexagon per seat
    assert "Open Innovations" in html  # the layout's credit
