"""Elections between a backtest's base and target are listed (backtest/between.py)."""

from tests.backtest.test_cli_notes import result
from tests.backtest.test_held_out_layouts import candidate_file
from votebank.backtest.between import between
from votebank.backtest.cli import notes_rows
from votebank.elections.read import read_election

DATES = ("2001-06-07", "2005-05-05", "2010-05-06")


def test_an_election_the_pair_skips_is_named_and_consecutive_ones_name_none(tmp_path):
    # uk:1983 uk:1992 was scored as any pair, without a word that 1987 lies between.
    f = candidate_file(tmp_path / "r.csv", DATES)
    first, middle, last = (read_election(f"{f}:{d}") for d in DATES)
    assert between(first, last) == [DATES[1]]
    assert between(first, middle) == between(middle, last) == []


def test_the_rules_applied_say_the_elections_between_and_that_the_fit_is_on_one_step():
    r = result()
    assert "elections between" not in dict(notes_rows(r))
    r["pair"]["elections_between"] = ["1987-06-11"]
    got = dict(notes_rows(r))["elections between"]
    assert got == "1987-06-11 (a change over 2 elections; votebank fits consecutive pairs)"
