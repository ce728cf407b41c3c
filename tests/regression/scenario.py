"""The regression baseline's fixed reference: a small ensemble of the tiny scenario."""

import pandas as pd

import votebank as vb
from votebank.run.model import Model

SEED = 2
RUNS = 8


def summary() -> dict:
    """Seats, votes by route and turnout of the reference ensemble, as plain numbers.

    Also each candidate's own-choice and canvassed votes in copeland-2017, whose canvass
    (Labour's carloads, the Conservatives' hours) tiny does not run.
    """
    model = Model(vb.load_scenario("tiny"), SEED)
    seats, routes, turnout = [], [], []
    for i in range(RUNS):
        result = model.run(i)
        seats.append(result["seats"].set_index("party")["total"])
        routes.append(_route_votes(result["candidates"]).sum())
        cons = result["constituencies"]
        turnout.append(cons["ballots"].sum() / cons["registered"].sum())
    canvass = Model(vb.load_scenario("copeland-2017"), SEED)
    own_and_canvassed = ["votes_own", "votes_canvassed"]
    by_candidate = [canvass.run(i)["candidates"][own_and_canvassed] for i in range(RUNS)]
    return {
        "seed": SEED,
        "runs": RUNS,
        "seats_total_by_run": pd.concat(seats, axis=1).astype(int).T.to_dict("list"),
        "votes_by_route_by_run": pd.concat(routes, axis=1).astype(int).T.to_dict("list"),
        "turnout_by_run": [round(float(t), 10) for t in turnout],
        "canvass_own_and_canvassed_by_candidate_by_run": [
            v.astype(int).to_numpy().tolist() for v in by_candidate
        ],
    }


def _route_votes(candidates: pd.DataFrame) -> pd.DataFrame:
    """Each candidate's votes by route (the ``votes_*`` columns)."""
    return candidates[[c for c in candidates.columns if c.startswith("votes_")]]
