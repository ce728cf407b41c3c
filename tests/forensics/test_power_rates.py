"""The tables a power study derives from its records."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from votebank.forensics.fingerprint import F_E_GRID, F_I_GRID
from votebank.forensics.power_levels import MAX, Level
from votebank.forensics.power_outputs import power_tables
from votebank.forensics.power_rates import ANY, TESTS, tables
from votebank.forensics.power_result import PowerResult


def _records(lo: float, hi: float) -> pd.DataFrame:
    rows = []
    for level, truth in (("none", 0.0), ("max", 0.05)):
        for run in range(2):
            row = {"level": level, "run": run}
            for kind in ("stuffed", "incremental", "extreme"):
                row[kind] = row[f"{kind}_leader"] = truth
            for param in ("f_i", "f_e"):
                row |= {param: truth, f"{param}_lo": lo, f"{param}_hi": hi}
            row |= {f"score_{t.key}": math.nan for t in TESTS}
            row |= {f"flag_{t.key}": False for t in (*TESTS, ANY)}
            rows.append(row)
    return pd.DataFrame(rows)


def test_coverage_without_intervals_is_unknown_not_zero():
    # With --bootstrap 0 no run has an interval, and the table read "Coverage 0%" (the truth
    # never inside its interval) on every row, even where the fit hit the truth exactly.
    recovery = tables(_records(math.nan, math.nan), ["none", "max"], 0.05)["recovery"]
    assert recovery["coverage"].isna().all()
    assert recovery["coverage_grid"].isna().all()


def test_coverage_with_intervals_is_the_share_that_hold_the_truth():
    recovery = tables(_records(0.0, 0.1), ["none", "max"], 0.05)["recovery"]
    assert (recovery["coverage"] == 1.0).all()


def test_the_documented_grid_steps_are_the_ones_the_half_step_coverage_uses():
    # forensics-power.md said f_i's bounds come in steps of 0.01; its grid is in 0.02.
    text = " ".join((Path(__file__).parents[2] / "docs" / "forensics-power.md").read_text().split())
    f_e, f_i = (float(np.diff(grid).min()) for grid in (F_E_GRID, F_I_GRID))
    assert f"(`f_e` in steps of {f_e:.3g}, `f_i` of {f_i:.3g})" in text


def test_a_study_without_any_fit_reads_unknown_without_warnings(recwarn):
    # With fewer than 50 stations per run (`--seats 1` of tiny) no run is fitted: numpy warned
    # "Mean of empty slice" three times and the table printed "nan%", "+nan" and "nan".
    records = _records(math.nan, math.nan)
    records[["f_i", "f_e"]] = math.nan
    result = PowerResult(
        scenario="s",
        settings={"runs_per_level": 2, "alpha": 0.05, "leader": "national"},
        levels=(Level("none", 0.0, None, 0.0), Level("max", MAX, 1e-9, 1.0)),
        records=records,
        **tables(records, ["none", "max"], 0.05),
        seconds=0.0,
    )
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    recovery = result.recovery
    assert recovery[["fitted_mean", "bias", "rmse"]].isna().all().all()
    _, table = power_tables(result)
    console = Console(width=200, record=True)
    console.print(table)
    assert "nan" not in console.export_text()


def test_the_truth_is_averaged_over_the_same_runs_as_the_fit():
    # A run with too few stations to fit (fewer than 50 analysed: the leader changed and its
    # seats were left out) was counted in "True" but not in "Fitted" or "Bias": tiny at
    # --extreme-share 1 read f_e True 23.26%, Fitted 9.50%, Bias -1.61, three figures that
    # cannot all describe the same runs.
    records = _records(0.0, 0.2)
    stuffed = records["level"] == "max"
    records.loc[stuffed, ["extreme", "extreme_leader"]] = [[0.10, 0.10], [0.02, 0.02]]
    records.loc[stuffed & (records["run"] == 0), ["f_e", "f_e_lo", "f_e_hi"]] = math.nan
    records.loc[stuffed & (records["run"] == 1), "f_e"] = 0.03
    recovery = tables(records, ["none", "max"], 0.05)["recovery"].set_index(["level", "param"])
    for _, row in recovery.loc[("max", "f_e")].iterrows():
        assert row["true_mean"] == 0.02
        assert row["bias"] == pytest.approx(row["fitted_mean"] - row["true_mean"])


def test_the_truth_is_still_shown_when_no_run_was_fitted():
    records = _records(math.nan, math.nan)
    records[["f_i", "f_e"]] = math.nan
    recovery = tables(records, ["none", "max"], 0.05)["recovery"]
    assert recovery.loc[recovery["level"] == "max", "true_mean"].tolist() == [0.05] * 4
