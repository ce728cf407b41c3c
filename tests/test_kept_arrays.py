"""A stopped plan-canvass or match goes on from the batches it made (kept on disk)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.hostile.helpers import main
from tests.uk.test_plan_canvass import constructed
from votebank.canvass_cli import BATCHES as FOLDER
from votebank.canvass_plan import PlanRuns, plan_canvass
from votebank.kept_arrays import KeptArrays
from votebank.results.store import ResultsStore

KW = {"party": "A", "step_hours": 100, "per_round": 3, "runs": 30, "seed": 1}


def counting(monkeypatch, stop_at: int | None = None) -> list[int]:
    """Count the batches priced; Ctrl-C (KeyboardInterrupt) at batch ``stop_at``."""
    calls, real = [], PlanRuns.wins

    def wins(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == stop_at:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PlanRuns, "wins", wins)
    return calls


def test_a_batch_is_made_once_then_read(tmp_path):
    kept = KeptArrays(tmp_path / FOLDER)
    key = {"scenario": "abc", "runs": 3}
    batch = (np.array([[True, False]] * 3), ["S1", "S2"])
    got = kept.get_or_make(key, lambda: batch)
    again = kept.get_or_make(key, lambda: pytest.fail("made twice"))
    np.testing.assert_array_equal(again[0], got[0])
    assert again[1].tolist() == ["S1", "S2"]
    assert kept.read == 1
    assert kept.get_or_make({**key, "runs": 4}, lambda: batch) is batch  # another batch
    kept.forget()
    assert not (tmp_path / FOLDER).exists()


def test_an_unreadable_batch_is_made_again(tmp_path):
    kept = KeptArrays(tmp_path / FOLDER)
    batch = (np.ones((2, 1), dtype=bool),)
    kept.get_or_make({}, lambda: batch)
    (path,) = (tmp_path / FOLDER).iterdir()
    path.write_bytes(b"cut short")
    assert kept.get_or_make({}, lambda: batch) is batch
    assert kept.read == 0


def test_nothing_is_kept_without_a_folder(tmp_path):
    kept = KeptArrays(None)
    made = []
    for _ in range(2):
        kept.get_or_make({}, lambda: made.append(1) or (np.zeros(1),))
    assert len(made) == 2
    kept.forget()


def test_a_plan_asked_again_reads_every_batch_and_is_the_same(tmp_path, monkeypatch):
    sc = constructed(tmp_path)
    fresh = plan_canvass(sc, 500.0, **KW)
    calls = counting(monkeypatch)
    first = plan_canvass(sc, 500.0, kept=KeptArrays(tmp_path / FOLDER), **KW)
    priced = len(calls)
    again = KeptArrays(tmp_path / FOLDER)
    second = plan_canvass(sc, 500.0, kept=again, **KW)
    assert len(calls) == priced  # not one batch run again
    assert again.read == priced > 2
    pd.testing.assert_frame_equal(first, fresh)
    pd.testing.assert_frame_equal(second, fresh)


def test_the_command_stopped_by_ctrl_c_goes_on_where_it_was(tmp_path, monkeypatch, capsys):
    constructed(tmp_path)
    argv = ["plan-canvass", str(tmp_path / "marginals"), "--party", "A", "--budget", "500"]
    argv += ["--runs", "30", "--seed", "1", "--check", "0"]
    out, whole = tmp_path / "out", tmp_path / "whole"
    calls = counting(monkeypatch)
    assert main([*argv, "--out", str(whole)], monkeypatch, capsys)[0] == 0
    priced = len(calls)
    calls = counting(monkeypatch, stop_at=4)
    code, _, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert code == 130
    assert f"kept in {out / FOLDER}" in " ".join(err.split())
    assert len(list((out / FOLDER).iterdir())) == 3
    calls = counting(monkeypatch)
    code, _, err = main([*argv, "--out", str(out)], monkeypatch, capsys)
    assert code == 0, err
    assert len(calls) == priced - 3
    assert "went on from 3 batches" in err
    assert not (out / FOLDER).exists()  # the finished plan's batches are gone
    plans = []
    for folder in (whole, out):
        with ResultsStore(folder / "votebank.duckdb", read_only=True) as store:
            plans.append(
                store.query("SELECT * FROM canvass_plan").drop(columns=["plan_id", "created"])
            )
    pd.testing.assert_frame_equal(*plans)
