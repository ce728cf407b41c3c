"""export_tables: Parquet and CSV files that read back to what the store holds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from votebank.errors import InputError
from votebank.results import export as export_module
from votebank.results.export import export_tables
from votebank.results.frames import FRAME_TABLES, example_frames, example_meta
from votebank.results.store import TABLES, ResultsStore

SIZES = {"n_constituencies": 5, "stations_per_constituency": 3}


def begin(store: ResultsStore, scenario_hash: str) -> str:
    return store.begin_ensemble(
        scenario_name=f"scenario {scenario_hash}",
        scenario_hash=scenario_hash,
        seed_entropy=2**80,
        runs_requested=3,
        scenario_json='{"it\'s": "quoted"}',
        version="0.1.0",
    )


@pytest.fixture
def store(tmp_path):
    with ResultsStore(tmp_path / "v.duckdb") as s:
        for h, runs in (("first", 3), ("second", 2)):
            eid = begin(s, h)
            for i in range(runs):
                s.write_run(eid, example_meta(i), example_frames(i, seed=len(h), **SIZES))
        yield s


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
    (path,) = export_tables(store, tmp_path, fmt="csv", tables=["polling_stations"])
    got = pd.read_csv(path)
    want = store.read("polling_stations")
    assert len(got) == len(want)
    parsed = got.votes.str.strip("[]").str.split(",").map(lambda xs: [int(x) for x in xs])
    assert sorted(map(tuple, parsed)) == sorted(tuple(v) for v in want.votes)


def test_rejects_bad_format_table_and_ensemble(store, tmp_path):
    with pytest.raises(InputError, match=r"format: choose one of .* \(got xlsx\)"):
        export_tables(store, tmp_path, fmt="xlsx")
    with pytest.raises(InputError, match="'ballots'"):
        export_tables(store, tmp_path, tables=["seats", "ballots"])
    with pytest.raises(InputError, match="nope"):
        export_tables(store, tmp_path / "x", ensemble_id="nope")
    assert list(tmp_path.glob("*.parquet")) == []


def test_failed_export_leaves_no_file(store, tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(export_module.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        export_tables(store, tmp_path / "out", tables=list(FRAME_TABLES))
    assert list((tmp_path / "out").iterdir()) == []


def test_the_format_is_read_in_any_case(store, tmp_path):
    written = export_tables(store, tmp_path, fmt="CSV", tables=["seats"])
    assert [p.suffix for p in written] == [".csv"]
