"""The README's multi-machine path, for real: `dask scheduler` and two `dask worker` processes
started from the command line, an ensemble sent through `--scheduler`, and the same stored
results as one process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ensemble.test_ensemble import assert_same, stored
from votebank.results.store import ResultsStore

pytestmark = pytest.mark.skipif(shutil.which("dask") is None, reason="the dask command")

SRC = Path(__file__).resolve().parents[2] / "src"


def start(args: list[str], log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        args, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


def votebank(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-m", "votebank", *args], check=True, env=env, timeout=300)


def test_an_ensemble_on_command_line_workers_equals_one_process(tmp_path):
    info = tmp_path / "scheduler.json"
    procs = [
        start(
            [
                "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                "--no-dashboard", "--scheduler-file", str(info),
            ],
            tmp_path / "scheduler.log",
        )
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        # The file appears before its contents: wait until it is written.
        while not (info.exists() and info.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for i in range(2):
            procs.append(
                start(
                    ["dask", "worker", address, "--nworkers", "1", "--nthreads", "1",
                     "--no-dashboard"],
                    tmp_path / f"worker{i}.log",
                )
            )  # fmt: skip
        args = ["run", "tiny", "--runs", "6", "--seed", "4", "--station-runs", "-1"]
        votebank(*args, "--out", str(tmp_path / "cluster"), "--scheduler", address)
        votebank(*args, "--out", str(tmp_path / "alone"))
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            p.wait(timeout=30)
    cluster, alone = (
        tmp_path / "cluster" / "votebank.duckdb",
        tmp_path / "alone" / "votebank.duckdb",
    )
    with ResultsStore(alone, read_only=True) as store:
        eid = store.latest_ensemble()
    assert_same(stored(cluster, eid), stored(alone, eid))
    logs = "".join((tmp_path / f"worker{i}.log").read_text() for i in range(2))
    assert logs.count("Registered to") == 2  # both workers joined the scheduler
