"""Fitting on a small user's file: every parameter a number, every forecast finite."""

import math

import numpy as np
import pandas as pd
import pytest

from tests.backtest.test_pair_forecast import election
from votebank.backtest.forecast import winners
from votebank.backtest.pair import make_pair
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
    assert params["source"] == "fitted on 1 earlier pair"
    assert params["k_regional"] == 0.3
    # A always won: no seat was taken at the base (2010), against the file's 2005.
    assert result["pair"]["gained_at_base"] == {"compared_with": "2005-05-05", "seats": 0}


def numbers(params: dict) -> list[float]:
    """Every number among the fitted parameters (those per kind too)."""
    out = []
    for value in params.values():
        values = value.values() if isinstance(value, dict) else [value]
        out += [v for v in values if isinstance(v, float | int) and not isinstance(v, bool)]
    return out


@pytest.mark.parametrize(("seats", "regions"), [(1, 1), (3, 3), (4, 4)])
def test_a_file_whose_regions_hold_one_seat_each_is_fitted_to_numbers(tmp_path, seats, regions):
    # Every region one seat: no spread of seats about their region's mean (heterogeneity 0),
    # and one seat gives no spread of its Brier gaps. The fit gave k_seat or scale as NaN,
    # every forecast share NaN, and winners() took each seat's first slate row -- its real
    # winner: votebank scored 0 winners wrong and a Brier of 0.
    f = small_file(tmp_path / "r.csv", seats=seats, regions=regions)
    result = backtest(f"{f}:2010", f"{f}:2015", given="national", runs=20)
    params = result["votebank_parameters"]
    assert all(math.isfinite(v) for v in numbers(params))
    # Residuals alone in their region x party cell are 0 by construction: no k_seat of 0.
    assert min(params["k_seat"].values()) > 0
    brier = result["methods"]["votebank"]["brier"]
    # One seat given its national shares is given its own result: every run right, Brier 0
    # exactly (it read 5e-32 while probabilities were sums of 1/runs).
    assert brier > 0 if seats > 1 else brier == 0


def test_winners_refuse_shares_that_are_not_numbers():
    pair = make_pair(
        election([("s1", "a", "A", 60), ("s1", "b", "B", 40)], ("s1",)),
        election([("s1", "a", "A", 60), ("s1", "b", "B", 40)], ("s1",)),
    )
    with pytest.raises(ValueError, match="not a number"):
        winners(pair, np.full((2, 2), np.nan))


def test_a_tie_is_broken_by_label_not_by_who_really_won():
    # The slate lists the real winner first; a tied forecast must not read it from there.
    base = election([("s1", "a", "A", 50), ("s1", "b", "B", 50)], ("s1",))
    for real in ((60, 40), (40, 60)):
        target = election([("s1", "a", "A", real[0]), ("s1", "b", "B", real[1])], ("s1",))
        pair = make_pair(base, target)
        assert pair.actual_winner[0] == ("A" if real[0] > real[1] else "B")
        assert list(winners(pair, np.full((1, 2), 0.5))[:, 0]) == ["A"]
