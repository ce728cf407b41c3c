"""Invariants checked before a run is stored: each impossible result is refused, naming the
run and the seat, and nothing of the run reaches the store."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import votebank as vb
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.results.invariants import ImpossibleResult, check_run, house_size
from votebank.results.store import ResultsStore


@functools.cache
def tiny_run():
    sc = vb.load_scenario("tiny")
    return sc, vb.Model.of(sc, 3).run(0).frames


def frames_copy():
    return {k: v.copy() for k, v in tiny_run()[1].items()}


def test_a_real_run_passes():
    sc, frames = tiny_run()
    check_run(frames, 0, house_size(sc))
    assert house_size(sc) == 3 + 2 + 1


def negative_votes(f):
    f["candidates"].loc[0, "votes"] = np.iinfo(np.int64).min


def negative_route(f):
    f["candidates"].loc[1, "votes_own"] = -1


def nan_turnout(f):
    f["constituencies"].loc[0, "turnout"] = np.nan


def too_many_ballots(f):
    c = f["constituencies"]
    c.loc[0, "ballots"] = c.loc[0, "registered"] + 10**6


def two_winners(f):
    cands = f["candidates"]
    seat = cands.loc[0, "constituency_id"]
    cands.loc[cands["constituency_id"] == seat, "elected"] = True


def no_winner(f):
    f["candidates"]["elected"] = False


def wrong_winner(f):
    c = f["constituencies"]
    c.loc[0, "winner_candidate"] = "nobody"


def uncounted_votes(f):
    f["candidates"].loc[0, "votes"] += 5


def winner_behind(f):  # a winner with no votes over a rival with 1,793 (a seat nobody contested)
    f["constituencies"].loc[0, "margin"] = -1793


def lost_seat(f):
    s = f["seats"]
    i = int(np.flatnonzero(s["general"].to_numpy() > 0)[0])
    s.loc[i, "general"] -= 1
    s.loc[i, "total"] -= 1


def bad_total(f):
    f["seats"].loc[0, "total"] += 1


def oversized_house(f):
    s = f["seats"]
    s.loc[0, "women"] += 5
    s.loc[0, "total"] += 5


def votes_above_ballots(f):  # one winner's votes added at the count, past the ballots cast
    c, cands = f["constituencies"], f["candidates"]
    seat = c.loc[0, "constituency_id"]
    row = cands.index[(cands["constituency_id"] == seat) & cands["elected"]][0]
    for frame, i, col in ((c, 0, "valid"), (cands, row, "votes"), (cands, row, "votes_own")):
        frame.loc[i, col] += 1000


def votes_not_their_routes(f):
    f["candidates"].loc[0, "votes_own"] += 7


def negative_station_votes(f):
    st = f["polling_stations"]
    votes = st.at[0, "votes"].copy()
    votes[0], votes[1] = -5, votes[1] + votes[0] + 5  # the station's sum stays its valid
    st.at[0, "votes"] = votes


def station_votes_not_valid(f):
    st = f["polling_stations"]
    votes = st.at[0, "votes"].copy()
    votes[0] += 3
    st.at[0, "votes"] = votes


CASES = [
    (negative_votes, "votes is -9223372036854775808"),
    (negative_route, "votes_own is -1"),
    (nan_turnout, "turnout is nan"),
    (too_many_ballots, "exceed the roll"),
    (two_winners, "candidates elected, not one"),
    (no_winner, "0 candidates elected"),
    (wrong_winner, "winner is not the elected"),
    (uncounted_votes, "votes are not the"),
    (winner_behind, "1,793 votes behind a rival"),
    (lost_seat, "general seats won, not 3"),
    (bad_total, "do not add up"),
    (oversized_house, "more than the 6"),
    (votes_above_ballots, "valid and .* rejected ballots, but .* ballots"),
    (votes_not_their_routes, "votes, by its routes"),
    (negative_station_votes, r"station 0: votes \[-5, "),
    (station_votes_not_valid, "station 0: votes"),
]


@pytest.mark.parametrize(("breaks", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_impossible_result_is_refused(breaks, message):
    sc, _ = tiny_run()
    frames = frames_copy()
    breaks(frames)
    with pytest.raises(ImpossibleResult, match=message) as info:
        check_run(frames, 7, house_size(sc))
    house_wide = breaks in (lost_seat, bad_total, oversized_house)
    assert f"run 7, seat {'(house)' if house_wide else 'T-'}" in str(info.value)


def test_ballots_may_reach_the_roll_plus_the_stuffing_and_no_further():
    sc, _ = tiny_run()
    frames = frames_copy()
    cons, cands = frames["constituencies"], frames["candidates"]
    stuffed = cands.groupby("constituency_id")["votes_stuffed"].sum()
    seat = stuffed.idxmax()
    assert stuffed[seat] > 0, "tiny's run 0 should stuff some seat"
    row = cons.index[cons["constituency_id"] == seat][0]
    more = cons.loc[row, "registered"] + stuffed[seat] - cons.loc[row, "ballots"]
    cons.loc[row, ["ballots", "rejected"]] += more  # ballots are the valid and the rejected
    check_run(frames, 0, house_size(sc))
    cons.loc[row, ["ballots", "rejected"]] += 1
    with pytest.raises(ImpossibleResult, match=f"seat {seat}: .* exceed the roll"):
        check_run(frames, 0, house_size(sc))


@pytest.mark.parametrize(
    ("breaks", "message"),
    [(negative_votes, "run 2, seat T-1"), (oversized_house, r"run 2, seat \(house\)")],
)
def test_ensemble_stores_nothing_of_an_impossible_run(breaks, message, tmp_path, monkeypatch):
    real_run = vb.Model.run

    def run(self, index, stations=True):
        result = real_run(self, index, stations=stations)
        if index == 2:
            breaks(result.frames)
        return result

    monkeypatch.setattr(vb.Model, "run", run)
    path = tmp_path / "votebank.duckdb"
    sc = vb.load_scenario("tiny")
    with pytest.raises(ImpossibleResult, match=message):
        run_ensemble(EnsembleRequest(sc, 4, seed=1, store_path=path))
    with ResultsStore(path, read_only=True) as store:
        eid = store.latest_ensemble()
        assert store.done_runs(eid) == {0, 1}
        assert set(store.read("candidates", eid)["run_index"]) == {0, 1}
