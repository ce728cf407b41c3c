"""backtest() checks its arguments before reading any election."""

import numpy as np
import pytest

from votebank.backtest.study import backtest
from votebank.errors import InputError


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("runs", 0),
        ("runs", -1),
        ("runs", "5"),
        ("runs", 2.5),
        ("runs", True),
        ("seed", -1),
        ("seed", None),
        ("seed", 1.5),
        ("date", 2008),
        ("given", "psychic"),
        ("by_elections", "yes"),
    ],
)
def test_bad_arguments_are_refused(argument, value):
    with pytest.raises(InputError) as exc:
        backtest("pakistan:2002", "pakistan:2008", **{argument: value})
    assert [p.file for p in exc.value.problems] == [argument]


def test_every_problem_is_reported_together():
    with pytest.raises(InputError) as exc:
        backtest(None, 5, runs=0, seed=-1)
    assert [p.file for p in exc.value.problems] == ["base", "target", "runs", "seed"]


def test_given_and_a_date_neither_election_takes_are_reported_with_the_counts():
    with pytest.raises(InputError) as exc:
        backtest("pakistan:2002", "pakistan:2008", given="psychic", runs=0, date="2005")
    assert [p.file for p in exc.value.problems] == ["given", "runs", "date"]


def test_more_runs_than_memory_holds_are_refused_before_any_is_drawn():
    # 100,000 runs x 3,792 candidates would need about 38 GB; refused at once, not killed.
    with pytest.raises(InputError) as exc:
        backtest("uk:2010", "uk:2015", runs=100_000)
    (problem,) = exc.value.problems
    assert problem.file == "runs"
    assert "at most 26,371 runs here" in problem.message


def test_given_is_read_in_any_case_as_the_command_reads_it():
    # The API refused given="REGIONAL" while it read "UK:2010"; the command lowercased it.
    with pytest.raises(InputError) as exc:
        backtest("pakistan:2002", "pakistan:2008", given=" National ", runs=0)
    assert [p.file for p in exc.value.problems] == ["runs"]


def test_a_numpy_flag_is_taken_as_true_or_false():
    # by_elections=np.False_ (a DataFrame's cell) was refused, "must be True or False (got
    # np.False_)", where run_ensemble and analyze take it.
    with pytest.raises(InputError) as exc:
        backtest("pakistan:2002", "pakistan:2008", runs=0, by_elections=np.False_)
    assert [p.file for p in exc.value.problems] == ["runs"]
