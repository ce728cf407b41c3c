"""The deciding_routes table: written per ensemble, replaced on rewrite, read back, summarised."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from tests.report import synthetic_store
from votebank.results.deciding import (
    COLUMNS,
    by_mechanism,
    read_deciding,
    render_deciding,
    write_deciding,
)
from votebank.results.store import ResultsStore


def _rows(p: list[float], mechanism: str = "biradari") -> pd.DataFrame:
    n = len(p)
    return pd.DataFrame(
        {
            "constituency_id": [f"NA-{i:03d}" for i in range(1, n + 1)],
            "mechanism": mechanism,
            "runs": 10,
            "p_changed": p,
            "p_changed_se": [(x * (1 - x) / 10) ** 0.5 for x in p],
            "winner_with": "PPP",
            "winner_without": "PML-N",
            "changed_se": None,
        }
    )


def _eid(store: Path) -> str:
    with ResultsStore(store, read_only=True) as s:
        return s.latest_ensemble()


def test_absent_until_written_then_read_back(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 2)
    eid = _eid(store)
    with ResultsStore(store, read_only=True) as s:
        assert read_deciding(s, eid) is None  # an old store has no such table
    rows = pd.concat([_rows([0.9, 0.1, 0.0]), _rows([0.0, 0.6, 0.2], "stuffing")])
    assert write_deciding(store, eid, rows) == 6
    with ResultsStore(store, read_only=True) as s:
        back = read_deciding(s, eid)
        assert read_deciding(s, "other") is None
    assert list(back.columns) == list(COLUMNS)
    assert len(back) == 6
    merged = back.merge(rows, on=["constituency_id", "mechanism"], suffixes=("", "_in"))
    assert (merged["p_changed"] == merged["p_changed_in"]).all()


def test_rewriting_replaces_the_ensembles_rows(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 2)
    eid = _eid(store)
    write_deciding(store, eid, _rows([0.9, 0.1, 0.0]))
    write_deciding(store, eid, _rows([0.2]))
    with ResultsStore(store, read_only=True) as s:
        back = read_deciding(s, eid)
    assert list(back["p_changed"]) == [0.2]


def test_by_mechanism_counts_decided_seats_and_sums_probabilities() -> None:
    rows = pd.concat([_rows([0.9, 0.5, 0.1, 0.05]), _rows([0.0, 0.0, 0.0, 0.3], "fear")])
    out = by_mechanism(rows).set_index("mechanism")
    assert out.loc["biradari", "decides"] == 2  # 0.9 and 0.5
    assert out.loc["biradari", "may_decide"] == 3  # and 0.1
    assert out.loc["biradari", "expected"] == pytest.approx(1.55)
    se = sum(x * (1 - x) / 10 for x in (0.9, 0.5, 0.1, 0.05)) ** 0.5
    assert out.loc["biradari", "expected_se"] == pytest.approx(se)
    assert out.loc["fear", "decides"] == 0
    assert list(out.index) == ["biradari", "fear"]  # most winners changed first
    console = Console(width=80, record=True)
    console.print(render_deciding(rows, 4))
    text = console.export_text()
    assert "Deciding routes" in text
    assert "biradari" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_winners_changed_se_is_the_stored_spread_over_runs_not_seats_taken_as_independent():
    # explain --all read 19.2 ± 1.1 winners changed (seats as independent) where compare,
    # on the same runs, read 19.20 ± 0.73 (the spread of the per-run counts).
    rows = _rows([0.9, 0.5, 0.1, 0.05]).assign(changed_se=0.123)
    assert by_mechanism(rows).loc[0, "expected_se"] == pytest.approx(0.123)


def test_an_older_store_without_changed_se_is_read_and_written(tmp_path: Path) -> None:
    from votebank.results.deciding import TABLE

    store = synthetic_store(tmp_path, 2)
    eid = _eid(store)
    with ResultsStore(store) as s:  # the table as votebank wrote it before changed_se
        s.connection.execute(
            f"CREATE TABLE {TABLE} (ensemble_id VARCHAR NOT NULL, constituency_id VARCHAR NOT "
            "NULL, mechanism VARCHAR NOT NULL, runs INTEGER NOT NULL, p_changed DOUBLE NOT "
            "NULL, p_changed_se DOUBLE, winner_with VARCHAR, winner_without VARCHAR, computed "
            "TIMESTAMP NOT NULL, PRIMARY KEY (ensemble_id, constituency_id, mechanism))"
        )
        s.connection.execute(
            "INSERT INTO deciding_routes VALUES (?, 'NA-001', 'fear', 10, 0.5, 0.158, 'A', 'B', "
            "now())",
            [eid],
        )
    with ResultsStore(store, read_only=True) as s:
        old = read_deciding(s, eid)
    assert old["changed_se"].isna().all()
    assert by_mechanism(old).loc[0, "expected_se"] == pytest.approx(0.158)
    write_deciding(store, eid, _rows([0.9]).assign(changed_se=0.2))
    with ResultsStore(store, read_only=True) as s:
        back = read_deciding(s, eid)
    assert list(back["changed_se"]) == [0.2]


def test_the_summary_table_counts_one_seat_in_the_singular():
    # explain --all and summary on na184-2008 read "of 1 seats".
    from votebank.results.deciding import render_deciding

    rows = pd.DataFrame(
        {
            "constituency_id": ["NA-184", "NA-184"],
            "mechanism": ["biradari", "fear"],
            "runs": [2, 2],
            "p_changed": [0.5, 0.0],
            "p_changed_se": [0.35, 0.0],
        }
    )
    caption = str(render_deciding(rows, 1).caption)
    assert caption.endswith("of 1 seat"), caption
    assert str(render_deciding(rows, 268).caption).endswith("of 268 seats")
