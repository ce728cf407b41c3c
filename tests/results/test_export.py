"""export_tables: Parquet and CSV files that read back to what the store holds."""

from __future__ import annotations

import _thread
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import votebank
from votebank.cli import main
from votebank.errors import InputError, Interrupted
from votebank.results import export as export_module
from votebank.results.deciding import COLUMNS as DECIDING_COLUMNS
from votebank.results.deciding import read_deciding, write_deciding
from votebank.results.export import export_tables
from votebank.results.frames import example_frames, example_meta
from votebank.results.schema import TABLES
from votebank.results.store import ResultsStore

SIZES = {"n_constituencies": 5, "stations_per_constituency": 3}
# A station_votes query that runs for many seconds (a stand-in for a large store's).
SLOW = "WITH x AS (SELECT 1 FROM candidates {where}) SELECT sum(i) FROM range(20000000000) t(i)"


def begin(store: ResultsStore, scenario_hash: str) -> str:
    return store.begin_ensemble(
        scenario_name=f"scenario {scenario_hash}",
        scenario_hash=scenario_hash,
        seed_entropy=2**80,
        runs_requested=3,
        scenario_json='{"it\'s": "quoted"}',
        version="0.1.0",
    )


def fill(s: ResultsStore) -> ResultsStore:
    for h, runs in (("first", 3), ("second", 2)):
        eid = begin(s, h)
        for i in range(runs):
            s.write_run(eid, example_meta(i), example_frames(i, seed=len(h), **SIZES))
    return s


@pytest.fixture
def store(tmp_path):
    with ResultsStore(tmp_path / "v.duckdb") as s:
        yield fill(s)


@pytest.fixture
def stored(tmp_path) -> Path:
    """A closed store in ``tmp_path/out`` (for the CLI and for other processes)."""
    path = tmp_path / "out" / "votebank.duckdb"
    path.parent.mkdir()
    with ResultsStore(path) as s:
        fill(s)
    return path


def contents(folder: Path) -> dict[str, bytes]:
    """The folder's files (a killed export's temporary folder left aside)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(export_module.TMP_PREFIX))


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    keys = [
        c for c in ("ensemble_id", "run_index", "station_id", "candidate_id", "party") if c in df
    ]
    return df.sort_values(keys, kind="stable", ignore_index=True)


def test_parquet_round_trip(store, tmp_path):
    eid = store.latest_ensemble()
    paths = export_tables(store, tmp_path / "pq", ensemble_id=eid)
    assert [p.name for p in paths] == [f"{t}.parquet" for t in (*TABLES, "station_votes")]
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == sorted(p.name for p in paths)
    for table, path in zip(TABLES, paths[:-1], strict=True):
        got = canonical(pd.read_parquet(path))
        want = canonical(store.read(table, eid))
        assert (got.ensemble_id == eid).all()
        if table == "polling_stations":
            assert [list(v) for v in got.pop("votes")] == [list(v) for v in want.pop("votes")]
        pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_csv_round_trip(store, tmp_path):
    paths = export_tables(
        store, tmp_path / "csv", fmt="csv", tables=["candidates", "runs", "ensembles"]
    )
    assert [p.suffix for p in paths] == [".csv"] * 3
    got = canonical(pd.read_csv(paths[0]))
    want = canonical(store.read("candidates"))
    assert set(got.ensemble_id) == set(store.ensembles().ensemble_id)
    numeric = want.select_dtypes("number").columns
    np.testing.assert_array_equal(got[numeric].to_numpy(), want[numeric].to_numpy())
    assert got.candidate_id.tolist() == want.candidate_id.tolist()
    runs = pd.read_csv(paths[1], dtype={"seed_entropy": str})
    assert sorted(runs.seed_entropy) == sorted(store.read("runs").seed_entropy)
    ensembles = pd.read_csv(paths[2], dtype={"seed_entropy": str})
    assert ensembles.scenario_json.tolist() == ['{"it\'s": "quoted"}'] * 2
    assert ensembles.seed_entropy.tolist() == [str(2**80)] * 2


def test_csv_station_votes_are_readable(store, tmp_path):
    (path,) = export_tables(store, tmp_path / "csv", fmt="csv", tables=["polling_stations"])
    got = pd.read_csv(path)
    want = store.read("polling_stations")
    assert len(got) == len(want)
    parsed = got.votes.str.strip("[]").str.split(",").map(lambda xs: [int(x) for x in xs])
    assert sorted(map(tuple, parsed)) == sorted(tuple(v) for v in want.votes)


def test_rejects_bad_format_table_and_ensemble(store, tmp_path):
    with pytest.raises(InputError, match=r"fmt: choose one of .* \(got xlsx\)"):
        export_tables(store, tmp_path, fmt="xlsx")
    with pytest.raises(InputError, match="'ballots'"):
        export_tables(store, tmp_path, tables=["seats", "ballots"])
    with pytest.raises(InputError, match="nope"):
        export_tables(store, tmp_path / "x", ensemble_id="nope")
    assert list(tmp_path.glob("*.parquet")) == []


def test_the_format_is_read_in_any_case(store, tmp_path):
    written = export_tables(store, tmp_path / "out", fmt="CSV", tables=["seats"])
    assert [p.suffix for p in written] == [".csv"]


def test_every_table_of_ensemble_rows_is_exported(store, tmp_path):
    # deciding_routes is written on request (votebank explain --all), after the runs.
    first, second = store.ensembles().ensemble_id
    rows = pd.DataFrame(
        {
            "constituency_id": ["NA-001", "NA-002"],
            "mechanism": "biradari",
            "runs": 4,
            "p_changed": [0.75, 0.0],
            "p_changed_se": [0.2, 0.0],
            "winner_with": "PPP",
            "winner_without": ["PML-N", "PPP"],
        }
    )
    write_deciding(store.path, first, rows)
    # So is any later table of ensemble rows; a table of other rows is not the ensembles'.
    store.connection.execute("CREATE TABLE later AS SELECT ? AS ensemble_id, 1 AS x", [first])
    store.connection.execute("CREATE TABLE plans AS SELECT 'p' AS plan_id")
    paths = export_tables(store, tmp_path / "all", fmt="csv")
    names = [*TABLES, "deciding_routes", "later", "station_votes"]
    assert [p.name for p in paths] == [f"{t}.csv" for t in names]
    got = pd.read_csv(tmp_path / "all" / "deciding_routes.csv")
    stored = [c for c in DECIDING_COLUMNS if c != "changed_se"]  # added last, after computed
    assert list(got.columns) == ["ensemble_id", *stored, "computed", "changed_se"]
    want = read_deciding(store, first)
    pd.testing.assert_frame_equal(
        got[list(DECIDING_COLUMNS)].sort_values("constituency_id", ignore_index=True),
        want.sort_values("constituency_id", ignore_index=True),
        check_dtype=False,
    )
    one = export_tables(store, tmp_path / "one", ensemble_id=second)
    assert (tmp_path / "one" / "deciding_routes.parquet") in one
    assert pd.read_parquet(tmp_path / "one" / "deciding_routes.parquet").empty
    (path,) = export_tables(store, tmp_path / "just", tables=["deciding_routes"])
    assert len(pd.read_parquet(path)) == 2
    with pytest.raises(InputError, match="'plans'"):
        export_tables(store, tmp_path / "x", tables=["plans"])


def test_an_export_replaces_its_own_files_and_leaves_others(store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("mine")  # a user's notes, a Finder or Jupyter file
    export_tables(store, out, fmt="csv")
    export_tables(store, out, fmt="parquet", tables=["seats"])
    written = export_tables(store, out, fmt="csv", tables=["seats"])
    names = sorted(p.name for p in out.iterdir())
    # This format's files of tables not written now are gone: no mix of two csv exports.
    assert names == ["README.md", "seats.csv", "seats.parquet"]
    assert [p.name for p in written] == ["seats.csv"]
    assert (out / "README.md").read_text() == "mine"
    assert leftovers(out) == []


def test_an_export_into_the_current_folder_writes_there(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    export_tables(store, ".", tables=["seats"])
    assert (tmp_path / "seats.parquet").is_file()


def test_a_failed_export_leaves_the_previous_one(store, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_tables(store, out, fmt="csv")
    before = contents(out)
    # Every stored table is written before station_votes fails.
    monkeypatch.setattr(export_module, "STATION_VOTES_QUERY", "SELECT * FROM nowhere {where}")
    with pytest.raises(Exception, match="nowhere"):
        export_tables(store, out, fmt="csv", ensemble_id=store.latest_ensemble())
    assert contents(out) == before
    assert leftovers(out) == []


def test_ctrl_c_stops_a_long_copy_and_keeps_the_previous_export(store, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_tables(store, out, fmt="csv")
    before = contents(out)
    monkeypatch.setattr(export_module, "STATION_VOTES_QUERY", SLOW)
    ctrl_c = threading.Timer(0.5, _thread.interrupt_main)  # what Ctrl-C does in the main thread
    start = time.monotonic()
    ctrl_c.start()
    try:
        with pytest.raises(Interrupted, match=r"export stopped; .*out is as it was"):
            export_tables(store, out, fmt="csv")
    finally:
        ctrl_c.cancel()
    # DuckDB alone noticed the Ctrl-C only when the 20-second query had finished.
    assert time.monotonic() - start < 10
    assert contents(out) == before
    assert leftovers(out) == []


KILLED_EXPORT = """
import sys
from votebank.results import export
from votebank.results.store import ResultsStore
export.STATION_VOTES_QUERY = sys.argv[4]
with ResultsStore(sys.argv[1], read_only=True) as store:
    export.export_tables(store, sys.argv[2], fmt="csv", ensemble_id=sys.argv[3])
"""


def test_a_killed_export_leaves_the_previous_one_whole(stored, tmp_path):
    with ResultsStore(stored, read_only=True) as s:
        a, b = s.ensembles().ensemble_id
        out = tmp_path / "export"
        export_tables(s, out, fmt="csv", ensemble_id=a)
    before = contents(out)
    src = str(Path(votebank.__file__).parents[1])  # the votebank under test
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(stored), str(out), b, SLOW],
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])},
    )
    try:  # kill -9 while station_votes, the last file, is being written
        deadline = time.monotonic() + 120
        while not list(out.glob(f"{export_module.TMP_PREFIX}*/station_votes*")):
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        child.kill()
        child.wait()
    assert contents(out) == before  # every file still ensemble A's
    assert len(leftovers(out)) <= 1
    with ResultsStore(stored, read_only=True) as s:
        export_tables(s, out, fmt="csv", ensemble_id=b)  # removes what the killed one left
    assert leftovers(out) == []
    assert set(pd.read_csv(out / "station_votes.csv").ensemble_id) == {b}


def test_cli_names_its_options_and_writes_nothing_on_errors(stored, tmp_path, capsys):
    out, to = str(stored.parent), tmp_path / "tables"
    for args, named in (
        (["--format", "xlsx"], "--format: choose one of parquet or csv (got xlsx)"),
        (["--to", str(stored)], "--to: is a file; give a folder"),
    ):
        with pytest.raises(SystemExit) as exit_:
            main(["export", "--out", out, "--to", str(to), *args])
        assert exit_.value.code == 2
        err = " ".join(capsys.readouterr().err.split())
        assert named in err, err
        assert not to.exists()
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--out", out, "--to", str(to), "--format", "CSV"])
    assert exit_.value.code == 0
    assert len(list(to.glob("*.csv"))) == len(TABLES) + 1


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path):
    # Party ids come from a scenario's tables: "=HYPERLINK(...)" was exported as is, and a
    # spreadsheet opening the CSV would run it. A signed number is a number, and stays.
    parties = ('=HYPERLINK("http://x","y")', "@SUM(A1)", "-12", "PPP")
    with ResultsStore(tmp_path / "v.duckdb") as s:
        eid = begin(s, "formulas")
        s.write_run(eid, example_meta(0), example_frames(0, parties=parties, **SIZES))
        csv = export_tables(s, tmp_path / "csv", fmt="csv", tables=["candidates"])
        pq = export_tables(s, tmp_path / "pq", tables=["candidates"])
        (votes,) = export_tables(s, tmp_path / "all", fmt="csv")[-1:]
    for path in (*csv, votes):
        got = set(pd.read_csv(path, dtype=str).party)
        assert got == {"'" + parties[0], "'" + parties[1], "-12", "PPP"}
    assert set(pd.read_parquet(pq[0]).party) == set(parties)


def test_a_folder_named_as_an_export_file_is_refused_before_anything_is_written(stored, tmp_path):
    # A folder runs.csv in --to: ensembles.csv was replaced, the move of runs.csv failed with
    # "results store ...: Is a directory", and the temporary folder was left with the rest.
    out = tmp_path / "export"
    (out / "runs.csv").mkdir(parents=True)
    (out / "ensembles.csv").write_text("an earlier export's")
    before = contents(out)
    with ResultsStore(stored, read_only=True) as s, pytest.raises(InputError) as info:
        export_tables(s, out, fmt="csv")
    assert "runs.csv" in str(info.value)
    assert "folder" in str(info.value)
    assert contents(out) == before
    assert leftovers(out) == []


def test_a_full_disk_is_named_as_the_export_folder_not_the_store(
    stored, tmp_path, capsys, monkeypatch
):
    # DuckDB's failure to write an export file was told as "results store OUT/votebank.duckdb:
    # IO Error ...", as if the store were broken.
    import duckdb

    real, to = export_module._copy, tmp_path / "tables"

    def full(con, query, path, options):
        if path.name.startswith("candidates"):
            message = (
                'Async write failed for range [offset=191, size=147845]: {"exception_type":"IO",'
                f'"exception_message":"Could not write file \\"{path}\\": No space left on '
                'device","errno":"28"}'
            )
            raise duckdb.IOException(message)
        real(con, query, path, options)

    monkeypatch.setattr(export_module, "_copy", full)
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--out", str(stored.parent), "--to", str(to)])
    err = " ".join(capsys.readouterr().err.split())
    assert exit_.value.code == 2, err
    assert f"--to: cannot be written: {os.strerror(28)}" in err, err
    assert "results store" not in err
    assert [p.name for p in to.iterdir()] == []


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_an_older_store_exports_the_added_columns_at_their_defaults(stored, tmp_path, fmt):
    # A read of it has them (unknown background, unsourced); the export left them out, so its
    # files had other columns than the same store's once a write had upgraded it.
    def read(path: Path) -> pd.DataFrame:
        return pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path)

    with ResultsStore(stored, read_only=True) as s:
        export_tables(s, tmp_path / "new", fmt=fmt)
    with ResultsStore(stored) as s:
        for column in ("background_sourced", "background"):
            s.connection.execute(f"ALTER TABLE candidates DROP COLUMN {column}")
    with ResultsStore(stored, read_only=True) as s:
        want = s.read("candidates")
        export_tables(s, tmp_path / "old", fmt=fmt)
    got = read(tmp_path / "old" / f"candidates.{fmt}")
    assert sorted(got.columns) == sorted(want.columns)
    assert got["background"].isna().all()
    assert not got["background_sourced"].any()
    # The station votes too: their candidates are found in the file's own table.
    votes = f"station_votes.{fmt}"
    pd.testing.assert_frame_equal(read(tmp_path / "old" / votes), read(tmp_path / "new" / votes))


def test_the_readme_says_a_canvass_plan_is_not_exported(store, tmp_path):
    # plan-canvass keeps its plans in table canvass_plan, which holds no ensemble rows and
    # is not exported: the README's "every stored table" promised a file that never came.
    store.connection.execute("CREATE TABLE canvass_plan (plan_id VARCHAR, seat VARCHAR)")
    written = export_tables(store, tmp_path / "out")
    assert "canvass_plan" not in {p.stem for p in written}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    [line] = [text for text in readme.splitlines() if text.startswith("votebank export")]
    assert "every stored table" not in line
    assert "ensemble rows" in line


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_runs_finished_in_any_order_export_the_same_files(tmp_path, fmt):
    # Runs are stored as they finish, which differs with the workers: the same ensemble's
    # files came out in another row order with --workers 2 than with one.
    files = {}
    for name, order in (("ordered", [0, 1, 2]), ("shuffled", [2, 0, 1])):
        with ResultsStore(tmp_path / f"{name}.duckdb") as s:
            eid = begin(s, "same")
            for i in order:
                s.write_run(eid, example_meta(i), example_frames(i, seed=4, **SIZES))
            export_tables(s, tmp_path / name, fmt=fmt)
            want = s.read("candidates")
        files[name] = {
            p.name: p.read_bytes()
            for p in (tmp_path / name).iterdir()
            if p.name not in (f"runs.{fmt}", f"ensembles.{fmt}")  # their times differ
        }
        got = pd.read_parquet if fmt == "parquet" else pd.read_csv
        read = got(tmp_path / name / f"candidates.{fmt}")
        assert read.run_index.tolist() == want.run_index.tolist()
        assert read.candidate_id.tolist() == want.candidate_id.tolist()  # as written in a run
    assert files["shuffled"] == files["ordered"]


def test_a_table_file_that_is_a_link_is_written_through(store, tmp_path):
    # A table's file linked to another disk became a file in the folder, the target as it was.
    target = tmp_path / "disk" / "candidates.csv"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    out = tmp_path / "exp"
    out.mkdir()
    (out / "candidates.csv").symlink_to(target)
    export_tables(store, out, tables=["candidates", "runs"], fmt="csv")
    assert (out / "candidates.csv").is_symlink()
    assert pd.read_csv(target).shape[0] == store.read("candidates").shape[0]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
