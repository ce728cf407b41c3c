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
from votebank.forensics.power_outputs import power_tables, roc_figure
from votebank.forensics.power_rates import ANY, TESTS, tables
from votebank.forensics.power_result import PowerResult
from votebank.forensics.shape import wilson_interval


def two_level_study(records: pd.DataFrame, runs: int, **settings: object) -> PowerResult:
    """A study of levels none and max from hand-made ``records`` (``runs`` a level)."""
    return PowerResult(
        scenario="s",
        settings={"runs_per_level": runs, "alpha": 0.05, "leader": "national", **settings},
        levels=(Level("none", 0.0, None, 0.0), Level("max", MAX, 1e-9, 1.0)),
        records=records,
        **tables(records, ["none", "max"], 0.05),
        seconds=0.0,
    )


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
    result = two_level_study(records, 2)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
    recovery = result.recovery
    assert recovery[["fitted_mean", "bias", "rmse"]].isna().all().all()
    _, table = power_tables(result, width=200)
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


def _half_analysed() -> pd.DataFrame:
    """Klimek f_e scored in both clean runs, but in only one of the two stuffed runs."""
    records = _records(0.0, 0.2)
    records["score_klimek_fe"] = [0.0, 0.0, math.nan, 0.01]
    records["flag_klimek_fe"] = [False, False, False, True]
    for key in ("integers", "pileup"):
        records[f"score_{key}"] = -0.5
    return records


def test_a_rate_is_over_the_runs_the_test_analysed():
    # A run the test could not analyse (Klimek under 50 stations) was counted as "not
    # flagged": tiny at --extreme-share 1 read f_e 50% at level max, 1 flagged of 1 fitted.
    out = tables(_half_analysed(), ["none", "max"], 0.05)
    rates = out["rates"].set_index(["test", "level"])
    row = rates.loc[("klimek_fe", "max")]
    assert (row["flagged"], row["analysed"], row["runs"], row["rate"]) == (1, 1, 2, 1.0)
    assert (row["rate_lo"], row["rate_hi"]) == pytest.approx(wilson_interval(1, 1))
    assert rates.loc[("klimek_fe", "none"), "analysed"] == 2
    # The verdict is analysed wherever a counted test was.
    assert rates.loc[(ANY.key, "max"), "analysed"] == 2
    # ROC and AUC are over the analysed runs too: the one stuffed run scored ranks above both
    # clean ones, so the curve reaches a detection rate of 1 and the area is 1.
    assert out["auc"].set_index(["test", "level"]).loc[("klimek_fe", "max"), "auc"] == 1.0
    roc = out["roc"][(out["roc"]["test"] == "klimek_fe") & (out["roc"]["level"] == "max")]
    assert roc["tpr"].max() == 1.0


def test_a_rate_says_how_many_runs_it_is_over_and_not_run_only_when_none():
    records = _half_analysed()
    result = two_level_study(records, 2)
    console = Console(width=200, record=True)
    console.print(power_tables(result, width=200)[0])
    text = console.export_text()
    assert "100%" in text
    assert "1 of 2 runs" in text
    assert "not run" in text  # the tests with no score in any run
    assert "nan" not in text
    # The figure's markers are these rates: its panel says how many runs they are over.
    texts = [t.get_text() for ax in roc_figure(result).axes for t in ax.texts]
    assert any("max: 1 of 2" in t for t in texts)


def test_the_recovery_table_says_how_many_runs_its_means_and_coverage_are_over():
    # Its fitted share, bias and coverage leave out a run too small to fit, but the table
    # read as a mean over every run.
    records = _half_analysed()
    stuffed = records["level"] == "max"
    records.loc[stuffed & (records["run"] == 0), ["f_e", "f_e_lo", "f_e_hi"]] = math.nan
    out = tables(records, ["none", "max"], 0.05)
    recovery = out["recovery"].set_index(["level", "param"])
    row = recovery.loc[("max", "f_e")].iloc[0]
    assert (row["fitted"], row["with_interval"], row["runs"]) == (1, 1, 2)
    assert (recovery.loc[("none", "f_e")].iloc[0][["fitted", "with_interval"]] == 2).all()
    result = two_level_study(records, 2)
    console = Console(width=200, record=True)
    console.print(power_tables(result, width=200)[1])
    text = console.export_text()
    assert "1 of 2 runs" in text


@pytest.mark.parametrize(("refits", "said"), [(10, True), (19, True), (20, False), (0, False)])
def test_too_few_refits_for_a_klimek_flag_are_said_to_make_its_rate_0(refits, said):
    # With 10 refits a Klimek p-value is at least 1/11: its 0 % detection read as a test
    # that saw nothing where it could not have flagged.
    records = _half_analysed()
    result = two_level_study(records, 2, bootstrap=refits)
    console = Console(width=400, record=True)
    console.print(power_tables(result, width=400)[0])
    text = " ".join(console.export_text().split())
    assert ("the Klimek rates are 0 by construction (give --bootstrap 20 or more)" in text) == said
