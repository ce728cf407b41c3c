"""Ctrl-C at a terminal while an ensemble runs on local workers, for real: the terminal sends
SIGINT to the command's whole process group, the worker processes included."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ensemble.test_ensemble import assert_same, stored
from tests.hostile.helpers import main
from votebank import errors
from votebank.ensemble import runner
from votebank.errors import StoreError
from votebank.results.store import ResultsStore

SRC = Path(__file__).resolve().parents[2] / "src"
ARGS = ["run", "tiny", "--runs", "240", "--seed", "4", "--station-runs", "-1"]


def votebank(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-m", "votebank", *args], check=True, env=env, timeout=120)


def test_ctrl_c_with_workers_prints_one_line_and_resume_gives_the_same_runs(tmp_path):
    out = tmp_path / "stopped"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "votebank", *ARGS, "--workers", "2", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground command
    )
    try:
        # The store is opened once the cluster is up, its workers connected.
        deadline = time.monotonic() + 60
        while not (out / "votebank.duckdb").exists() and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        # Well before the end: an idle machine stored all of 120 runs within 4 s.
        time.sleep(1)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stdout + stderr
    assert "Traceback" not in stdout + stderr, stdout + stderr
    assert "Error" not in stdout + stderr, stdout + stderr
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        eid = store.latest_ensemble()
        done = len(store.done_runs(eid))
        assert done < 240  # stopped before the end
    said = "".join(stderr.split())  # rich wraps a long path where it likes
    verb = "is" if done == 1 else "are"
    kept = f"interrupted: {done} of the 240 runs {verb} stored in {out / 'votebank.duckdb'}"
    assert "".join(kept.split()) in said, stderr
    assert f"(ensemble{eid}):runthesamecommandwith--resumetomaketheother" in said

    votebank(*ARGS, "--out", str(out), "--resume")
    votebank(*ARGS, "--out", str(tmp_path / "whole"))
    assert_same(
        stored(out / "votebank.duckdb", eid), stored(tmp_path / "whole" / "votebank.duckdb", eid)
    )


def test_ctrl_c_says_how_many_runs_are_stored_and_what_resume_makes(tmp_path, monkeypatch, capsys):
    # Ctrl-C said "completed runs are stored; add --resume to finish": not how many, nor of
    # which ensemble, nor how many --resume would make.
    interrupt_run(monkeypatch, 3)
    code, _, err = main(
        ["run", "tiny", "--runs", "6", "--seed", "2", "--out", str(tmp_path)], monkeypatch, capsys
    )
    assert code == 130, err
    path = tmp_path / "votebank.duckdb"
    with ResultsStore(path, read_only=True) as store:
        eid = store.latest_ensemble()
        assert store.done_runs(eid) == {0, 1, 2}
    said = "".join(err.split())  # rich wraps a long path where it likes
    kept = f"interrupted: 3 of the 6 runs are stored in {path} (ensemble {eid})"
    assert "".join(kept.split()) in said, err
    assert "runthesamecommandwith--resumetomaketheother3" in said


def test_ctrl_c_after_one_run_says_it_is_stored(tmp_path, monkeypatch, capsys):
    # It said "1 of the 6 runs are stored".
    interrupt_run(monkeypatch, 1)
    argv = ["run", "tiny", "--runs", "6", "--seed", "2", "--out", str(tmp_path)]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 130, err
    assert "interrupted: 1 of the 6 runs is stored in" in " ".join(err.split())


@pytest.mark.parametrize(
    "duckdb_error",
    [
        RuntimeError("Query interrupted"),
        StoreError("results store x: Invalid Input Error: reading the schema failed: Keyboard"),
    ],
)
def test_a_store_write_cut_short_by_ctrl_c_is_reported_as_the_ctrl_c(
    duckdb_error, tmp_path, monkeypatch, capsys
):
    # A Ctrl-C landing in a DuckDB call comes out as DuckDB's error: it was reported as a
    # broken store (exit 2), or as a traceback.
    # No Ctrl-C yet in this test process, and none noted after it.
    monkeypatch.setattr(errors, "_ctrl_c", {"pressed": False}, raising=False)

    def interrupted_write(request, progress=None):
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise duckdb_error from None  # what DuckDB makes of it

    monkeypatch.setattr(runner, "run_ensemble", interrupted_write)
    code, out, err = main(
        ["run", "tiny", "--runs", "2", "--out", str(tmp_path)], monkeypatch, capsys
    )
    assert code == 130, err
    assert "Traceback" not in out + err
    assert "interrupted: completed runs are stored; add --resume to finish" in err


@pytest.mark.parametrize("lost", ["TimeoutError", "KilledWorker"])
def test_a_cluster_lost_outside_run_stops_with_a_message_not_a_traceback(
    tmp_path, monkeypatch, capsys, lost
):
    # compare on a scheduler whose workers had not joined ended in Dask's traceback, drawn
    # in a box: "TimeoutError: No valid workers found". explain and calibrate did the same.
    from types import SimpleNamespace

    from distributed import KilledWorker

    from votebank.commands import compare

    error = {
        "TimeoutError": TimeoutError("No valid workers found"),
        "KilledWorker": KilledWorker("_run-1", SimpleNamespace(address="tcp://127.0.0.1:1"), 3),
    }[lost]

    def losing(*args, **kwargs):
        raise error

    monkeypatch.setattr(compare, "compare_checked", losing)
    code, text, err = main(["compare", "tiny", "tiny", "--runs", "3"], monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 1, said
    assert "Traceback" not in text + err
    assert "│" not in err, err
    assert f"the cluster stopped ({lost}" in said
    assert "compare stopped before it finished" in said


def interrupt_run(monkeypatch, at: int) -> None:
    """Ctrl-C (KeyboardInterrupt) as run ``at`` of the ensemble begins."""
    import votebank as vb

    real_run = vb.Model.run

    def run(self, index, stations=True):
        if index == at:
            raise KeyboardInterrupt
        return real_run(self, index, stations=stations)

    monkeypatch.setattr(vb.Model, "run", run)


@pytest.mark.parametrize("peer", ["silent listener", "scheduler without workers"])
def test_ctrl_c_while_connecting_to_a_scheduler_says_no_run_was_made(
    peer, tmp_path, monkeypatch, capsys
):
    # A Ctrl-C in the 30 s wait for a scheduler's answer (or the 10 s wait for its first
    # worker) said "completed runs are stored; add --resume to finish": none was made.
    import socket
    import threading

    from dask.distributed import LocalCluster

    with contextlib.ExitStack() as stack:
        if peer == "silent listener":
            server = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
            address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        else:
            cluster = stack.enter_context(
                LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=":0")
            )
            address = cluster.scheduler_address
        timer = threading.Timer(2.5, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        out = tmp_path / "out"
        argv = ["run", "tiny", "--runs", "2", "--out", str(out), "--scheduler", address]
        code, _, err = main(argv, monkeypatch, capsys)
        timer.cancel()
    said = " ".join(err.split())
    assert code == 130, said
    assert f"interrupted: while connecting to the scheduler {address}, before any run" in said
    assert "completed runs are stored" not in said
    assert not out.exists()
