"""Targets, their alignment on a scenario's grid, ensemble arrays and the loss."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import votebank as vb
from votebank.calibrate.objective import (
    DISTRIBUTION_PARTS,
    DISTRIBUTIONAL_WEIGHTS,
    Objective,
    seat_stats,
    simulate_ensemble,
)
from votebank.calibrate.target import Target, load_target
from votebank.core.labels import ROUTES
from votebank.errors import InputError, VotebankError
from votebank.run.contests import build_contests
from votebank.run.model import Model


@pytest.fixture(scope="module")
def tiny():
    return vb.load_scenario("tiny")


@pytest.fixture(scope="module")
def pk():
    return vb.load_scenario("pakistan-2008")


def test_pakistan_2008_results_align_with_the_default_scenario(pk):
    target = Target.pakistan(2008)
    aligned = target.align(build_contests(pk))
    assert aligned.seats.all()
    assert aligned.unmatched_share == 0.0
    winners = pd.Series(aligned.winner_party).value_counts().to_dict()
    assert winners == pk.spec.scenario.actual_seats
    # The same votes as the scenario's own actual_votes column.
    own = Target.from_scenario(pk).align(build_contests(pk))
    np.testing.assert_array_equal(own.votes, aligned.votes)
    np.testing.assert_allclose(own.turnout, aligned.turnout, atol=1e-4)
    # NA-184: an independent beat the PML-Q (Dawn, 19 Feb 2008).
    row = target.candidates[target.candidates.constituency_id == "NA-184"]
    assert row.sort_values("votes").iloc[-1][["party", "votes"]].tolist() == ["IND", 59277]


def test_pakistan_2002_takes_the_re_polls_of_the_cycle():
    target = Target.pakistan(2002)
    assert len(target.seats) == 272
    assert {"NA-262", "NA-263"} <= set(target.seats.constituency_id)
    assert target.candidates.groupby("constituency_id").size().max() == 4
    assert target.candidates["aggregate"].sum() > 200  # "Other candidates" rows


def test_alignment_by_id_name_party_and_aggregate(tiny):
    rows = pd.DataFrame(
        [
            ("T-1", "T-1-a", "", "RED", 100),  # by id
            ("T-1", "", "Malik  Sahib", "IND", 50),  # by party and name (spacing ignored)
            ("T-1", "", "Somebody", "GREEN", 7),  # unknown party: into "others"
            ("T-3", "", "Somebody else", "BLUE", 30),  # the party's one candidate
            ("T-3", "", "Mrs Rana", "IND", 20),
            ("T-3", "", "Another", "IND", 5),  # second independent, no "others" row: lost
            ("T-9", "", "Nobody", "RED", 9),  # not a seat of the scenario: ignored
        ],
        columns=["constituency_id", "candidate_id", "name", "party", "votes"],
    )
    target = Target.from_frames("hand", rows)
    c = build_contests(tiny)
    a = target.align(c)
    ids = {str(c.candidate_ids[s, k]): (s, k) for s, k in zip(*np.nonzero(c.valid), strict=True)}
    got = {cid: a.votes[sk] for cid, sk in ids.items()}
    assert got == {
        "T-1-a": 100,
        "T-1-b": 50,
        "T-1-c": 7,
        "T-2-a": 0,
        "T-2-b": 0,
        "T-3-a": 0,
        "T-3-b": 30,
        "T-3-c": 20,
    }
    assert a.seats.tolist() == [True, False, True]
    assert a.unmatched_share == pytest.approx(5 / 212)
    assert a.winner_party.tolist() == ["RED", "", "BLUE"]
    assert np.isnan(a.turnout).all()  # no seat table given


def test_from_csv_and_load_target(tmp_path, pk):
    cands = pk.candidates[pk.candidates.constituency.isin(["NA-1", "NA-2"])]
    path = tmp_path / "results.csv"
    cands.to_csv(path, index=False)
    t = load_target(path)
    assert t.candidates.votes.sum() == cands.actual_votes.sum()
    assert set(t.seats.constituency_id) == {"NA-1", "NA-2"}
    assert load_target("pakistan:2008").seats.shape[0] == 268
    assert load_target("uk:2015").seats.shape[0] == 650
    assert load_target("pakistan-2008").candidates.votes.sum() == pk.candidates.actual_votes.sum()
    with pytest.raises(InputError, match="no-such-thing: no such file, folder or built-in"):
        load_target("no-such-thing")
    with pytest.raises(VotebankError, match="no candidate has actual_votes"):
        load_target("tiny")


def test_seat_stats_by_hand():
    shares = np.array([[0.5, 0.3, 0.2], [0.3, 0.2, 0.5]])
    can_win = np.array([[True, True, True], [True, True, False]])
    s = seat_stats(shares, can_win)
    np.testing.assert_allclose(s["winner_share"], [0.5, 0.3])
    np.testing.assert_allclose(s["margin"], [0.2, 0.1])
    np.testing.assert_allclose(s["enp"], [1 / 0.38, 1 / 0.38])


def test_ensemble_arrays_equal_the_runs_tables(tiny):
    ens = simulate_ensemble(tiny, 3, seed=11)
    model = Model(tiny, 11)
    for i in range(3):
        r = model.run(i)
        cons = r["constituencies"].set_index("constituency_id")
        np.testing.assert_array_equal(ens.ballots[i], cons.loc[ens.seat_ids, "ballots"])
        np.testing.assert_array_equal(ens.winner_party()[i], cons.loc[ens.seat_ids, "winner_party"])
        cands = r["candidates"].set_index("candidate_id")["votes"]
        c = ens.contests
        seat, slot = np.nonzero(c.valid)
        np.testing.assert_array_equal(
            ens.votes[i][seat, slot], cands.loc[c.candidate_ids[seat, slot].astype(str)]
        )
    np.testing.assert_allclose(ens.turnout(), ens.ballots / ens.registered)


def test_loss_is_zero_against_its_own_run(tiny):
    ens = simulate_ensemble(tiny, 1, seed=3)
    truth = Target.from_run(Model(tiny, 3).run(0))
    parts = Objective(truth).components(ens, truth.align(ens.contests))
    assert parts == pytest.approx({"share": 0.0, "turnout": 0.0, "margin": 0.0, "loss": 0.0})
    other = Target.from_run(Model(tiny, 4).run(0))
    parts = Objective(other, {"share": 2.0}).components(ens, other.align(ens.contests))
    assert parts["loss"] == pytest.approx(2 * parts["share"])
    assert parts["share"] > 0
    assert parts["turnout"] > 0


def test_distribution_parts_are_zero_against_its_own_run(tiny):
    ens = simulate_ensemble(tiny, 1, seed=3)
    truth = Target.from_run(Model(tiny, 3).run(0))
    parts = Objective(truth, DISTRIBUTIONAL_WEIGHTS).components(ens, truth.align(ens.contests))
    assert set(DISTRIBUTION_PARTS) <= set(parts)
    for name in DISTRIBUTION_PARTS:
        assert parts[name] == pytest.approx(0.0, abs=1e-9), name
    assert parts["loss"] == pytest.approx(0.0, abs=1e-9)


def test_distribution_parts_only_when_weighted_and_over_roll_against_a_target(tiny):
    ens = simulate_ensemble(tiny, 2, seed=3)
    truth = Target.from_run(Model(tiny, 4).run(0))
    aligned = truth.align(ens.contests)
    assert set(Objective(truth).components(ens, aligned)) == {"share", "turnout", "margin", "loss"}
    parts = Objective(truth, {"over_roll": 1.0}, over_roll=0.5).components(ens, aligned)
    assert ens.over_roll.shape == (2,)
    assert parts["over_roll"] == pytest.approx(100 * abs(ens.over_roll.mean() - 0.5))
    assert parts["loss"] == pytest.approx(parts["over_roll"])
    # The runs of another seed differ from the "real" one, and the KS parts say so.
    assert 0 < parts["ks_winner_share"] <= 100
    assert ens.route_votes.shape == (2, len(ROUTES))
    assert ens.route_votes.sum(axis=1) == pytest.approx(ens.votes.sum(axis=(1, 2)))


def test_the_distributional_loss_is_finite_against_results_without_turnout(tiny):
    # Results with votes but no ballots (a candidate file without its contests file) made the
    # turnout's KS part NaN, and every trial's loss with it (calibrate then crashed).
    ens = simulate_ensemble(tiny, 2, seed=3)
    truth = Target.from_run(Model(tiny, 4).run(0))
    blind = Target(truth.name, truth.candidates, truth.seats.assign(ballots=np.nan))
    parts = Objective(blind, DISTRIBUTIONAL_WEIGHTS).components(ens, blind.align(ens.contests))
    assert parts["ks_turnout"] == 0.0
    assert parts["turnout"] == 0.0
    assert np.isfinite(parts["loss"])
    assert parts["ks_winner_share"] > 0


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"runs": 0}, "runs: must be an integer from 1"),  # an empty ensemble: NaN scores
        ({"runs": True}, "runs: must be an integer"),  # TypeError before
        ({"runs": 2.5}, "runs: must be an integer"),
        ({"runs": -1}, "runs: must be an integer"),  # "negative dimensions are not allowed"
        ({"runs": 2, "seed": float("nan")}, "seed: must be an integer"),
        ({"runs": 2, "seed": -1}, "seed: must be an integer"),
        ({"runs": 2, "progress": True}, "progress: give a function"),
    ],
)
def test_simulate_ensemble_names_a_bad_argument(tiny, kwargs, says):
    with pytest.raises(InputError) as err:
        simulate_ensemble(tiny, **kwargs)
    assert says in " ".join(str(err.value).split())


def test_simulate_ensemble_names_a_scenario_that_is_none():
    with pytest.raises(InputError, match="scenario: give a Scenario"):  # AttributeError before
        simulate_ensemble("tiny", 2)


def test_runs_whose_arrays_pass_the_machine_s_memory_are_refused_before_any_run(monkeypatch):
    # calibrate uk-2015-from-2010 --runs 1000000 ended in a MemoryError traceback ("Unable to
    # allocate 43.6 GiB"); an array the system granted lazily would have been killed later.
    import votebank.calibrate.objective as objective

    monkeypatch.setattr(objective, "total_memory", lambda: 1024**3, raising=False)
    monkeypatch.setattr(objective, "many_runs", lambda *a, **k: pytest.fail("a run was made"))
    uk = vb.load_scenario("uk-2015-from-2010")
    with pytest.raises(InputError) as err:
        simulate_ensemble(uk, 1_000_000, seed=1)
    text = " ".join(str(err.value).split())
    assert "runs:" in text
    assert "more than this machine's 1.0 GB" in text
    assert "(got 1000000)" in text
