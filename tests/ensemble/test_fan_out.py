"""Studies that fan out to Dask workers (compare, explain, calibration trials): the same numbers
as in one process."""

import numpy as np
import pandas as pd
import pytest

import votebank as vb
from votebank.calibrate.objective import simulate_ensemble
from votebank.calibrate.target import Target
from votebank.ensemble.compare import compare
from votebank.explain import deciding_routes
from votebank.run.many import in_order
from votebank.scenario.overrides import with_overrides

pytestmark = pytest.mark.slow  # a 2-worker LocalCluster takes seconds to start


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def test_compare_on_two_workers_equals_one_process(client):
    a = vb.load_scenario("tiny")
    b = a.with_spec(with_overrides(a.spec, {"mechanisms.biradari.enabled": False}))
    here = compare(a, b, runs=8, seed=4)
    there = compare(a, b, runs=8, seed=4, client=client)
    for name in ("parties", "seats", "candidates"):
        pd.testing.assert_frame_equal(getattr(here, name), getattr(there, name))
    assert (here.winners_changed, here.winners_changed_se) == (
        there.winners_changed,
        there.winners_changed_se,
    )
    assert here.parties["difference"].abs().sum() > 0  # the test compares something


def test_compare_and_sweep_take_a_schedulers_address_as_run_ensemble_does(client):
    # run_ensemble took scheduler="tcp://..." and refused a Client; compare took a Client and
    # refused the address; sweep took neither. The address now works for all three.
    address = client.scheduler.address
    a = vb.load_scenario("tiny")
    b = a.with_spec(with_overrides(a.spec, {"mechanisms.biradari.enabled": False}))
    here = compare(a, b, runs=4, seed=4)
    there = compare(a, b, runs=4, seed=4, scheduler=address)
    pd.testing.assert_frame_equal(here.parties, there.parties)
    with pytest.raises(vb.InputError, match="give a client or a scheduler, not both"):
        compare(a, b, runs=4, seed=4, client=client, scheduler=address)
    grid = {"mood.national.RED": [0.0, 0.4]}
    local = vb.sweep(a, grid, runs=3, seed=2)
    remote = vb.sweep(a, grid, runs=3, seed=2, scheduler=address)
    pd.testing.assert_frame_equal(local.seats, remote.seats)
    red = local.seats[local.seats["party"] == "RED"]
    assert red.groupby("point")["total"].sum().nunique() > 1  # the points differ


def test_deciding_routes_on_two_workers_equal_one_process(client):
    sc = vb.load_scenario("tiny")
    seat = str(sc.constituencies["id"].iloc[0])
    here = deciding_routes(sc, seat, runs=4, seed=9)
    there = deciding_routes(sc, seat, runs=4, seed=9, client=client)
    pd.testing.assert_frame_equal(here, there)


def test_deciding_routes_takes_a_schedulers_address_as_compare_does(client):
    # It took only a Client: scheduler= was a TypeError, unlike compare, sweep and run_ensemble.
    sc = vb.load_scenario("tiny")
    address = client.scheduler.address
    here = deciding_routes(sc, "T-1", runs=4, seed=9)
    pd.testing.assert_frame_equal(
        here, deciding_routes(sc, "T-1", runs=4, seed=9, scheduler=address)
    )
    with pytest.raises(vb.InputError, match="give a client or a scheduler, not both"):
        deciding_routes(sc, "T-1", runs=4, seed=9, client=client, scheduler=address)
    assert len(here) > 3


def test_calibration_trials_on_two_workers_equal_one_process(client):
    pytest.importorskip("optuna")
    from votebank.calibrate.fit import calibrate

    sc = vb.load_scenario("tiny")
    here = simulate_ensemble(sc, 6, 3)
    there = simulate_ensemble(sc, 6, 3, client=client)
    for field in ("votes", "ballots", "winner", "over_roll", "route_votes"):
        assert np.array_equal(getattr(here, field), getattr(there, field)), field
    truth = Target.from_run(vb.simulate(sc, seed=99), "another run")
    fits = [
        calibrate(
            sc,
            truth,
            ["mechanisms.biradari.cohesion"],
            trials=3,
            runs_per_trial=2,
            seed=1,
            client=c,
        )
        for c in (None, client)
    ]
    pd.testing.assert_frame_equal(
        fits[0].trials.drop(columns="seconds"), fits[1].trials.drop(columns="seconds")
    )


def test_in_order_restores_run_order():
    arrived = [(2, "c"), (0, "a"), (3, "d"), (1, "b")]
    assert list(in_order(arrived, range(4))) == [(0, "a"), (1, "b"), (2, "c"), (3, "d")]


def test_a_canvass_plan_on_two_workers_equals_one_process(client, tmp_path):
    from tests.uk.test_plan_canvass import constructed
    from votebank.canvass_plan import plan_canvass, win_matrix

    # The marginals gain from hours; tiny's T-1 and T-2 are linked (one person stands in both),
    # and BLUE's 3,000 hours in T-2 win it a run of 12 (smaller plans there win none).
    tiny = vb.load_scenario("tiny")
    cases = [(constructed(tmp_path), "A", 500.0, 100.0), (tiny, "BLUE", 3000.0, 1000.0)]
    for sc, party, budget, step in cases:
        kw = {"party": party, "step_hours": step, "per_round": 2, "runs": 12, "seed": 3}
        here = plan_canvass(sc, budget, **kw)
        there = plan_canvass(sc, budget, client=client, **kw)
        pd.testing.assert_frame_equal(here, there)
        assert here.attrs == there.attrs
    assert here.attrs["hours_spent"] > 0
    # Runs come back from the workers in any order; the matrix keeps theirs.
    runs_here = win_matrix(tiny, "RED", 16, 5)
    np.testing.assert_array_equal(win_matrix(tiny, "RED", 16, 5, client=client), runs_here)
    assert len({tuple(r) for r in runs_here}) > 1  # runs differ: an order would show
