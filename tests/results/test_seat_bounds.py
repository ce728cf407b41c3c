"""Seat intervals: run totals either side of the interpolated bound, in numpy and in SQL alike."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from votebank.display import seats_interval
from votebank.results.seat_bounds import seat_bounds, seat_bounds_sql


@pytest.mark.parametrize("runs", [1, 2, 7, 20, 21, 41, 100, 101, 400])
def test_the_store_s_bounds_are_numpy_s(runs):
    totals = np.random.default_rng(runs).integers(0, 40, runs)
    con = duckdb.connect()
    con.register("t", pd.DataFrame({"seats": totals}))
    query = f"SELECT {seat_bounds_sql('seats', 'x_')} FROM t"  # noqa: S608 - fixed fragments
    got = con.execute(query).df()
    lo, hi = seat_bounds(totals)
    assert (got.at[0, "x_q05"], got.at[0, "x_q95"]) == (lo, hi)


@pytest.mark.parametrize("runs", [2, 20, 33, 100, 250])
def test_bounds_are_run_totals_around_the_interpolated_ones(runs):
    # Runs of 8 and 9 seats read 8.1–8.9 (8.05–8.95 interpolated): no run has such a total.
    totals = np.random.default_rng(runs).integers(0, 15, runs)
    lo, hi = seat_bounds(totals)
    assert lo in totals
    assert hi in totals
    assert lo <= np.quantile(totals, 0.05) <= np.quantile(totals, 0.95) <= hi
    assert np.mean((totals >= lo) & (totals <= hi)) >= 0.9
    # The same rule at both ends: the bounds of the totals upside down are theirs reversed.
    assert seat_bounds(-totals) == (-hi, -lo)


def test_bounds_along_an_axis_are_per_party():
    totals = np.array([[8, 0], [9, 1], [9, 0]])  # runs x parties
    lo, hi = seat_bounds(totals)
    assert lo.tolist() == [8, 0]
    assert hi.tolist() == [9, 1]


def test_a_party_winning_a_seat_in_19_runs_of_20_has_its_mean_inside_its_interval():
    # Interpolated, its 5 % bound was 0.95 seats, shown as "1–1" beside a mean of 0.95.
    totals = np.array([0] + [1] * 19)
    lo, hi = seat_bounds(totals)
    assert lo <= totals.mean() <= hi
    assert seats_interval(lo, hi) == f"{totals.min()}–{totals.max()}"
