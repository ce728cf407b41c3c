"""Resume and Dask, behaviour by behaviour (issue 20, point 10). Each test fails on one of the
bugs once planted unseen: a resumed unseeded ensemble taking fresh entropy, resume computing
``range(len(done), runs)`` instead of the missing runs, Dask workers ignoring
``station_runs``, and no test combining Dask with resume."""

from __future__ import annotations

import functools
import shutil

import pytest

import votebank as vb
from tests.ensemble.test_ensemble import assert_same, stored
from tests.hostile.helpers import assert_user_error, main, tiny_copy
from votebank.ensemble.cluster import dask_client
from votebank.ensemble.runner import EnsembleRequest, _in_process, run_ensemble
from votebank.errors import StoreError
from votebank.results.schema import TABLES
from votebank.results.store import ResultsStore
from votebank.run.distributed import dask_map
from votebank.run.many import Tables, keep_stations, many_runs
from votebank.scenario.overrides import with_overrides

RUNS = 6


@functools.cache
def unseeded() -> vb.Scenario:
    sc = vb.load_scenario("tiny")
    return sc.with_spec(with_overrides(sc.spec, {"scenario.seed": None}))


@pytest.fixture(scope="module")
def cluster():
    """One 2-worker LocalCluster for the module, reached by its address as --scheduler is."""
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Every run of the ensemble, uninterrupted, in this process."""
    path = tmp_path_factory.mktemp("ref") / "votebank.duckdb"
    eid = run_ensemble(
        EnsembleRequest(vb.load_scenario("tiny"), RUNS, seed=5, store_path=path, station_runs=-1)
    )
    return path, eid


def forget(path, eid, runs: set[int]) -> None:
    """Delete some runs from a store, as if they had never finished."""
    with ResultsStore(path) as store:
        for table in TABLES:
            if table != "ensembles":
                store.connection.execute(
                    f"DELETE FROM {table} WHERE ensemble_id = ? AND run_index IN "  # noqa: S608
                    f"({', '.join(map(str, runs))})",
                    [eid],
                )


@pytest.mark.parametrize("where", ["in-process", "dask"])
def test_resume_computes_exactly_the_missing_runs(where, reference, cluster, tmp_path):
    sc = vb.load_scenario("tiny")
    path = tmp_path / "votebank.duckdb"
    eid = run_ensemble(EnsembleRequest(sc, RUNS, seed=5, store_path=path, station_runs=-1))
    forget(path, eid, {1, 4})  # holes before the end: len(done) == 4 would redo 4 and 5
    scheduler = cluster if where == "dask" else None
    request = EnsembleRequest(
        sc, RUNS, seed=5, store_path=path, scheduler=scheduler, resume=True, station_runs=-1
    )
    assert run_ensemble(request) == eid
    with ResultsStore(path, read_only=True) as store:
        assert store.done_runs(eid) == set(range(RUNS))
    assert_same(stored(path, eid), stored(*reference))


@pytest.mark.parametrize("where", ["in-process", "dask"])
def test_resume_of_an_unseeded_ensemble_reuses_its_seed(where, cluster, tmp_path):
    path = tmp_path / "votebank.duckdb"
    eid = run_ensemble(EnsembleRequest(unseeded(), 3, store_path=path, station_runs=-1))
    with ResultsStore(path, read_only=True) as store:
        entropy = int(store.ensemble(eid)["seed_entropy"])
    scheduler = cluster if where == "dask" else None
    request = EnsembleRequest(
        unseeded(), RUNS, store_path=path, scheduler=scheduler, resume=True, station_runs=-1
    )
    assert run_ensemble(request) == eid, "resume started a new ensemble with fresh entropy"
    with ResultsStore(path, read_only=True) as store:
        assert len(store.ensembles()) == 1
        assert store.done_runs(eid) == set(range(RUNS))
    seeded = tmp_path / "seeded.duckdb"
    same = run_ensemble(
        EnsembleRequest(unseeded(), RUNS, seed=entropy, store_path=seeded, station_runs=-1)
    )
    assert same == eid
    assert_same(stored(path, eid), stored(seeded, eid))


@pytest.mark.parametrize("station_runs", [0, 2, -1])
def test_dask_workers_honour_station_runs(station_runs, cluster):
    from dask.distributed import Client

    tiny = vb.load_scenario("tiny")
    with Client(cluster) as client:
        results = list(dask_map(client, tiny, 5, [0, 1, 2, 3], Tables(station_runs)))
    kept = {i: "polling_stations" in r.frames for i, r in results}
    assert kept == {i: keep_stations(i, station_runs) for i in range(4)}


@pytest.mark.parametrize("station_runs", [0, 2])
def test_in_process_runs_honour_station_runs(station_runs):
    results = many_runs(vb.load_scenario("tiny"), 5, [0, 1, 2, 3], Tables(station_runs))
    kept = {i: "polling_stations" in r.frames for i, r in results}
    assert kept == {i: keep_stations(i, station_runs) for i in range(4)}


def test_which_runs_go_to_dask():
    sc = vb.load_scenario("tiny")
    assert _in_process(EnsembleRequest(sc, 1))
    assert not _in_process(EnsembleRequest(sc, 1, workers=2))
    assert not _in_process(EnsembleRequest(sc, 1, scheduler="tcp://127.0.0.1:1"))


def test_progress_counts_stored_runs(tmp_path):
    sc = vb.load_scenario("tiny")
    path = tmp_path / "votebank.duckdb"
    calls = []
    eid = run_ensemble(EnsembleRequest(sc, 3, seed=2, store_path=path), progress=_record(calls))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    forget(path, eid, {1})
    calls.clear()
    request = EnsembleRequest(sc, 4, seed=2, store_path=path, resume=True)
    run_ensemble(request, progress=_record(calls))
    assert calls == [(2, 4), (3, 4), (4, 4)]


def _record(calls):
    return lambda done, total: calls.append((done, total))


@pytest.mark.parametrize("where", ["in-process", "dask"])
def test_ensemble_keeps_stations_of_the_first_runs_only(where, cluster, tmp_path):
    path = tmp_path / "votebank.duckdb"
    scheduler = cluster if where == "dask" else None
    request = EnsembleRequest(
        vb.load_scenario("tiny"), 5, seed=3, store_path=path, scheduler=scheduler, station_runs=2
    )
    eid = run_ensemble(request)
    with ResultsStore(path, read_only=True) as store:
        assert set(store.read("polling_stations", eid)["run_index"]) == {0, 1}
        runs = store.read("runs", eid).set_index("run_index")["has_stations"]
    assert runs.to_dict() == {0: True, 1: True, 2: False, 3: False, 4: False}


def test_local_cluster_listens_on_loopback_only_and_needs_its_certificates():
    from dask.distributed import Client

    request = EnsembleRequest(vb.load_scenario("tiny"), 1, workers=2)
    with dask_client(request) as client:
        info = client.scheduler_info()
        addresses = [client.scheduler.address, *info["workers"]]
        with pytest.raises((OSError, TypeError)):  # another user, without the certificates
            Client(client.scheduler.address, timeout=3)
    assert all(a.startswith("tls://127.0.0.1:") for a in addresses), addresses


@pytest.mark.slow
def test_killed_unseeded_two_worker_ensemble_resumes_identically(tmp_path):
    """Kill -9 an unseeded ensemble on 2 workers (runs finish out of order), resume it with no
    seed, and compare run for run with the same ensemble run straight through."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from tests.scenario.test_errors import TINY

    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    toml.write_text(
        "".join(line for line in toml.read_text().splitlines(True) if not line.startswith("seed"))
    )
    runs, out = 80, tmp_path / "out"
    command = [
        *(sys.executable, "-m", "votebank", "run", str(folder), "--runs", str(runs)),
        *("--workers", "2", "--out", str(out), "--station-runs", "-1"),
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    wal = out / "votebank.duckdb.wal"
    deadline = time.monotonic() + 180
    # Kill once a few runs are committed (each grows the write-ahead log by ~30 kB).
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 250_000:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    path = out / "votebank.duckdb"
    with ResultsStore(path, read_only=True) as store:
        eid = store.latest_ensemble()
        partial = store.done_runs(eid)
        entropy = int(store.ensemble(eid)["seed_entropy"])
    assert 0 < len(partial) < runs, "the kill should land mid-ensemble"
    subprocess.run([*command, "--resume"], check=True, capture_output=True)
    with ResultsStore(path, read_only=True) as store:
        assert store.latest_ensemble() == eid
        assert store.done_runs(eid) == set(range(runs))
    clean = tmp_path / "clean.duckdb"
    sc = vb.load_scenario(folder)
    assert sc.spec.scenario.seed is None
    run_ensemble(EnsembleRequest(sc, runs, seed=entropy, store_path=clean, station_runs=-1))
    assert_same(stored(path, eid), stored(clean, eid))


def test_tls_scheduler_with_certificate_files(reference, tmp_path):
    """A tls:// scheduler reached with --tls-ca-file/--tls-cert/--tls-key gives the same runs."""
    from dask.distributed import LocalCluster
    from distributed.security import Security

    from votebank.ensemble.security import TlsFiles

    security = Security.temporary()
    files = {}
    for name, pem in (
        ("ca", security.tls_ca_file),
        ("cert", security.tls_client_cert),
        ("key", security.tls_client_key),
    ):
        files[name] = tmp_path / f"{name}.pem"
        files[name].write_text(pem)
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        protocol="tls://",
        security=security,
    ) as local:
        assert local.scheduler_address.startswith("tls://")
        path = tmp_path / "votebank.duckdb"
        request = EnsembleRequest(
            vb.load_scenario("tiny"),
            RUNS,
            seed=5,
            store_path=path,
            scheduler=local.scheduler_address,
            station_runs=-1,
            tls=TlsFiles(files["ca"], files["cert"], files["key"]),
        )
        eid = run_ensemble(request)
    assert_same(stored(path, eid), stored(*reference))


# --resume that matches no stored ensemble: refused (exit 2), naming what the store holds that
# could be resumed and why it does not match; nothing is run or stored. It used to start a new
# ensemble from scratch without a word, leaving the interrupted one incomplete.


def stopped(folder, out, seed: int, done: int = 3, asked: int = 8) -> str:
    """An ensemble of the scenario in ``folder`` stopped at ``done`` of ``asked`` runs."""
    path = out / "votebank.duckdb"
    request = EnsembleRequest(vb.load_scenario(folder), done, seed=seed, store_path=path)
    eid = run_ensemble(request)
    asked_for(path, eid, asked)
    return eid


def asked_for(path, eid: str, runs: int) -> None:
    with ResultsStore(path) as store:  # as a run killed at its stored runs leaves it
        store.connection.execute(
            "UPDATE ensembles SET runs_requested = ? WHERE ensemble_id = ?", [runs, eid]
        )


def held(path) -> tuple[list, int]:
    with ResultsStore(path, read_only=True) as store:
        rows = store.ensembles()[["ensemble_id", "seed_entropy", "runs_requested", "runs_done"]]
        return rows.values.tolist(), int(store.query("SELECT count(*) AS n FROM runs")["n"][0])


def test_resume_with_another_seed_is_refused_naming_the_stopped_ensemble(
    tmp_path, monkeypatch, capsys
):
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3)
    before = held(out / "votebank.duckdb")
    argv = ["run", str(folder), "--runs", "8", "--seed", "4", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "votebank.duckdb", "with seed 4", "nothing was resumed")
    assert_user_error(code, text, err, eid, "'tiny', seed 3, 3 of 8 runs", "--seed 3 resumes")
    assert held(out / "votebank.duckdb") == before
    argv[argv.index("4")] = "3"  # the right seed resumes it
    code, _, _ = main(argv, monkeypatch, capsys)
    assert code == 0
    assert held(out / "votebank.duckdb")[0] == [[eid, "3", 8, 8]]


def test_resume_without_seed_names_the_scenarios_seed(tmp_path, monkeypatch, capsys):
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3)  # tiny's own seed is 7
    before = held(out / "votebank.duckdb")
    argv = ["run", str(folder), "--runs", "8", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "with seed 7 (the scenario's)", eid, "--seed 3 resumes")
    assert held(out / "votebank.duckdb") == before


def test_resume_of_an_edited_scenario_is_refused_naming_both_hashes(tmp_path, monkeypatch, capsys):
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    eid = stopped(folder, out, seed=3)
    old = vb.load_scenario(folder).digest
    csv = folder / "candidates.csv"
    csv.write_text(csv.read_text().replace("Mian Sahib,RED,0.3,", "Mian Sahib,RED,0.4,", 1))
    new = vb.load_scenario(folder).digest
    assert new != old
    before = held(out / "votebank.duckdb")
    argv = ["run", str(folder), "--runs", "8", "--seed", "3", "--out", str(out), "--resume"]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, eid, "3 of 8 runs", "the scenario has changed since")
    assert_user_error(code, text, err, f"its hash was {old[:12]}, now {new[:12]}")
    assert "another seed" not in err
    assert held(out / "votebank.duckdb") == before


def test_resume_with_nothing_of_its_own_to_complete_starts_the_ensemble(
    tmp_path, monkeypatch, capsys
):
    # A job that always passes --resume must start on a missing or empty store, and beside
    # finished ensembles or another scenario's stopped one: nothing of its own is left behind.
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    argv = ["run", str(folder), "--runs", "4", "--seed", "3", "--out", str(out), "--resume"]
    assert main(argv, monkeypatch, capsys)[0] == 0  # no store yet
    argv[argv.index("3")] = "4"  # beside a finished ensemble of another seed
    assert main(argv, monkeypatch, capsys)[0] == 0
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    toml = other / "scenario.toml"
    toml.write_text(toml.read_text().replace('name = "tiny"', 'name = "other"', 1))
    stopped(other, out, seed=9)  # another scenario's interrupted ensemble
    argv[argv.index("4", 5)] = "5"
    assert main(argv, monkeypatch, capsys)[0] == 0
    rows = held(out / "votebank.duckdb")[0]
    assert sorted((seed, asked, done) for _, seed, asked, done in rows) == [
        ("3", 4, 4), ("4", 4, 4), ("5", 4, 4), ("9", 8, 3)
    ]  # fmt: skip


def test_resume_without_a_seed_picks_the_one_incomplete_ensemble(tmp_path):
    path = tmp_path / "votebank.duckdb"
    eids = [run_ensemble(EnsembleRequest(unseeded(), 3, seed=s, store_path=path)) for s in (11, 12)]
    with ResultsStore(path, read_only=True) as store:
        latest = store.ensembles()["ensemble_id"].iloc[-1]
    stopped_eid = next(e for e in eids if e != latest)  # not simply the latest one
    asked_for(path, stopped_eid, 5)
    request = EnsembleRequest(unseeded(), 5, store_path=path, resume=True)
    assert run_ensemble(request) == stopped_eid
    rows = {e: done for e, _, _, done in held(path)[0]}
    assert rows == {stopped_eid: 5, latest: 3}


@pytest.mark.parametrize("incomplete", [0, 2])
def test_resume_without_a_seed_among_several_ensembles_asks_which(incomplete, tmp_path):
    path = tmp_path / "votebank.duckdb"
    eids = [run_ensemble(EnsembleRequest(unseeded(), 3, seed=s, store_path=path)) for s in (11, 12)]
    for eid in eids[:incomplete]:
        asked_for(path, eid, 5)
    before = held(path)
    with pytest.raises(StoreError) as info:
        run_ensemble(EnsembleRequest(unseeded(), 5, store_path=path, resume=True))
    text = str(info.value)
    for part in ("2 ensembles of this scenario", "add --seed", *eids, "--seed 11 resumes it"):
        assert part in text, text
    assert "--seed 12 resumes it" in text, text
    assert held(path) == before


def test_a_run_refused_for_stored_runs_leaves_the_store_as_it_was(tmp_path, monkeypatch, capsys):
    # The refusal came after the stored ensemble's runs_requested was raised to the new count,
    # so the summary then called a complete ensemble stopped.
    out = tmp_path / "out"
    argv = ["run", "tiny", "--runs", "3", "--seed", "1", "--out", str(out)]
    assert main(argv, monkeypatch, capsys)[0] == 0
    before = held(out / "votebank.duckdb")
    argv[argv.index("3")] = "5"
    code, text, err = main(argv, monkeypatch, capsys)
    said = " ".join(err.split())
    assert_user_error(code, text, err, "complete (3 runs)", "add --resume with more --runs")
    assert "to complete it" not in said  # nothing is left to complete
    assert held(out / "votebank.duckdb") == before


def test_a_new_run_over_a_stopped_ensemble_is_told_to_resume_it(tmp_path, monkeypatch, capsys):
    folder, out = tiny_copy(tmp_path), tmp_path / "out"
    stopped(folder, out, seed=4, done=2, asked=5)
    before = held(out / "votebank.duckdb")
    argv = ["run", str(folder), "--runs", "5", "--seed", "4", "--out", str(out)]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "2 of its 5 runs stored", "add --resume to complete it")
    assert held(out / "votebank.duckdb") == before


def test_a_store_of_one_run_is_said_to_hold_one_run(tmp_path, monkeypatch, capsys):
    # run --runs 1 twice into one folder: "already holds 1 runs of this scenario and seed".
    out = tmp_path / "out"
    argv = ["run", "tiny", "--runs", "1", "--seed", "1", "--out", str(out)]
    assert main(argv, monkeypatch, capsys)[0] == 0
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, "complete (1 run)", "--resume")
