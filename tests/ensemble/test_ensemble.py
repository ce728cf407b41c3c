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


@pytest.mark.parametrize(
    "lost", ["KilledWorker", "FutureCancelledError", "CommClosedError", "TimeoutError"]
)
def test_a_cluster_that_loses_runs_stops_with_a_message_and_keeps_the_runs_made(
    tmp_path, monkeypatch, capsys, lost
):
    # Workers killed again and again (the memory killer, say) ended the run in Dask's
    # traceback, exit 1; a CommClosedError was even told as the results store's failure, and
    # so was the TimeoutError a scheduler with no worker sends ("No valid workers found").
    from types import SimpleNamespace

    from distributed import KilledWorker
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    from tests.hostile.helpers import main
    from votebank.ensemble import runner

    error = {
        "KilledWorker": KilledWorker("_run-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3),
        "FutureCancelledError": FutureCancelledError("_run-1", reason="already forgotten"),
        "CommClosedError": CommClosedError("in <TCP (closed)>: Stream is closed"),
        "TimeoutError": TimeoutError("No valid workers found"),
    }[lost]
    real = runner.many_runs

    def losing(*args, **kwargs):
        for n, item in enumerate(real(*args, **kwargs)):
            if n == 3:
                raise error
            yield item

    monkeypatch.setattr(runner, "many_runs", losing)
    out = tmp_path / "out"
    argv = ["run", "tiny", "--runs", "6", "--seed", "1", "--out", str(out)]
    code, text, err = main(argv, monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 1, said
    assert "Traceback" not in text + err, err
    assert "│" not in err, err  # no traceback drawn in a box either
    assert lost in said
    assert "results store" not in said
    assert "3 of the 6 runs are stored" in said
    assert "--resume" in said
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        assert store.done_runs(store.latest_ensemble()) == {0, 1, 2}


def test_a_store_that_fills_up_mid_run_says_how_many_runs_are_kept_and_to_resume(
    tmp_path, monkeypatch, capsys
):
    # A full disk mid-run ended in DuckDB's cause and "nothing of the failed write was kept",
    # without a word of the runs already stored or of --resume, which makes the rest.
    import duckdb

    from tests.hostile.helpers import main
    from votebank.ensemble import runner

    monkeypatch.setattr(runner, "BATCH_RUNS", 2)
    real = ResultsStore.write_runs
    calls = []

    def filling(self, eid, staged):
        calls.append(len(staged))
        if len(calls) > 1:
            raise duckdb.IOException('Could not write file "x.wal": No space left on device')
        real(self, eid, staged)

    monkeypatch.setattr(ResultsStore, "write_runs", filling)
    out = tmp_path / "out"
    argv = ["run", "tiny", "--runs", "6", "--seed", "1", "--station-runs", "0", "--out", str(out)]
    code, text, err = main(argv, monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 2, said
    assert "Traceback" not in text + err, err
    assert "No space left on device" in said
    assert "2 of the 6 runs are stored" in said
    assert "free space" in said
    assert "--resume" in said
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        assert store.done_runs(store.latest_ensemble()) == {0, 1}


def test_a_run_out_of_memory_says_what_is_stored_without_a_traceback(tmp_path, monkeypatch, capsys):
    # Under a `ulimit -v` the run ended in 100 lines of NumPy's frames and "MemoryError:
    # Unable to allocate 1.53 MiB", without the runs stored or --resume.
    import votebank as vb
    from tests.hostile.helpers import main

    real_run = vb.Model.run

    def run(self, index, stations=True):
        if index == 2:
            raise MemoryError("Unable to allocate 1.53 MiB for an array with shape (200000,)")
        return real_run(self, index, stations=stations)

    monkeypatch.setattr(vb.Model, "run", run)
    argv = ["run", "tiny", "--runs", "4", "--seed", "1", "--out", str(tmp_path)]
    code, text, err = main(argv, monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 1, said
    assert "Traceback" not in text + err, err
    assert "out of memory (Unable to allocate 1.53 MiB" in said
    assert (
        "2 of the 4 runs are stored: free memory, then run the same command with --resume" in said
    )
    with ResultsStore(tmp_path / "votebank.duckdb", read_only=True) as store:
        assert store.done_runs(store.latest_ensemble()) == {0, 1}


def test_a_private_cluster_that_lost_its_workers_says_memory_and_fewer_workers(
    tmp_path, monkeypatch, capsys
):
    # Workers killed for memory ended in "the cluster lost runs (FutureCancelledError: ...
    # cancelled for reason: already forgotten.)" and advice to --resume, which died the same way.
    import contextlib

    from distributed.client import FutureCancelledError

    from tests.hostile.helpers import main
    from votebank.ensemble import runner

    def lost(*args, **kwargs):
        raise FutureCancelledError("_run-1", "already forgotten")
        yield

    monkeypatch.setattr(runner, "_cluster", lambda request: contextlib.nullcontext())
    monkeypatch.setattr(runner, "many_runs", lost)
    argv = ["run", "tiny", "--runs", "3", "--workers", "2", "--out", str(tmp_path)]
    code, _, err = main(argv, monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 1, said
    assert "the cluster lost runs (FutureCancelledError" in said
    assert "a worker process died, most often killed for using more memory" in said
    assert "try fewer --workers; 0 of the 3 runs are stored" in said


def test_a_scheduler_whose_worker_dies_says_a_worker_died_and_keeps_the_runs_made(
    tmp_path, monkeypatch, capsys
):
    # A worker killed under the runs ended in "the cluster lost runs (KilledWorker: ...)" (or
    # "FutureCancelledError: ... already forgotten."), without a word of a worker dying.
    import dask
    from dask.distributed import LocalCluster

    from tests.hostile.helpers import main
    from votebank.ensemble import runner

    real = runner.many_runs

    def killing(*args, client=None, **kwargs):
        for n, item in enumerate(real(*args, client=client, **kwargs)):
            if n == 2:
                for pid in client.run(os.getpid).values():
                    os.kill(pid, signal.SIGKILL)
            yield item

    monkeypatch.setattr(runner, "many_runs", killing)
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
    ):
        argv = ["run", "tiny", "--runs", "200", "--seed", "1", "--out", str(tmp_path)]
        code, _, err = main([*argv, "--scheduler", cluster.scheduler_address], monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 1, said
    assert "a worker died or left the scheduler while making them" in said
    assert "--resume" in said
    with ResultsStore(tmp_path / "votebank.duckdb", read_only=True) as store:
        assert len(store.done_runs(store.latest_ensemble())) < 200


def test_a_lost_scheduler_is_told_as_the_scheduler_not_a_worker(tmp_path):
    # After the worker message was added, a scheduler killed under the runs read "a worker
    # died or left the scheduler".
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    from votebank.ensemble.runner import _lost

    request = EnsembleRequest(vb.load_scenario("tiny"), 6, scheduler="tcp://10.0.0.5:8786")
    for exc in (
        FutureCancelledError("_run-1", reason="scheduler-connection-lost"),
        CommClosedError("in <TCP (closed)>: Stream is closed"),
    ):
        said = str(_lost(exc, 2, request))
        assert "the connection to the scheduler tcp://10.0.0.5:8786 was lost" in said
        assert "a worker died" not in said
