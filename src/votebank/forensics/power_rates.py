"""The decision rules the power study scores, and the tables its records give for each.

A study keeps one record per (level, run) (see :func:`~votebank.forensics.power.score_levels`):
each test's score and flag, and the true and fitted shares of stuffed stations. :func:`tables`
derives from them the detection rate of each rule at each level (Wilson intervals), the
empirical ROC points, the area under each ROC curve, and the Klimek fit's recovery of the true
``f_i``/``f_e`` (bias, RMSE, coverage); the same tables are recomputed when a study is read back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from votebank.forensics.fingerprint import F_E_GRID, F_I_GRID
from votebank.forensics.shape import wilson_interval

_F_I_STEP = float(np.diff(F_I_GRID).min())
_F_E_STEP = float(np.diff(F_E_GRID).min())


@dataclass(frozen=True)
class DecisionRule:
    """One forensic decision rule as the power study scores it.

    Attributes:
        key: Short name used in tables and JSON.
        label: Name shown to readers.
        rule: The decision rule and the threshold the ROC varies.
        counted: Whether it counts towards the report's headline.
    """

    key: str
    label: str
    rule: str
    counted: bool


TESTS: tuple[DecisionRule, ...] = (
    DecisionRule(
        "klimek_fe",
        "Klimek f_e",
        "bootstrap p-value < alpha (ROC: lower bound of the f_e interval >= threshold)",
        True,
    ),
    DecisionRule(
        "klimek_fi",
        "Klimek f_i",
        "bootstrap p-value < alpha (ROC: lower bound of the f_i interval >= threshold)",
        True,
    ),
    DecisionRule("integers", "Integer percentages", "p-value < threshold", True),
    DecisionRule("pileup", "Pile-up at 100%", "p-value < threshold", True),
    DecisionRule("last_leader", "Last digits, leader", "p-value < threshold", False),
    DecisionRule("last_others", "Last digits, others", "p-value < threshold", False),
    DecisionRule("benford_leader", "2BL, leader", "p-value < threshold", False),
    DecisionRule("benford_others", "2BL, others", "p-value < threshold", False),
)
ANY = DecisionRule(
    "any_counted", "Any counted test", "the report's verdict: Holm over the 4 at alpha", True
)


def tables(records: pd.DataFrame, levels: list[str], alpha: float) -> dict[str, pd.DataFrame]:
    """The tables a study derives from its records (also when read back from JSON)."""
    return {
        "rates": _rates(records, levels),
        "roc": _roc(records, levels),
        "auc": _auc(records, levels),
        "recovery": _recovery(records, levels, 1.0 - alpha),
    }


def analysed(records: pd.DataFrame, key: str) -> np.ndarray:
    """Which runs the rule could decide: its score is a number (the verdict: any counted one's).

    A run it could not analyse (Klimek under 50 stations or without bootstrap, a digit test
    with too few counts) is neither flagged nor clean, so it is left out of every rate.
    """
    keys = [t.key for t in TESTS if t.counted] if key == ANY.key else [key]
    cols = [f"score_{k}" for k in keys if f"score_{k}" in records]
    if not cols:  # records without scores: every run counts, as before scores were kept
        return np.ones(len(records), bool)
    return np.isfinite(records[cols].to_numpy(float)).any(axis=1)


def _rates(records: pd.DataFrame, levels: list[str]) -> pd.DataFrame:
    rows = []
    for t in (*TESTS, ANY):
        done = analysed(records, t.key)
        for name in levels:
            at = (records["level"] == name).to_numpy()
            flags = records.loc[at & done, f"flag_{t.key}"].to_numpy(bool)
            k, n = int(flags.sum()), len(flags)
            lo, hi = wilson_interval(k, n)
            rows.append(
                {
                    "test": t.key,
                    "level": name,
                    "flagged": k,
                    "analysed": n,
                    "runs": int(at.sum()),
                    "rate": k / n if n else math.nan,
                    "rate_lo": lo,
                    "rate_hi": hi,
                }
            )
    return pd.DataFrame(rows)


def roc_points(clean: np.ndarray, stuffed: np.ndarray) -> pd.DataFrame:
    """Empirical ROC: flag when score >= threshold, for every distinct observed score.

    Args:
        clean: Scores of clean runs (larger is more suspicious; NaN: not analysed, left out).
        stuffed: Scores of stuffed runs.

    Returns:
        Columns ``threshold``, ``fpr``, ``tpr``, from (0, 0) (threshold +inf) to (1, 1); no
        rows when no clean or no stuffed run was analysed.
    """
    # A run the test could not analyse has no score: it is no point of the curve.
    clean, stuffed = clean[np.isfinite(clean)], stuffed[np.isfinite(stuffed)]
    if not (len(clean) and len(stuffed)):
        return pd.DataFrame({"threshold": [], "fpr": [], "tpr": []})
    cuts = np.unique(np.concatenate([clean, stuffed]))[::-1]
    fpr = (clean[None, :] >= cuts[:, None]).mean(axis=1)
    tpr = (stuffed[None, :] >= cuts[:, None]).mean(axis=1)
    return pd.DataFrame(
        {
            "threshold": np.r_[np.inf, cuts],
            "fpr": np.r_[0.0, fpr],
            "tpr": np.r_[0.0, tpr],
        }
    )


def _roc(records: pd.DataFrame, levels: list[str]) -> pd.DataFrame:
    clean = records[records["level"] == "none"]
    parts = []
    for t in TESTS:
        for name in levels[1:]:
            sub = records[records["level"] == name]
            pts = roc_points(
                clean[f"score_{t.key}"].to_numpy(float), sub[f"score_{t.key}"].to_numpy(float)
            )
            if pts.empty:  # not analysed in any clean or any stuffed run: no curve
                continue
            # Report thresholds in the test's own terms: a p-value cut or an interval bound.
            if t.key.startswith("klimek"):
                pts["cut"] = pts["threshold"]
                pts["cut_kind"] = "lower bound >="
            else:
                pts["cut"] = -pts["threshold"]
                pts["cut_kind"] = "p-value <="
            pts.insert(0, "level", name)
            pts.insert(0, "test", t.key)
            parts.append(pts)
    # Only the clean level: no ROC, but keep the columns so later lookups find them.
    cols = ["test", "level", "threshold", "fpr", "tpr", "cut", "cut_kind"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def _auc(records: pd.DataFrame, levels: list[str]) -> pd.DataFrame:
    clean = records[records["level"] == "none"]
    rows = []
    for t in TESTS:
        c = clean[f"score_{t.key}"].to_numpy(float)
        c = c[np.isfinite(c)]  # over the runs analysed, as the rates
        for name in levels[1:]:
            s = records.loc[records["level"] == name, f"score_{t.key}"].to_numpy(float)
            s = s[np.isfinite(s)]
            auc = math.nan
            if len(s) and len(c):
                # P(stuffed score > clean score) + half the ties: the area under the step ROC.
                gt = (s[:, None] > c[None, :]).mean()
                eq = (s[:, None] == c[None, :]).mean()
                auc = float(gt + 0.5 * eq)
            rows.append(
                {"test": t.key, "level": name, "auc": auc, "analysed": len(s), "clean": len(c)}
            )
    return pd.DataFrame(rows, columns=["test", "level", "auc", "analysed", "clean"])


def _recovery(records: pd.DataFrame, levels: list[str], coverage: float) -> pd.DataFrame:
    rows = []
    for name in levels:
        sub = records[records["level"] == name]
        for param, kind, step in (("f_i", "incremental", _F_I_STEP), ("f_e", "extreme", _F_E_STEP)):
            fit = sub[param].to_numpy(float)
            lo, hi = sub[f"{param}_lo"].to_numpy(float), sub[f"{param}_hi"].to_numpy(float)
            for truth, col in (("for leader", f"{kind}_leader"), ("all", kind)):
                true = sub[col].to_numpy(float)
                err = fit - true
                # The truth of the runs fitted, as the fit and bias are: a run too small to fit
                # would otherwise move "True" alone. With no run fitted, every run's truth.
                fitted = np.isfinite(fit)
                rows.append(
                    {
                        "level": name,
                        "param": param,
                        "truth": truth,
                        "true_mean": float(np.mean(true[fitted] if fitted.any() else true)),
                        "fitted_mean": _fitted_mean(fit),
                        "bias": _fitted_mean(err),
                        "rmse": math.sqrt(_fitted_mean(err**2)),
                        "coverage": _share_covered(lo, hi, true),
                        # The bounds are grid values: a truth within half a step of the
                        # interval is as covered as the grid can show.
                        "coverage_grid": _share_covered(lo - step / 2, hi + step / 2, true),
                        "nominal_coverage": coverage,
                        "runs": len(sub),
                        # What the means and the coverage are over (a run too small to fit,
                        # or without bootstrap, is left out).
                        "fitted": int(fitted.sum()),
                        "with_interval": int((np.isfinite(lo) & np.isfinite(hi)).sum()),
                    }
                )
    return pd.DataFrame(rows)


def _share_covered(lo: np.ndarray, hi: np.ndarray, true: np.ndarray) -> float:
    """Share of the runs with an interval whose interval holds the truth (NaN if none has one).

    A run without bootstrap refits (or too few stations to fit) has no interval: it neither
    covers nor misses the truth, so 0 bootstrap refits no longer read as 0% coverage.
    """
    has = np.isfinite(lo) & np.isfinite(hi)
    if not has.any():
        return math.nan
    return float(np.mean((lo[has] <= true[has]) & (true[has] <= hi[has])))


def _fitted_mean(x: np.ndarray) -> float:
    """Mean over the runs that were fitted (NaN, without numpy's warning, if none was)."""
    x = x[np.isfinite(x)]
    return float(np.mean(x)) if len(x) else math.nan
