"""Every vote is accounted for: routes add up to candidates, candidates to seats, stations to
seats, ballots to valid plus rejected; only stuffed stations report more ballots than voters."""

import numpy as np
import pytest

import votebank as vb
from tests.mechanisms.conftest import tiny, variant
from votebank.core.labels import ROUTES, STUFFED
from votebank.run.frames import run_frames
from votebank.run.outcome import Outcome

HEAVY = {
    # All mechanisms on, with canvassing and much more stuffing, overfill and fabrication.
    "mechanisms.canvass.enabled": True,
    "mechanisms.canvass.gotv": 0.2,
    "mechanisms.canvass.demobilise": 0.05,
    "mechanisms.canvass.campaigns": [
        {"party": "BLUE", "seats": ["T-1", "T-2", "T-3"], "hours": 3000.0},
        {"party": "RED", "seats": ["T-3"], "hours": 2000.0, "cars": 10},
    ],
    "mechanisms.stuffing.protection_max": 0.6,
    "mechanisms.stuffing.extreme_share": 0.5,
    "mechanisms.stuffing.overfill_prob": 0.4,
    "mechanisms.stuffing.fabricate_prob": 0.4,
    "mechanisms.fear.attack_rate": 0.2,
}
SCENARIOS = {"tiny": tiny, "heavy": lambda: variant(HEAVY)}
SEEDS = (0, 1, 2, 7, 11, 123, 999, 2024)
RUNS = 4
AGGREGATES = {p.id for p in tiny().spec.parties if p.aggregate}  # tiny's "Others" (OTH)


def check_run(state, frames) -> dict:
    el = state.electorate
    cands = frames["candidates"]
    cons = frames["constituencies"].set_index("constituency_id")
    st = frames["polling_stations"]
    route_cols = [f"votes_{r}" for r in ROUTES]
    # Non-negative everywhere, down to each station x candidate x route cell.
    assert (state.tally >= 0).all()
    assert (cands[["votes", *route_cols]] >= 0).all().all()
    assert (cons[["ballots", "rejected", "valid"]] >= 0).all().all()
    assert (st[["ballots", "rejected", "valid", "stuffed_ballots"]] >= 0).all().all()
    assert all(min(v) >= 0 for v in st["votes"])
    # Candidates: votes are the sum of their routes.
    assert (cands["votes"] == cands[route_cols].sum(axis=1)).all()
    # Constituencies: valid = sum of candidates' votes; ballots = valid + rejected.
    by_seat = cands.groupby("constituency_id")["votes"].sum()
    assert (cons["valid"] == by_seat.reindex(cons.index)).all()
    assert (cons["ballots"] == cons["valid"] + cons["rejected"]).all()
    # Stations: valid = sum of their votes; ballots = valid + rejected; they add up to seats.
    assert (st["valid"] == st["votes"].map(sum)).all()
    assert (st["ballots"] == st["valid"] + st["rejected"]).all()
    # The leader is the station's largest candidate who can win: never an "others" row.
    others = set(cands.loc[cands["party"].isin(AGGREGATES), "candidate_id"])
    ids = cands.groupby("constituency_id", sort=False)["candidate_id"].agg(list)
    can_win = st["constituency_id"].map(lambda seat: [c not in others for c in ids[seat]])
    pairs = zip(st["votes"], can_win, strict=True)
    leader = [max(v for v, ok in zip(vs, oks, strict=True) if ok) for vs, oks in pairs]
    assert st["leader_votes"].tolist() == leader
    sums = st.groupby("constituency_id")[["valid", "rejected", "ballots"]].sum()
    assert (sums.reindex(cons.index) == cons[["valid", "rejected", "ballots"]]).all().all()
    seat_of_station = np.add.reduceat(state.tally, el.station_bounds[:-1], axis=0)
    assert np.array_equal(seat_of_station, state.seat_votes)
    # Only stuffed stations report more ballots than registered voters, or carry stuffed votes.
    clean = (st["stuffing"] == "none").to_numpy()
    assert (st["ballots"] <= st["registered"])[clean].all()
    assert (st["stuffed_ballots"][clean] == 0).all()
    assert not st["fabricated"][clean].any()
    assert (state.tally[clean, :, STUFFED] == 0).all()
    # One winner per seat, the one the constituency table names.
    elected = cands[cands["elected"]].set_index("constituency_id")["candidate_id"]
    assert len(elected) == len(cons)
    assert (elected.reindex(cons.index) == cons["winner_candidate"]).all()
    return {
        "overfull": int((st["ballots"] > st["registered"]).sum()),
        "stuffed": int((~clean).sum()),
        "fabricated": int(st["fabricated"].sum()),
        "canvassed": int(cands["votes_canvassed"].sum()),
    }


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_vote_is_accounted_for(name):
    scenario = SCENARIOS[name]()
    seen = {}
    for seed in SEEDS:
        model = vb.Model.of(scenario, seed)
        for run in range(RUNS):
            state = model.state(run)
            counts = check_run(state, run_frames(Outcome.of(state, run)))
            seen = {k: seen.get(k, 0) + v for k, v in counts.items()}
    assert seen["stuffed"] > 0
    if name == "heavy":  # the heavy variant exercises every path
        assert min(seen.values()) > 0, seen
