"""The store's schema: a store written before ``ensembles.last_run`` existed still works."""

from __future__ import annotations

import pandas as pd

from tests.results.test_store import SEED, begin
from votebank.results.frames import example_frames, example_meta
from votebank.results.store import ResultsStore


def _old_store(tmp_path):
    """A store of two ensembles, the older given a run last, as votebank wrote it before
    ``last_run``: without that column (the last of ``ensembles``)."""
    path = tmp_path / "old.duckdb"
    with ResultsStore(path) as store:
        first = begin(store)
        second = begin(store, seed_entropy=SEED + 1)
        store.write_run(second, example_meta(0), example_frames(0))
        store.write_run(first, example_meta(0), example_frames(0))
        store.connection.execute("ALTER TABLE ensembles DROP COLUMN last_run")
        columns = store.query("DESCRIBE ensembles")["column_name"].tolist()
    assert columns[-1] == "scenario_json"
    return path, first, second


def test_an_older_store_is_read_as_before_and_left_as_it_was(tmp_path):
    """Read, its ensembles have no ``last_run`` (NULL), the latest is the one last given a run,
    and the file is not changed."""
    path, first, second = _old_store(tmp_path)
    before = path.read_bytes()
    with ResultsStore(path, read_only=True) as store:
        assert store.latest_ensemble() == first
        held = store.ensembles()
        assert held["ensemble_id"].tolist() == [first, second]
        assert held["last_run"].isna().all()
        assert store.read("ensembles")["last_run"].isna().all()
        assert store.chosen_ensemble(None) == first
    assert path.read_bytes() == before


def test_an_older_store_gains_last_run_and_a_resume_then_makes_its_ensemble_the_latest(
    tmp_path,
):
    """Written to, the column is added (NULL in the old rows), and an ensemble resumed with
    nothing left to run is the latest from then on."""
    path, first, second = _old_store(tmp_path)
    with ResultsStore(path) as store:
        assert store.latest_ensemble() == first
        assert store.query("SELECT last_run FROM ensembles")["last_run"].isna().all()
        assert begin(store, seed_entropy=SEED + 1) == second  # resumed: nothing to run
        assert store.latest_ensemble() == second
        third = begin(store, seed_entropy=SEED + 2)
        assert store.latest_ensemble() == third
    with ResultsStore(path, read_only=True) as store:
        stamped = store.ensembles().set_index("ensemble_id")["last_run"]
        assert pd.isna(stamped[first])
        assert stamped[third] > stamped[second]
        assert store.latest_ensemble() == third
