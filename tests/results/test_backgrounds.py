"""Winners by background, of a store written before candidates had a background."""

from __future__ import annotations

import numpy as np
import pytest

from votebank.results.backgrounds import background_rows, background_summary
from votebank.results.frames import example_frames, example_meta
from votebank.results.store import ResultsStore


def _begin(store: ResultsStore, name: str, *, runs: int) -> str:
    """An ensemble of ``runs`` begun in ``store`` (its id)."""
    return store.begin_ensemble(
        scenario_name=name,
        scenario_hash="h",
        seed_entropy=1,
        runs_requested=runs,
        scenario_json="{}",
        version="0.1.0",
    )


def test_winners_of_a_store_without_backgrounds_count_as_unknown(tmp_path):
    # Their background reads as unknown (NULL): the table said "None" had won no seat.
    path = tmp_path / "old.duckdb"
    with ResultsStore(path) as store:
        eid = _begin(store, "old", runs=2)
        for i in range(2):
            store.write_run(eid, example_meta(i), example_frames(i))
        for column in ("background_sourced", "background"):  # added in that order
            store.connection.execute(f"ALTER TABLE candidates DROP COLUMN {column}")
    with ResultsStore(path, read_only=True) as store:
        df = background_summary(store, eid)
        elected = store.query(
            "SELECT count(*) / 2 AS n FROM candidates WHERE ensemble_id = ? AND elected", [eid]
        )["n"].iat[0]
    assert df["background"].tolist() == ["unknown"]
    assert elected > 0
    assert df["seats_mean"].sum() == pytest.approx(elected)
    assert background_rows(df, synthetic=False)[0]["background"] == "unknown"


def test_the_seats_interval_is_of_seat_totals_some_run_had(tmp_path):
    # Interpolated between runs it read 5.2–7.0 seats, a count no run can have.
    path = tmp_path / "v.duckdb"
    with ResultsStore(path) as store:
        eid = _begin(store, "s", runs=6)
        frames = [example_frames(i, seed=5, n_constituencies=12) for i in range(6)]
        for i, f in enumerate(frames):
            store.write_run(eid, example_meta(i), f, stations=False)
        df = background_summary(store, eid)
    for r in df.itertuples():
        per_run = [
            int(((c.background == r.background) & (c.background_sourced == r.sourced)).sum())
            for c in (f["candidates"][f["candidates"].elected] for f in frames)
        ]
        assert r.q05 == np.quantile(per_run, 0.05, method="lower"), (r, per_run)
        assert r.q95 == np.quantile(per_run, 0.95, method="higher"), (r, per_run)


def test_a_table_of_none_alone_is_known_as_without_backgrounds():
    import pandas as pd

    from votebank.results.backgrounds import without_backgrounds

    def frame(backgrounds, sourced):
        return pd.DataFrame({"background": backgrounds, "sourced": sourced, "seats_mean": 1.0})

    assert without_backgrounds(frame(["none"], [False]))  # uk-2015-from-2010: 650 of "none"
    assert not without_backgrounds(frame(["none", "feudal"], [False, False]))
    assert not without_backgrounds(frame(["none"], [True]))
    assert not without_backgrounds(frame([], []))
