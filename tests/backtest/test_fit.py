"""Fitting on a small user's file: every parameter a number, every forecast finite."""

import pandas as pd

from votebank.backtest.study import backtest

DATES = ("2005-05-05", "2010-05-06", "2015-05-07")


def small_file(path, seats: int, regions: int = 1):
    """``seats`` seats in ``regions`` regions, parties A, B and C, three general elections."""
    rows = []
    for n, day in enumerate(DATES):
        for s in range(seats):
            votes = {"A": 500 + 37 * s + 20 * n, "B": 450 - 11 * s, "C": 90 + 13 * ((s + n) % 3)}
            for party, v in votes.items():
                rows.append(
                    (day, "general", f"S{s}", f"R{s % regions}", 2000, party, f"{party} {s}", v)
                )
    cols = ["election_date", "election_type", "constituency_id", "region", "electorate"]
    pd.DataFrame(rows, columns=[*cols, "party", "candidate", "votes"]).to_csv(path, index=False)
    return path


def test_a_file_too_small_for_regional_cells_is_fitted(tmp_path):
    # Four seats: no region x party cell of five candidates to measure k_regional on. It was
    # a TypeError (an empty text column minus numbers); now the prior is used.
    f = small_file(tmp_path / "r.csv", seats=4)
    result = backtest(f"{f}:2010", f"{f}:2015", given="national", runs=20)
    params = result["votebank_parameters"]
    assert params["source"] == "fitted on 1 earlier pair(s)"
    assert params["k_regional"] == 0.3
