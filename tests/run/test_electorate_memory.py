"""Local processes whose electorates would not fit in memory are refused before anything runs.

Every worker holds its own copy of the electorate: ``votebank run`` of a country of 2 million
polling stations with ``--workers 4`` (7.6 GB each) built for minutes, then the workers were
killed and it said only that "the cluster lost runs". The machine's memory is shrunk here by
reporting fewer pages, never by allocating; no run is made.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from tests.run.test_station_memory import report_memory
from votebank.cli import app
from votebank.errors import InputError
from votebank.run.electorate_memory import GB, electorate_memory_problem, process_memory
from votebank.scenario.synth import Synth, write_synth


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    """A synthetic country of 200,000 stations: about 1.1 GB a process."""
    folder = tmp_path_factory.mktemp("country")
    s = Synth(name="big", seats=20, registered=40_000_000, stations=200_000)
    write_synth(s, folder)
    return vb.load_scenario(str(folder)), folder


def test_the_estimate_is_a_process_of_the_measured_size(country):
    sc, _ = country
    assert 1.0 * GB < process_memory(sc) < 1.3 * GB
    # pakistan-2008's run peaks at 0.9 GB (README)
    assert 0.6 * GB < process_memory(vb.load_scenario("pakistan-2008")) < 1.1 * GB


def test_run_refuses_more_workers_than_fit_and_writes_nothing(country, monkeypatch, tmp_path):
    _, folder = country
    report_memory(monkeypatch, 3 * GB)
    out = tmp_path / "out"
    args = ["run", str(folder), "--runs", "2", "--workers", "4", "--out", str(out)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "300"})
    assert isinstance(result.exception, InputError), result.output  # the entry point exits 2
    said = " ".join(result.exception.render().split())
    assert "--workers: the electorate of 20 seats, 40,000,000 registered" in said
    assert "4 workers need about" in said
    assert "more than this machine's 3.0 GB (enough for 2 workers at most)" in said
    assert "give --workers 2 or fewer (got 4)" in said
    assert not out.exists()


def test_an_electorate_past_memory_in_one_process_names_the_scenario(country, monkeypatch):
    sc, _ = country
    report_memory(monkeypatch, 1 * GB)
    with pytest.raises(InputError) as exc:
        vb.run_ensemble(sc, runs=2, seed=1)
    (problem,) = exc.value.problems
    assert problem.file == "big"
    assert "fewer polling stations" in str(problem)


def test_run_ensemble_names_its_workers_argument(country, monkeypatch):
    sc, _ = country
    report_memory(monkeypatch, 3 * GB)
    with pytest.raises(InputError) as exc:
        vb.run_ensemble(sc, runs=2, seed=1, workers=3)
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == ("workers", "3")
    assert "give workers=2 or fewer" in str(problem)


def test_what_fits_and_what_is_not_here_is_not_refused(country, monkeypatch):
    sc, _ = country
    report_memory(monkeypatch, 3 * GB)
    assert electorate_memory_problem(sc, 2, local=True) is None
    assert electorate_memory_problem(sc, 8, local=False) is None  # a remote scheduler's workers
    report_memory(monkeypatch, None)
    assert electorate_memory_problem(sc, 8, local=True) is None


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "{f}", "{f}", "--set", "mechanisms.biradari.cohesion=0.6", "--runs", "2"],
        ["explain", "S-1", "--scenario", "{f}", "--runs", "2"],
        ["sweep", "{f}", "--vary", "mechanisms.biradari.cohesion=[0.6, 0.7]", "--runs", "2"],
        [
            "calibrate",
            "{f}",
            "--against",
            "{f}",
            "-p",
            "mechanisms.biradari.cohesion",
            "--out",
            "{o}",
        ],
    ],
)
def test_the_commands_that_start_their_own_workers_refuse_too_many(
    command, country, monkeypatch, tmp_path
):
    # compare, explain, sweep and calibrate built for minutes, then lost their cluster.
    _, folder = country
    if command[0] == "calibrate":  # fitted to its own results: the candidates' votes
        folder = shutil.copytree(folder, tmp_path / "with-results")
        cands = pd.read_csv(folder / "candidates.csv")
        cands = cands.assign(actual_votes=1000 + 10 * cands.index)
        cands.to_csv(folder / "candidates.csv", index=False)
    report_memory(monkeypatch, 3 * GB)
    args = [a.format(f=folder, o=tmp_path / "out") for a in command] + ["--workers", "4"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "300"})
    assert isinstance(result.exception, InputError), result.output
    assert "give --workers 2 or fewer (got 4)" in " ".join(result.exception.render().split())


def test_a_sweep_refuses_workers_whose_electorates_would_not_fit(country, monkeypatch):
    sc, _ = country
    report_memory(monkeypatch, 3 * GB)
    with pytest.raises(InputError, match="give workers=2 or fewer"):
        vb.sweep(sc, {"turnout.base": [0.4, 0.5]}, runs=2, seed=1, workers=4)


def test_a_scheduler_whose_workers_have_too_little_memory_is_refused_before_storing(
    country, tmp_path
):
    # Dask restarted the worker past its --memory-limit again and again, and the ensemble
    # ended in "the cluster lost runs (FutureCancelledError: ... already forgotten.)".
    from dask.distributed import LocalCluster

    from votebank.ensemble.runner import EnsembleRequest, run_ensemble

    sc, _ = country
    store = tmp_path / "out" / "votebank.duckdb"
    with LocalCluster(
        n_workers=1, threads_per_worker=1, memory_limit="500MB", host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster:  # fmt: skip
        address = cluster.scheduler_address
        with pytest.raises(InputError, match=r"memory limit is 476\.8 MB") as run:
            run_ensemble(EnsembleRequest(sc, 2, seed=1, store_path=store, scheduler=address))
        with pytest.raises(InputError, match="--memory-limit") as api:
            vb.run_ensemble(sc, runs=2, seed=1, scheduler=address)
    assert not (tmp_path / "out").exists()
    assert "200,000 polling stations takes about 1." in str(run.value)
    assert "polling station" in str(api.value)


def test_workers_that_fit_the_machine_but_not_dasks_share_of_it_are_refused(country, monkeypatch):
    # 16 workers of about 1.15 GB and the parent fit in 19 GB, but Dask gives each of its own
    # workers 19 / 16 = 1.19 GB and restarts one past 95 % of it (1.13 GB): the worker check
    # refused it later, telling the user to raise a --memory-limit they cannot set.
    sc, _ = country
    report_memory(monkeypatch, 19 * GB)
    assert 16 * process_memory(sc) + 0.4 * GB <= 19 * GB < 16 * process_memory(sc) / 0.95
    problem = electorate_memory_problem(sc, 16, local=True)
    assert problem is not None
    assert problem.file == "--workers"
    said = " ".join(str(problem).split())
    assert "Dask gives each of 16 workers" in said
    assert "past 95% of it" in said
    assert "give --workers 15 or fewer" in said
    assert electorate_memory_problem(sc, 15, local=True) is None
