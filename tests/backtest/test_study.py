"""backtest() on a small pair of its own: what backtest.json gives to check its scores by."""

import numpy as np
import pandas as pd
import pytest

from votebank.backtest.study import backtest

BASE = {"S1": (20, 10, 5), "S2": (16, 15, 6), "S3": (12, 18, 9), "S4": (9, 8, 14)}
TARGET = {"S1": (18, 11, 4), "S2": (15, 17, 5), "S3": (11, 19, 8), "S4": (8, 10, 12)}


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Four seats, three parties, on no shipped seat ids (the prior: no fit)."""
    rows = [
        {
            "election_date": date,
            "election_type": "general",
            "constituency_id": seat,
            "constituency_name": f"Seat {seat}",
            "region": "North",
            "nation": "England",
            "electorate": 60000,
            "party": party,
            "party_name": party,
            "candidate": "",
            "votes": 1000 * v,
            "elected": int(v == max(votes)),
        }
        for date, result in (("2010-05-06", BASE), ("2015-05-07", TARGET))
        for seat, votes in result.items()
        for party, v in zip(("Lab", "Con", "LD"), votes, strict=True)
    ]
    path = tmp_path_factory.mktemp("pair") / "results.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_each_seats_runs_won_give_the_brier_score_back(pair):
    # backtest.json held votebank's favourites alone: its Brier score could not be recomputed.
    r = backtest(f"{pair}:2010", f"{pair}:2015", given="national", runs=20, seed=1)
    vb = r["methods"]["votebank"]
    assert [w["seat"] for w in vb["wins"]] == r["seats"]
    assert all(sum(w["wins"].values()) == 20 for w in vb["wins"])
    brier = np.mean(
        [
            sum((c / 20 - (p == real)) ** 2 for p, c in w["wins"].items()) + (real not in w["wins"])
            for w, real in zip(vb["wins"], r["actual_winners"], strict=True)
        ]
    )
    assert brier == pytest.approx(vb["brier"])
