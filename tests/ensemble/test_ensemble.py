"""Ensembles: identical run for run with 1 worker, a 2-worker Dask LocalCluster, and after a
kill -9 followed by --resume."""

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import votebank as vb
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.errors import StoreError
from votebank.results.store import ResultsStore

TABLES = ("constituencies", "candidates", "seats", "polling_stations")


def stored(path, eid) -> dict[str, pd.DataFrame]:
    with ResultsStore(path, read_only=True) as store:
        out = {}
        for table in TABLES:
            df = store.read(table, eid)
            keys = [
                c
                for c in ("run_index", "constituency_id", "candidate_id", "party", "station_id")
                if c in df.columns
            ]
            out[table] = df.sort_values(keys).reset_index(drop=True).drop(columns="ensemble_id")
        return out


def assert_same(a: dict, b: dict) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], check_exact=True)


@pytest.fixture(scope="module")
def scenario():
    return vb.load_scenario("tiny")


@pytest.fixture(scope="module")
def one_worker(scenario, tmp_path_factory):
    path = tmp_path_factory.mktemp("one") / "votebank.duckdb"
    eid = run_ensemble(EnsembleRequest(scenario, 12, seed=5, store_path=path, station_runs=-1))
    return path, eid


def test_local_cluster_gives_identical_runs(scenario, one_worker, tmp_path):
    path = tmp_path / "votebank.duckdb"
    eid = run_ensemble(
        EnsembleRequest(scenario, 12, seed=5, store_path=path, workers=2, station_runs=-1)
    )
    assert eid == one_worker[1]
    assert_same(stored(path, eid), stored(*one_worker))


def test_existing_ensemble_needs_resume(scenario, one_worker):
    with pytest.raises(StoreError, match="--resume"):
        run_ensemble(EnsembleRequest(scenario, 12, seed=5, store_path=one_worker[0]))


def test_killed_and_resumed_ensemble_is_identical(tmp_path):
    """Kill -9 a running ensemble twice at different points, resume, compare run for run.

    Each kill lands once the process has committed a few runs (its write-ahead log has grown),
    so it lands mid-ensemble however fast or loaded the machine is; a kill timed from a clean
    run's duration once let both killed processes finish on a busy machine.
    """
    runs = 300

    def command(out):
        return [
            sys.executable,
            "-m",
            "votebank",
            "run",
            "tiny",
            "--runs",
            str(runs),
            "--seed",
            "5",
            "--out",
            str(out),
            "--station-runs",
            "-1",
        ]

    subprocess.run(command(tmp_path / "clean"), check=True, capture_output=True)
    out = tmp_path / "out"
    wal = out / "votebank.duckdb.wal"
    for _ in range(2):
        if (out / "votebank.duckdb").exists():
            ResultsStore(out / "votebank.duckdb").open().close()  # checkpoint: the WAL restarts
        proc = subprocess.Popen(
            [*command(out), "--resume"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size > 600_000:  # some 20 runs of ~30 kB
                break
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    path = out / "votebank.duckdb"
    with ResultsStore(path, read_only=True) as store:
        eid = store.latest_ensemble()
        partial = len(store.done_runs(eid))
    assert 0 < partial < runs, "the kills should land mid-ensemble"
    subprocess.run([*command(out), "--resume"], check=True, capture_output=True)
    assert_same(stored(path, eid), stored(tmp_path / "clean" / "votebank.duckdb", eid))
