"""Winners by background, of a store written before candidates had a background."""

from __future__ import annotations

import pytest

from votebank.results.backgrounds import background_rows, background_summary
from votebank.results.frames import example_frames, example_meta
from votebank.results.store import ResultsStore


def test_winners_of_a_store_without_backgrounds_count_as_unknown(tmp_path):
    # Their background reads as unknown (NULL): the table said "None" had won no seat.
    path = tmp_path / "old.duckdb"
    with ResultsStore(path) as store:
        eid = store.begin_ensemble(
            scenario_name="old",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=2,
            scenario_json="{}",
            version="0.1.0",
        )
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
