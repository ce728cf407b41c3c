"""Broken stores and outputs (issue 20, point 6): a truncated file, a full disk, ``--out``
naming a file, and a scheduler that is no scheduler. Each is a user error (exit 2) naming the
store or option and the cause, with nothing half-written."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.hostile.helpers import assert_user_error, main
from votebank.results.store import ResultsStore


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    out = tmp_path_factory.mktemp("stored")
    code = subprocess.run(
        [sys.executable, "-m", "votebank", "run", "tiny", "--runs", "3", "--out", str(out)],
        capture_output=True,
        check=False,
    ).returncode
    assert code == 0
    return out / "votebank.duckdb"


@pytest.mark.parametrize("size", [4096, 300_000])
@pytest.mark.parametrize(
    "argv", [["summary"], ["report"], ["run", "tiny", "--runs", "4", "--resume"], ["export"]]
)
def test_truncated_store_is_a_user_error(stored, size, argv, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "votebank.duckdb").write_bytes(stored.read_bytes()[:size])
    code, text, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, text, err, "votebank.duckdb", "truncated")


@pytest.mark.parametrize(
    "argv", [["summary"], ["report"], ["export"], ["run", "tiny", "--runs", "2"]]
)
def test_another_duckdb_database_is_named_not_a_votebank_store(argv, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with duckdb.connect(str(out / "votebank.duckdb")) as con:
        con.execute("CREATE TABLE someone_elses (x INTEGER)")
    code, text, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, text, err, "votebank.duckdb", "no ensembles table", "not a votebank")
    with duckdb.connect(str(out / "votebank.duckdb"), read_only=True) as con:  # left as it was
        assert con.execute("SELECT table_name FROM information_schema.tables").fetchall() == [
            ("someone_elses",)
        ]


@pytest.mark.parametrize("argv", [["summary"], ["report"], ["export"]])
def test_a_store_with_no_tables_yet_is_not_called_truncated(argv, tmp_path, monkeypatch, capsys):
    # Left by a run killed before it made its tables, or copied after a kill without its .wal.
    out = tmp_path / "out"
    out.mkdir()
    duckdb.connect(str(out / "votebank.duckdb")).close()
    code, text, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, text, err, "votebank.duckdb", "no tables yet", ".wal")
    assert "truncated" not in " ".join(err.split())


def test_a_store_another_process_holds_is_named_in_use(stored, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "votebank.duckdb").write_bytes(stored.read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
         " print('open', flush=True); time.sleep(60)", str(out / "votebank.duckdb")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        code, text, err = main(["summary", "--out", str(out)], monkeypatch, capsys)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # else its pipe is left for the collector to warn about
    assert_user_error(code, text, err, "votebank.duckdb", "another process has it open")


@pytest.mark.parametrize("argv", [["run", "tiny", "--runs", "1"], ["summary"], ["report"]])
def test_out_naming_a_file_is_a_user_error(argv, tmp_path, monkeypatch, capsys):
    out = tmp_path / "afile"
    out.write_text("x")
    code, text, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, text, err, "--out", str(out), "is a file")
    assert out.read_text() == "x"


@pytest.mark.parametrize(
    "argv", [["summary"], ["report"], ["export"], ["explain", "--all"], ["forensics-run"]]
)
def test_a_folder_with_no_store_is_a_user_error(argv, tmp_path, monkeypatch, capsys):
    code, text, err = main([*argv, "--out", str(tmp_path)], monkeypatch, capsys)
    store = str(tmp_path / "votebank.duckdb")
    assert_user_error(code, text, err, store, "no results store here")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv", [["summary"], ["report"], ["export"], ["explain", "--all"], ["forensics-run"]]
)
def test_a_store_path_that_is_a_folder_is_named_so(argv, tmp_path, monkeypatch, capsys):
    # It said "no results store here ... (got missing)", as if nothing were there.
    store = tmp_path / "votebank.duckdb"
    store.mkdir()
    code, text, err = main([*argv, "--out", str(tmp_path)], monkeypatch, capsys)
    assert_user_error(code, text, err, str(store), "is a folder")
    assert "missing" not in text + err
    assert list(tmp_path.iterdir()) == [store]


@pytest.mark.parametrize("argv", [["summary"], ["report"], ["explain", "--all"], ["forensics-run"]])
def test_a_store_holding_no_ensemble_is_a_user_error(argv, tmp_path, monkeypatch, capsys):
    with ResultsStore(tmp_path / "votebank.duckdb"):
        pass  # a store with its tables and nothing in them (as a plan stored alone leaves)
    code, out, err = main([*argv, "--out", str(tmp_path)], monkeypatch, capsys)
    assert_user_error(code, out, err, "votebank.duckdb", "holds no ensemble yet")


@pytest.mark.parametrize(
    ("text", "says"),
    [("{bad json", "line 1, column 2: not JSON"), ("[]", "not a JSON object")],
)
def test_a_damaged_section_file_is_named_and_no_report_written(
    stored, text, says, tmp_path, monkeypatch, capsys
):
    (tmp_path / "votebank.duckdb").write_bytes(stored.read_bytes())
    (tmp_path / "backtest.json").write_text(text)
    code, out, err = main(["report", "--out", str(tmp_path)], monkeypatch, capsys)
    assert_user_error(code, out, err, str(tmp_path / "backtest.json"), says)
    assert not (tmp_path / "report.html").exists()


def _small_file_limit():  # runs in the child: writes past 1.5 MB fail with EFBIG
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))


def test_full_disk_names_the_real_cause_and_keeps_whole_runs(tmp_path):
    out = tmp_path / "full"
    # Runs are written in batches (up to 64 a transaction): enough runs that the file limit
    # bites after some batches are stored.
    argv = ["run", "tiny", "--runs", "300", "--station-runs", "-1", "--out", str(out)]
    proc = subprocess.run(
        [sys.executable, "-m", "votebank", *argv],
        preexec_fn=_small_file_limit,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "could not write" in proc.stderr.lower()
    assert "no transaction" not in proc.stderr
    with ResultsStore(out / "votebank.duckdb", read_only=True) as store:
        eid = store.latest_ensemble()
        done = store.done_runs(eid)
        stored = set(store.read("constituencies", eid)["run_index"])
    assert 0 < len(done) < 300
    assert stored == done, "a run's tables are stored exactly when its runs row is"


def test_failed_write_is_not_masked_by_its_rollback(tmp_path, monkeypatch):
    """DuckDB aborts a transaction whose write failed; the ROLLBACK then fails as well."""
    from votebank.results.frames import example_frames

    def broken(self, *args):
        self.connection.execute("ROLLBACK")  # what DuckDB does itself on an I/O error
        raise duckdb.IOException('Could not write file "x.wal": No space left on device')

    with ResultsStore(tmp_path / "s.duckdb") as store:
        eid = store.begin_ensemble(
            scenario_name="x",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=1,
            scenario_json="{}",
            version="0",
        )
        monkeypatch.setattr(ResultsStore, "_insert_frame", broken)
        meta = {"run_index": 0, "seed_entropy": 1, "version": "0", "seconds": 0.0}
        with pytest.raises(duckdb.IOException, match="No space left"):
            store.write_run(eid, {**meta, "step_seconds": {}}, example_frames(0))


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("bogus://x", "tcp://HOST:PORT"),
        ("tcp://127.0.0.1:1", "cannot connect"),
        ("tcp://", "tcp://HOST:PORT"),
    ],
)
def test_bad_scheduler_fails_fast_and_stores_nothing(address, why, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    start = time.perf_counter()
    argv = ["run", "tiny", "--runs", "2", "--out", str(out), "--scheduler", address]
    code, text, err = main(argv, monkeypatch, capsys)
    assert time.perf_counter() - start < 20
    assert_user_error(code, text, err, "--scheduler", address, why)
    assert not (out / "votebank.duckdb").exists(), "no ensemble row for a run that never began"


def test_workers_beside_a_scheduler_are_refused(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    argv = ["run", "tiny", "--runs", "2", "--out", str(out), "--workers", "3"]
    code, text, err = main([*argv, "--scheduler", "tcp://127.0.0.1:1"], monkeypatch, capsys)
    assert_user_error(code, text, err, "--workers", "3", "scheduler's own workers")
    assert not (out / "votebank.duckdb").exists()
    assert "runs (asked for)" not in err  # refused before the runs were counted out


def test_tls_files_need_a_tls_address(tmp_path, monkeypatch, capsys):
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    argv = ["run", "tiny", "--runs", "1", "--out", str(tmp_path / "o")]
    tls = ["--tls-ca-file", str(ca), "--tls-cert", str(ca)]
    code, text, err = main([*argv, "--scheduler", "tcp://127.0.0.1:1", *tls], monkeypatch, capsys)
    assert_user_error(code, text, err, "--scheduler", "tls://")
    code, text, err = main([*argv, "--tls-ca-file", str(ca)], monkeypatch, capsys)
    assert_user_error(code, text, err, "--tls-cert")
    missing = ["--tls-ca-file", str(tmp_path / "none.pem"), "--tls-cert", str(ca)]
    code, text, err = main(
        [*argv, "--scheduler", "tls://127.0.0.1:1", *missing], monkeypatch, capsys
    )
    assert_user_error(code, text, err, "--tls-ca-file", "none.pem", "no such file")


def test_summary_of_a_stopped_run_says_it_is_partial(stored, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "votebank.duckdb").write_bytes(stored.read_bytes())
    with duckdb.connect(
        str(out / "votebank.duckdb")
    ) as con:  # as a run killed at 3 of 10 leaves it
        con.execute("UPDATE ensembles SET runs_requested = 10")
    code, text, _ = main(["summary", "--out", str(out)], monkeypatch, capsys)
    assert code == 0
    assert "only 3 of the 10 runs asked for are stored" in " ".join(text.split())
    for argv in (["summary"], ["report"], ["explain", "--all", "--runs", "2"]):
        code, _, err = main([*argv, "--out", str(out), "--ensemble", "bogus"], monkeypatch, capsys)
        assert code == 2, argv
        assert "no such ensemble" in err


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (b"HTTP/1.1 400 Bad Request\r\n\r\n", "not a Dask scheduler's"),  # a web server
        (None, "no Dask scheduler answered"),  # a listener that never answers (it hung)
    ],
)
def test_a_peer_that_is_no_scheduler_is_named(reply, why, tmp_path, monkeypatch, capsys):
    import socket
    import threading

    from votebank.ensemble import cluster

    monkeypatch.setattr(cluster, "HANDSHAKE_SECONDS", 3)
    server = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def serve() -> None:  # every connection: votebank's reachability check, then Dask's
        while True:
            try:
                conn, _ = server.accept()
            except OSError:  # closed at the end of the test
                return
            accepted.append(conn)
            if reply is not None:
                conn.sendall(reply)

    threading.Thread(target=serve, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    out = tmp_path / "out"
    argv = ["run", "tiny", "--runs", "2", "--out", str(out), "--scheduler", address]
    try:
        code, text, err = main(argv, monkeypatch, capsys)
    finally:
        for conn in accepted:
            conn.close()
        server.close()
    assert_user_error(code, text, err, "--scheduler", address, why)
    assert not (out / "votebank.duckdb").exists()


@pytest.mark.parametrize(
    "stored_json",
    [
        "{bad",
        "[]",
        "null",
        '{"scenario": 5}',
        '{"parties": 5}',
        '{"parties": [5]}',
        '{"parties": [{"id": "RED", "colour": 5}]}',  # the report's colours: a TypeError
    ],
)
@pytest.mark.parametrize("argv", [["summary"], ["report"], ["forensics-run"]])
def test_an_ensembles_damaged_scenario_is_a_user_error(
    stored, stored_json, argv, tmp_path, monkeypatch, capsys
):
    # A store whose scenario_json was edited by hand: summary, report and forensics-run ended
    # in a traceback (JSONDecodeError, TypeError, AttributeError).
    out = tmp_path / "out"
    out.mkdir()
    (out / "votebank.duckdb").write_bytes(stored.read_bytes())
    with duckdb.connect(str(out / "votebank.duckdb")) as con:
        con.execute("UPDATE ensembles SET scenario_json = ?", [stored_json])
    code, text, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert_user_error(code, text, err, "votebank.duckdb", "scenario", "ensemble")
    assert not (out / "report.html").exists()
