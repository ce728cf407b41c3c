"""Invariants of every run, over randomly generated valid scenarios (Hypothesis).

Cases per run of this file: ``max_examples`` below (the closing note quotes the count).
"""

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings

import votebank as vb
from votebank.core.labels import ROUTES

from .scenarios import scenarios, write

EXAMPLES = 120


def check_run(result, scenario, on) -> None:
    cons, cands = result["constituencies"], result["candidates"]
    stations, seats = result["polling_stations"], result["seats"]
    for frame in (cons, cands, stations, seats):
        ints = frame.select_dtypes("integer")
        assert (ints >= 0).all().all(), "a tally is negative"
    # Provenance routes sum to the votes; candidates sum to the seat's valid votes.
    routes = cands[[f"votes_{r}" for r in ROUTES]].sum(axis=1)
    assert (routes == cands["votes"]).all()
    by_seat = cands.groupby("constituency_id")["votes"].sum()
    assert (cons.set_index("constituency_id")["valid"] == by_seat).all()
    # Stations: ballots = valid + rejected; valid = sum of the station's candidate votes.
    assert (stations["ballots"] == stations["valid"] + stations["rejected"]).all()
    assert (stations["valid"] == stations["votes"].map(np.sum)).all()
    assert (
        stations.groupby("constituency_id")["valid"]
        .sum()
        .equals(cons.set_index("constituency_id")["valid"].sort_index())
    )
    # More ballots than registered voters only where stuffing is on and recorded.
    over = stations["ballots"] > stations["registered"]
    assert (stations.loc[over, "stuffing"] != "none").all()
    if not on["stuffing"]:
        assert (stations["stuffing"] == "none").all()
        assert (cands["votes_stuffed"] == 0).all()
    # Exactly one winner per contested seat, never an aggregate of other candidates.
    elected = cands[cands["elected"]]
    assert elected.groupby("constituency_id").size().reindex(cons["constituency_id"]).eq(1).all()
    assert (elected["party"] != "OTH").all()
    # General seats: one per constituency.
    assert seats["general"].sum() == len(cons)
    if on["reserved_seats"]:
        check_reserved(seats, result, scenario)


def check_reserved(seats: pd.DataFrame, result, scenario) -> None:
    """Reserved seats total what is configured where parties won seats, and follow the
    quota: each party gets the floor or the ceiling of its exact share (largest remainder)."""
    params = scenario.spec.mechanisms.reserved_seats
    joinable = seats[~seats["party"].isin(["IND", "OTH"])]
    if joinable["general"].sum() > 0:
        assert seats["non_muslim"].sum() == params.non_muslim_seats
        quota = params.non_muslim_seats * joinable["general"] / joinable["general"].sum()
        got = joinable["non_muslim"]
        assert ((got >= np.floor(quota - 1e-9)) & (got <= np.ceil(quota + 1e-9))).all()
    else:
        assert seats["non_muslim"].sum() == 0
    assert seats["women"].sum() <= sum(params.women_seats.values())


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=scenarios())
def test_every_run_keeps_the_invariants(generated):
    with tempfile.TemporaryDirectory() as tmp:
        path = write(generated, Path(tmp))
        scenario = vb.load_scenario(path)
        for run_index in (0, 1):
            check_run(vb.simulate(scenario, run_index=run_index), scenario, generated["on"])
