"""The run's tables as stored: what each column means."""

import numpy as np

import votebank as vb
from tests.mechanisms.conftest import variant


def test_a_station_leader_is_never_an_others_row():
    # T-1's "Others" (OTH, an aggregate of many candidates) made popular enough to outpoll
    # the seat's candidates at its stations: it still cannot win, so it is not the leader.
    sc = variant(candidates={"T-1-c": {"appeal": 4.0}})
    frames = vb.simulate(sc, seed=3).frames
    st = frames["polling_stations"]
    t1 = st[st["constituency_id"] == "T-1"]
    votes = np.stack(t1["votes"].to_numpy())  # T-1's rows: a, b, then c (Others)
    assert (votes[:, 2] > votes[:, :2].max(axis=1)).mean() > 0.2  # Others lead many stations
    np.testing.assert_array_equal(t1["leader_votes"], votes[:, :2].max(axis=1))
