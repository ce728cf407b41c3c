"""ResultsStore: round trip, one-transaction runs, resume bookkeeping, SIGKILL safety."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from votebank.errors import InputError, StoreError
from votebank.results.frames import (
    FRAME_COLUMNS,
    FRAME_TABLES,
    check_frames,
    example_frames,
    example_meta,
)
from votebank.results.store import ResultsStore, ensemble_id_for
from votebank.run.many import keep_stations

SRC = Path(__file__).resolve().parents[2] / "src"
SEED = 2**70 + 12345  # larger than 2**64 on purpose


def begin(store: ResultsStore, **overrides) -> str:
    args = {
        "scenario_name": "pakistan-2008",
        "scenario_hash": "abc123",
        "seed_entropy": SEED,
        "runs_requested": 10,
        "scenario_json": '{"name": "pakistan-2008"}',
        "version": "0.1.0",
    }
    args.update(overrides)
    return store.begin_ensemble(**args)


@pytest.fixture
def store(tmp_path):
    with ResultsStore(tmp_path / "out" / "votebank.duckdb") as s:
        yield s


def row_counts(store: ResultsStore, eid: str) -> dict[str, dict[int, int]]:
    out = {}
    for table in FRAME_TABLES:
        df = store.query(
            f"SELECT run_index, count(*) AS n FROM {table} WHERE ensemble_id = ? GROUP BY 1",  # noqa: S608
            [eid],
        )
        out[table] = dict(zip(df.run_index.tolist(), df.n.tolist(), strict=True))
    return out


def expected_counts(run_index: int, stations: bool, **sizes) -> dict[str, int]:
    frames = example_frames(run_index, **sizes)
    counts = {t: len(df) for t, df in frames.items()}
    if not stations:
        counts["polling_stations"] = 0
    return counts


def test_constructor_only_stores_path(tmp_path):
    path = tmp_path / "nested" / "x.duckdb"
    store = ResultsStore(path)
    assert store.path == path
    assert not path.parent.exists()
    with pytest.raises(StoreError, match="not open"):
        store.done_runs("x")


def test_round_trip_of_frames_and_meta(store):
    eid = begin(store)
    written = {i: example_frames(i) for i in range(3)}
    for i, frames in written.items():
        store.write_run(eid, example_meta(i), frames, stations=i != 1)

    for table in FRAME_TABLES:
        got = store.read(table, eid)
        assert list(got.columns) == ["ensemble_id", "run_index", *FRAME_COLUMNS[table]]
        assert (got.ensemble_id == eid).all()
        runs = [i for i in written if table != "polling_stations" or i != 1]
        want = pd.concat([written[i][table] for i in runs], ignore_index=True)
        assert (
            got.run_index.tolist()
            == np.repeat(runs, [len(written[i][table]) for i in runs]).tolist()
        )
        got = got.drop(columns=["ensemble_id", "run_index"])
        check_frames({**example_frames(0), table: got})  # dtypes read back are valid too
        if table == "polling_stations":
            assert [list(v) for v in got.pop("votes")] == [list(v) for v in want.pop("votes")]
        pd.testing.assert_frame_equal(got, want, check_dtype=False)

    runs = store.read("runs", eid)
    assert runs.run_index.tolist() == [0, 1, 2]
    assert runs.seed_entropy.tolist() == [str(example_meta(i)["seed_entropy"]) for i in range(3)]
    assert runs.has_stations.tolist() == [True, False, True]
    assert json.loads(runs.step_seconds_json[0]) == example_meta(0)["step_seconds"]
    ens = store.ensembles()
    assert ens.seed_entropy.tolist() == [str(SEED)]
    assert ens.runs_done.tolist() == [3]
    assert store.read("seats", eid, runs=[2]).run_index.unique().tolist() == [2]


def test_read_rejects_unknown_table(store):
    with pytest.raises(InputError, match="'votes'"):
        store.read("votes")


@pytest.mark.parametrize("fail_at", ["bad_votes", "last_table"])
def test_failed_write_leaves_nothing_of_that_run(store, monkeypatch, fail_at):
    eid = begin(store)
    store.write_run(eid, example_meta(0), example_frames(0))
    before = row_counts(store, eid)
    frames = example_frames(1)
    if fail_at == "bad_votes":
        # Passes check_frames (object column) but fails mid-transaction, after two tables.
        frames["polling_stations"]["votes"] = pd.Series([["x"]] * len(frames["polling_stations"]))
        expected_error = ValueError
    else:
        original = ResultsStore._insert_frame

        def failing(self, table, *args):
            if table == "canvass":
                raise RuntimeError("disk full")
            return original(self, table, *args)

        monkeypatch.setattr(ResultsStore, "_insert_frame", failing)
        expected_error = RuntimeError
    with pytest.raises(expected_error):
        store.write_run(eid, example_meta(1), frames)
    assert row_counts(store, eid) == before
    assert store.done_runs(eid) == {0}
    monkeypatch.undo()
    store.write_run(eid, example_meta(1), example_frames(1))  # the connection is still usable
    assert store.done_runs(eid) == {0, 1}


def test_duplicate_run_index_refused(store):
    eid = begin(store)
    store.write_run(eid, example_meta(0), example_frames(0))
    before = row_counts(store, eid)
    with pytest.raises(StoreError, match=r"run 0 .* already stored"):
        store.write_run(eid, example_meta(0), example_frames(0))
    assert row_counts(store, eid) == before


def test_unknown_ensemble_refused(store):
    with pytest.raises(StoreError, match="nope"):
        store.write_run("nope", example_meta(0), example_frames(0))


def test_bad_meta_and_frames_refused(store):
    eid = begin(store)
    meta = example_meta(0)
    del meta["seconds"]
    with pytest.raises(ValueError, match="seconds"):
        store.write_run(eid, meta, example_frames(0))
    frames = example_frames(0)
    frames["seats"] = frames["seats"].drop(columns="women")
    with pytest.raises(ValueError, match=r"'seats'.*'women'"):
        store.write_run(eid, example_meta(0), frames)
    assert store.done_runs(eid) == set()


def test_check_frames_names_table_and_column():
    frames = example_frames(0)
    frames["candidates"]["votes"] = frames["candidates"]["votes"].astype(float)
    with pytest.raises(ValueError, match="'candidates' column 'votes'"):
        check_frames(frames)
    frames = example_frames(0)
    del frames["byelections"]
    with pytest.raises(ValueError, match="'byelections' is missing"):
        check_frames(frames)
    frames = example_frames(0)
    frames["extra"] = frames["seats"]
    with pytest.raises(ValueError, match="extra"):
        check_frames(frames)


def test_ensemble_id_is_deterministic_and_resumable(store):
    eid = begin(store)
    assert eid == ensemble_id_for("abc123", SEED)
    assert len(eid) == 16
    assert begin(store, runs_requested=20) == eid  # resume finds it
    assert store.ensembles().runs_requested.tolist() == [20]
    other = begin(store, seed_entropy=SEED + 1)
    assert other != eid
    assert store.latest_ensemble() == other
    assert len(store.ensembles()) == 2


def test_the_latest_ensemble_is_the_one_last_written_to_a_resumed_one_too(store):
    # `votebank run --resume` completes an older ensemble: summary and report then show it,
    # not the newer one created before it was resumed.
    older = begin(store)
    store.write_run(older, example_meta(0), example_frames(0))
    newer = begin(store, seed_entropy=SEED + 1)
    store.write_run(newer, example_meta(0), example_frames(0))
    assert store.latest_ensemble() == newer
    store.write_run(older, example_meta(1), example_frames(1))  # resumed
    assert store.latest_ensemble() == older
    created = begin(store, seed_entropy=SEED + 2)  # a new one, no run stored yet
    assert store.latest_ensemble() == created


def test_the_latest_ensemble_is_the_one_last_resumed_with_nothing_left_to_run_too(store):
    # `votebank run --resume` of a complete ensemble stores no run: the store kept only when
    # ensembles were made and runs finished, so the one made after it stayed the latest.
    older = begin(store)
    store.write_run(older, example_meta(0), example_frames(0))
    newer = begin(store, seed_entropy=SEED + 1)
    store.write_run(newer, example_meta(0), example_frames(0))
    assert store.latest_ensemble() == newer
    assert begin(store, runs_requested=1, exact=True) == older  # resumed: nothing to run
    assert store.latest_ensemble() == older
    assert store.n_runs(older) == 1
    stamped = store.ensembles().set_index("ensemble_id")
    assert stamped.loc[older, "last_run"] > stamped.loc[newer, "last_run"]


def test_an_unknown_ensemble_id_is_refused_naming_the_stored_ones(store):
    # The CLI has no command that lists a store's ensembles: a wrong --ensemble said only
    # "no such ensemble", and the user had no way to find the ids of the others.
    first = begin(store, scenario_name="tiny")
    store.write_run(first, example_meta(0), example_frames(0))
    second = begin(store, scenario_name="na184", seed_entropy=3, runs_requested=4)
    with pytest.raises(InputError) as exc:
        store.chosen_ensemble("nope")
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("ensemble", "nope")
    text = problem.message
    assert "no such ensemble in the store" in text
    assert f"{first} (tiny, seed {SEED}, 1 of 10 runs)" in text
    assert f"{second} (na184, seed 3, 0 of 4 runs)" in text
    assert text.index(second) < text.index(first)  # the latest first


def test_mixing_scenarios_refused(store):
    eid = begin(store, ensemble_id="mine")
    assert eid == "mine"
    with pytest.raises(StoreError, match="abc123"):
        begin(store, ensemble_id="mine", scenario_hash="different")
    assert begin(store, ensemble_id="mine", scenario_hash="different", allow_mixing=True) == eid
    assert store.ensembles().scenario_hash.tolist() == ["abc123"]


def test_missing_runs_survive_reopen(tmp_path):
    path = tmp_path / "v.duckdb"
    with ResultsStore(path) as store:
        assert store.latest_ensemble() is None
        eid = begin(store)
        for i in (0, 2, 5):
            store.write_run(eid, example_meta(i), example_frames(i), stations=keep_stations(i, 1))
    with ResultsStore(path) as store:
        assert store.done_runs(eid) == {0, 2, 5}
        assert store.missing_runs(eid, 7) == [1, 3, 4, 6]
        assert store.missing_runs(eid, 3) == [1]
        assert store.read("polling_stations", eid).run_index.unique().tolist() == [0]
    with ResultsStore(path, read_only=True) as store:
        assert store.n_runs(eid) == 3


# -- SIGKILL at a random moment ------------------------------------------------------------

SIZES = {"n_constituencies": 30, "stations_per_constituency": 40, "n_candidates": 4}
STATION_RUNS = 3
WRITER = f"""
import sys
from votebank.results.frames import example_frames, example_meta
from votebank.results.store import ResultsStore
from votebank.run.many import keep_stations

store = ResultsStore(sys.argv[1]).open()
# A small threshold checkpoints after almost every run, so kills also land mid-checkpoint.
store.connection.execute("SET checkpoint_threshold = '" + sys.argv[3] + "'")
i = max(store.done_runs(sys.argv[2]), default=-1) + 1
print("ready", flush=True)
while True:
    frames = example_frames(i, **{SIZES!r})
    store.write_run(sys.argv[2], example_meta(i), frames, stations=keep_stations(i, {STATION_RUNS}))
    i += 1
"""


def check_whole(store: ResultsStore, eid: str) -> set[int]:
    done = store.done_runs(eid)
    # Runs are written in order, so the stored ones are 0..k-1.
    assert done == set(range(len(done)))
    counts = row_counts(store, eid)
    for i in done:
        want = expected_counts(i, keep_stations(i, STATION_RUNS), **SIZES)
        for table, n in want.items():
            assert counts[table].get(i, 0) == n, (table, i)
    for table in FRAME_TABLES:
        assert set(counts[table]) <= done, f"orphan rows in {table}"
    votes = store.query(
        "SELECT run_index, sum(votes) AS v FROM candidates WHERE ensemble_id = ? GROUP BY 1",
        [eid],
    )
    for i, v in zip(votes.run_index, votes.v, strict=True):
        assert v == example_frames(int(i), **SIZES)["candidates"].votes.sum()
    return done


def test_sigkill_mid_write_leaves_only_whole_runs(tmp_path):
    path = tmp_path / "killed.duckdb"
    with ResultsStore(path) as store:
        eid = begin(store)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    delays = random.Random(20080218)
    history = []
    for rep in range(5):
        threshold = "256KB" if rep % 2 else "16MB"
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), eid, threshold],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            line = proc.stdout.readline()
            assert line.strip() == "ready", proc.stderr.read()
            time.sleep(delays.uniform(0.05, 0.5))
        finally:
            proc.kill()  # SIGKILL
            proc.wait()
        assert proc.returncode == -9
        with ResultsStore(path) as store:
            history.append(len(check_whole(store, eid)))
    print("runs stored after each kill:", history)
    assert history == sorted(history)
    assert history[-1] > 0
    with ResultsStore(path) as store:  # writing continues after the last kill
        i = history[-1]
        store.write_run(
            eid,
            example_meta(i),
            example_frames(i, **SIZES),
            stations=keep_stations(i, STATION_RUNS),
        )
        assert len(check_whole(store, eid)) == i + 1


# -- batches ---------------------------------------------------------------------------------


def test_a_batch_is_written_whole_or_not_at_all(store):
    from votebank.results.staging import stage_run

    eid = begin(store)
    store.write_run(eid, example_meta(1), example_frames(1))
    before = row_counts(store, eid)
    batch = [stage_run(example_meta(i), example_frames(i)) for i in (0, 1, 2)]
    with pytest.raises(StoreError, match=r"run 1 .* already stored"):
        store.write_runs(eid, batch)  # run 1 is stored: nothing of runs 0 and 2 either
    assert row_counts(store, eid) == before
    with pytest.raises(ValueError, match="twice"):
        store.write_runs(eid, [batch[0], batch[0]])
    store.write_runs(eid, [batch[2], batch[0]])
    assert store.done_runs(eid) == {0, 1, 2}
    one_by_one = ResultsStore(store.path.with_name("one.duckdb")).open()
    try:
        other = begin(one_by_one)
        for i in (1, 2, 0):
            one_by_one.write_run(other, example_meta(i), example_frames(i))
        for table in ("candidates", "polling_stations", "seats"):
            a = store.read(table, eid).drop(columns="ensemble_id")
            b = one_by_one.read(table, other).drop(columns="ensemble_id")
            pd.testing.assert_frame_equal(a, b)
    finally:
        one_by_one.close()


def test_a_store_of_an_older_version_gains_the_new_columns(tmp_path):
    """A store written before a column existed is still written to; its old rows read it as
    unknown (a flag as false), and nothing else about them changes."""
    path = tmp_path / "old.duckdb"
    with ResultsStore(path) as store:
        old = begin(store)
        store.write_run(old, example_meta(0), example_frames(0))
        store.connection.execute("ALTER TABLE candidates DROP COLUMN background_sourced")
    with ResultsStore(path) as store:
        new = begin(store, seed_entropy=7)
        store.write_run(new, example_meta(0), example_frames(0))
        got = store.read("candidates")
        assert list(got.columns) == ["ensemble_id", "run_index", *FRAME_COLUMNS["candidates"]]
        old_rows = got[got.ensemble_id == old]
        assert not old_rows.background_sourced.any()
        new_rows = got[got.ensemble_id == new].reset_index(drop=True)
        want = example_frames(0)["candidates"].background_sourced
        assert new_rows.background_sourced.tolist() == want.tolist()


def _store_without(tmp_path, table: str, column: str) -> tuple[Path, str]:
    """A store of one run whose ``table`` then loses ``column`` (as an older one lacks it)."""
    path = tmp_path / "old.duckdb"
    with ResultsStore(path) as store:
        eid = begin(store)
        store.write_run(eid, example_meta(0), example_frames(0))
        store.connection.execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')
    return path, eid


@pytest.mark.parametrize(
    ("column", "default"), [("background", None), ("background_sourced", False)]
)
def test_an_older_store_is_read_with_the_added_columns_at_their_defaults(tmp_path, column, default):
    """Reading a store written before a column existed reads that column as an upgrade would
    fill it, and leaves the file as it was (summary and report stopped on a binder error)."""
    from votebank.results.backgrounds import background_summary

    path, eid = _store_without(tmp_path, "candidates", column)
    before = path.read_bytes()
    with ResultsStore(path, read_only=True) as store:
        got = store.read("candidates", eid)
        assert list(got.columns) == ["ensemble_id", "run_index", *FRAME_COLUMNS["candidates"]]
        assert got[column].tolist() == [default] * len(got)
        assert background_summary(store, eid)["runs"].tolist()
    assert path.read_bytes() == before


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize(
    ("table", "column"),
    [("constituencies", "tie_by_lot"), ("candidates", "votes_canvassed"), ("runs", "has_stations")],
)
def test_a_store_lacking_a_column_every_votebank_wrote_is_refused(
    tmp_path, table, column, read_only
):
    """No default would be true of a column every votebank wrote: the store is refused,
    naming it, the table and the column, and left as it was (reading stopped on a binder
    error; writing filled the column with unknowns)."""
    path, _ = _store_without(tmp_path, table, column)
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        ResultsStore(path, read_only=read_only).open()
    said = " ".join(str(exc.value).split())
    assert str(path) in said
    assert f"column {column} of table {table}" in said
    assert "edited or damaged" in said
    assert "Binder" not in said
    assert path.read_bytes() == before


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize("table", ["polling_stations", "byelections"])
def test_a_store_lacking_a_table_every_votebank_made_is_refused(tmp_path, table, read_only):
    """Its stored runs' rows of that table are gone: the store is refused, naming it and the
    table, and left as it was (the report stopped on a raw catalog error, and a command that
    writes made the table again, empty, as if the runs had no such rows)."""
    path = tmp_path / "old.duckdb"
    with ResultsStore(path) as store:
        store.write_run(begin(store), example_meta(0), example_frames(0))
        store.connection.execute(f"DROP TABLE {table}")
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        ResultsStore(path, read_only=read_only).open()
    said = " ".join(str(exc.value).split())
    assert str(path) in said
    assert f"lacks the table {table}" in said
    assert "edited or damaged" in said
    assert path.read_bytes() == before


def test_another_duckdb_database_is_never_written_into(tmp_path):
    """Opening another DuckDB database for writing is refused, and it is left as it was (it
    used to gain votebank's tables, and then the runs, beside its own)."""
    path = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE someone_elses (x INTEGER)")
    with pytest.raises(StoreError, match=r"no ensembles table.*not a votebank store"):
        ResultsStore(path).open()
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert tables == [("someone_elses",)]


@pytest.mark.parametrize("read_only", [True, False])
def test_another_database_with_a_table_named_ensembles_is_not_taken_for_a_store(
    tmp_path, read_only
):
    # Its own "ensembles" table passed for votebank's: reading it failed on DuckDB's binder
    # error, and writing said "a newer votebank wrote it".
    path = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE ensembles (name VARCHAR, x INTEGER)")
    with pytest.raises(StoreError) as exc:
        ResultsStore(path, read_only=read_only).open()
    said = str(exc.value)
    assert "not votebank's" in said
    assert "not a votebank store" in said
    assert "newer" not in said
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert tables == [("ensembles",)]


def test_an_empty_duckdb_file_becomes_a_store(tmp_path):
    """A file with no table at all (a store killed before its schema was made) is a new store."""
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with ResultsStore(path) as store:
        begin(store)
        assert len(store.ensembles()) == 1


@pytest.mark.parametrize(
    ("table", "column"), [("runs", "worker"), ("ensembles", "format"), ("seats", "speaker")]
)
def test_a_store_of_a_newer_version_is_refused_for_writing(tmp_path, table, column):
    """A column this votebank does not know means a newer one wrote the store: writing is
    refused, naming the column, and nothing is written (it failed on a raw DuckDB binder
    error, or stored new runs with the newer column empty); reading is still allowed."""
    path = tmp_path / "new.duckdb"
    with ResultsStore(path) as store:
        eid = begin(store)
        store.write_run(eid, example_meta(0), example_frames(0))
        store.connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=rf"{table}\.{column}.*newer votebank"):
        ResultsStore(path).open()
    assert path.read_bytes() == before
    with ResultsStore(path, read_only=True) as store:
        assert store.n_runs(eid) == 1


def test_a_closed_store_holds_its_runs_in_its_one_file(tmp_path):
    # The runs were merged from votebank.duckdb.wal into the file only when DuckDB shut the
    # database down, which it does not while another connection of the process (a notebook's
    # duckdb.connect of the same file) has it open: a copy of the one file lacked them.
    path = tmp_path / "votebank.duckdb"
    other = duckdb.connect(str(path))
    try:
        with ResultsStore(path) as s:
            eid = begin(s)
            s.write_run(eid, example_meta(0), example_frames(0))
        assert not path.with_name(path.name + ".wal").exists()
        copy = tmp_path / "copy" / "votebank.duckdb"
        copy.parent.mkdir()
        copy.write_bytes(path.read_bytes())
    finally:
        other.close()
    with ResultsStore(copy, read_only=True) as s:
        assert s.n_runs(eid) == 1


def test_a_stored_ensemble_of_one_run_is_listed_as_one_run(store):
    # report --ensemble with a wrong id beside a --runs 1 ensemble listed "(tiny, seed 1,
    # 1 of 1 runs)".
    one = begin(store, scenario_name="tiny", runs_requested=1)
    store.write_run(one, example_meta(0), example_frames(0))
    with pytest.raises(InputError) as exc:
        store.chosen_ensemble("nope")
    assert f"{one} (tiny, seed {SEED}, 1 of 1 run)" in exc.value.problems[0].message


def test_a_store_shows_its_file_and_whether_it_is_open(tmp_path):
    # Its repr was <votebank.results.store.ResultsStore object at 0x7f...>.
    store = ResultsStore(tmp_path / "votebank.duckdb", read_only=False)
    assert repr(store) == f"ResultsStore({str(store.path)!r}, read_only=False; not open)"
    with store:
        assert repr(store).endswith("; open)")


def test_a_store_not_open_says_how_to_open_it(tmp_path):
    # A notebook's ResultsStore(path).latest_ensemble() said only that it was not open.
    with pytest.raises(StoreError, match=r"store\.open\(\)"):
        ResultsStore(tmp_path / "votebank.duckdb").latest_ensemble()


def test_reading_an_unknown_ensemble_is_refused_not_an_empty_table(store):
    # store.read("seats", "mistyped") gave a table of no rows, as if the ensemble had none.
    with pytest.raises(InputError, match="no such ensemble"):
        store.read("seats", "mistyped")


@pytest.mark.parametrize("runs", [0, "10", [0.5], [True]])
def test_runs_that_are_no_list_of_run_indices_are_refused(store, runs):
    # runs=0 failed with TypeError; runs="10" read runs 1 and 0, the text's characters.
    with pytest.raises(InputError) as exc:
        store.read("seats", runs=runs)
    assert [p.location for p in exc.value.problems] == ["runs"]


def test_the_folder_holding_the_store_opens_the_store(tmp_path):
    # ResultsStore("votebank-out") failed in DuckDB: "Could not read from file ...: Is a
    # directory", while build_report and the forensics readers take the folder.
    path = tmp_path / "votebank.duckdb"
    with ResultsStore(path) as store:
        eid = begin(store)
    for folder in (tmp_path, str(tmp_path)):
        with ResultsStore(folder, read_only=True) as store:
            assert store.path == path
            assert store.latest_ensemble() == eid
