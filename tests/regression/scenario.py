"""The regression baseline's fixed reference: a small ensemble of the tiny scenario."""

import pandas as pd

import votebank as vb
from votebank.run.model import Model

SEED = 2
RUNS = 8


def summary() -> dict:
    """Seats, votes by route and turnout of the reference ensemble, as plain numbers."""
    model = Model(vb.load_scenario("tiny"), SEED)
    seats, routes, turnout = [], [], []
    for i in range(RUNS):
        result = model.run(i)
        seats.append(result["seats"].set_index("party")["total"])
        cands = result["candidates"]
        routes.append(cands[[c for c in cands.columns if c.startswith("votes_")]].sum())
        cons = result["constituencies"]
        turnout.append(cons["ballots"].sum() / cons["registered"].sum())
    return {
        "seed": SEED,
        "runs": RUNS,
        "seats_total_by_run": pd.concat(seats, axis=1).astype(int).T.to_dict("list"),
        "votes_by_route_by_run": pd.concat(routes, axis=1).astype(int).T.to_dict("list"),
        "turnout_by_run": [round(float(t), 10) for t in turnout],
    }
