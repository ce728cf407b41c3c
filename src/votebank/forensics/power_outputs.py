"""What a power study shows and writes: the ROC figure, the printed tables and the files.

:func:`write_power_outputs` writes ``power.json`` with the ROC figure as ``roc.png`` and
``roc.svg``; :func:`power_tables` gives the detection-rate and recovery tables the command
prints.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from votebank.display import DataTable as Table
from votebank.display import plural
from votebank.forensics.klimek import fewest_refits
from votebank.forensics.plots import figure_bytes, write_files
from votebank.forensics.power_rates import ANY, TESTS
from votebank.forensics.power_result import PowerResult
from votebank.terminal import Column, fitted_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def write_power_outputs(result: PowerResult, outdir: str | Path) -> dict[str, Path]:
    """Write ``power.json``, ``roc.png`` and ``roc.svg`` into ``outdir``, all or none.

    Args:
        result: The study.
        outdir: Output folder (created if missing).

    Returns:
        Paths by kind (``json``, ``png``, ``svg``).
    """
    out = Path(outdir)
    text = json.dumps(result.to_dict(), indent=1, ensure_ascii=False, allow_nan=False)
    paths = {"json": out / "power.json", "png": out / "roc.png", "svg": out / "roc.svg"}
    import matplotlib as mpl  # here, not at import: keeps `votebank` quick to start

    fig = roc_figure(result)
    with mpl.rc_context(_RC):
        png = figure_bytes(fig, dpi=200, metadata={"Software": None})
        svg = figure_bytes(fig, format="svg", metadata={"Date": None})
    # All three whole before any replaces an earlier study's: never a mix of the two.
    write_files({paths["json"]: text + "\n", paths["png"]: png, paths["svg"]: svg})
    return paths


_RC = {"font.size": 9, "axes.titlesize": 9, "svg.hashsalt": "votebank-forensics-power"}


def roc_figure(result: PowerResult) -> Figure:
    """ROC curves: one panel per test, one curve per stuffing level, the nominal cut marked.

    Levels run from light to dark along viridis (readable in grey and for colour-blind
    readers) and also differ in line style; the marker on each curve is the test's own decision
    rule (p < alpha, or an interval excluding 0).

    Args:
        result: The study.

    Returns:
        A matplotlib figure (no pyplot state is touched).
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    stuffed = [lv for lv in result.levels if lv.target > 0]
    realised = result.records.groupby("level", sort=False)[["stuffed", "stuffed_leader"]].mean()
    colours = mpl.colormaps["viridis"](np.linspace(0.8, 0.0, max(len(stuffed), 1)))
    styles = ("-", "--", "-.", ":")
    markers = ("o", "s", "^", "D", "v", "P", "X", "*")
    rates = result.rates.set_index(["test", "level"])
    cols = 4
    rows = math.ceil(len(TESTS) / cols)
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(3.0 * cols, 3.3 * rows + 1.5), layout="constrained")
        axes = fig.subplots(rows, cols, squeeze=False, sharex=True, sharey=True).ravel()
        for ax, t in zip(axes, TESTS, strict=False):
            ax.plot([0, 1], [0, 1], color="0.75", lw=0.8, ls=(0, (2, 2)))
            for i, lv in enumerate(stuffed):
                pts = result.roc[(result.roc["test"] == t.key) & (result.roc["level"] == lv.name)]
                if pts.empty:
                    continue
                share = realised.loc[lv.name] if lv.name in realised.index else None
                label = f"level {lv.name}"
                if share is not None:
                    label += (
                        f": {100 * share['stuffed']:.1f}% stuffed, "
                        f"{100 * share['stuffed_leader']:.1f}% for the leader"
                    )
                ax.plot(
                    pts["fpr"],
                    pts["tpr"],
                    color=colours[i],
                    ls=styles[i % len(styles)],
                    lw=1.4,
                    drawstyle="default",
                    label=label,
                )
                if (t.key, lv.name) in rates.index and (t.key, "none") in rates.index:
                    ax.plot(
                        rates.loc[(t.key, "none"), "rate"],
                        rates.loc[(t.key, lv.name), "rate"],
                        marker=markers[i % len(markers)],
                        color=colours[i],
                        ms=6,
                        mec="white",
                        mew=0.6,
                        ls="none",
                    )
            note = _analysed_note(rates, t.key, [lv.name for lv in result.levels])
            if note:
                ax.text(
                    0.95,
                    0.05,
                    note,
                    transform=ax.transAxes,
                    ha="right",
                    va="bottom",
                    bbox={"fc": "white", "ec": "none", "alpha": 0.8},
                )
            ax.set_title(t.label if t.counted else f"{t.label} (not counted)")
            ax.set_xlim(-0.03, 1.03)
            ax.set_ylim(-0.03, 1.03)
            ax.set_aspect("equal")
            ax.grid(color="0.9", lw=0.5)
        for ax in axes[len(TESTS) :]:
            ax.set_visible(False)
        # Axis labels on the outer panels (a figure-level x label would sit under the legend).
        for ax in axes.reshape(rows, cols)[-1]:
            ax.set_xlabel("False-positive rate\n(clean runs flagged)")
        for ax in axes.reshape(rows, cols)[:, 0]:
            ax.set_ylabel("Detection rate\n(stuffed runs flagged)")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=2, frameon=False)
        s = result.settings
        fig.suptitle(
            f"Forensic tests against simulated ballot stuffing: {result.scenario}, "
            f"{s['runs_per_level']} runs per level, leader column: {s['leader']}\n"
            f"Curves: the decision threshold varies; markers: the test's own rule at "
            f"alpha = {s['alpha']:g}; dotted diagonal: chance"
        )
    return fig


def rate_table(
    result: PowerResult,
    title: str,
    caption: str,
    realised: Callable[[pd.Series], str],
    width: int | None = None,
) -> Table:
    """Each test's detection rate by level (and its AUC at the top level), as a Rich table.

    ``realised`` writes what a level did on average (a row of the records' means) under its
    name in the column head; level "none" gives the false-positive rate. The table fits
    ``width`` (default: the terminal's) without cutting a word: at 80 columns Rich cut the
    shares in the heads ("(14.2…") and the tests' names ("Integ… perce…"); the AUC is left out
    (and said to be) where it does not fit.
    """
    names = [lv.name for lv in result.levels]
    # f_i at 67% beside "Any counted test 0%" reads as a contradiction unless the two rules
    # are named where the rates are read.
    caption = (
        f"{caption} A test's rate is its own raw flag, p < alpha (Klimek: its bootstrap p-value, "
        f"never below 1/(refits + 1)); '{ANY.label}' is the report's verdict, a counted test "
        "flagged after Holm's adjustment over those of the four that can reject, so it can be "
        "lower than one test's rate."
    )
    means = result.records.groupby("level", sort=False).mean(numeric_only=True)
    s = result.settings
    refits, need = s.get("bootstrap", 0), fewest_refits(s["alpha"])
    if 0 < refits < need:
        caption += (
            f" With {plural(refits, 'refit')} that is {1 / (refits + 1):.2g}, not below alpha: the "
            f"Klimek rates are 0 by construction (give --bootstrap {need} or more)."
        )
    labels, rows, aucs = [], [], []
    unrun, partial = [], False
    for t in (*TESTS, ANY):
        # Named as in the figure: a "Counted" column of its own did not fit 80 columns.
        labels.append(t.label if t.counted else f"{t.label} (not counted)")
        score = result.records.get(f"score_{t.key}")
        if score is not None and score.isna().all():
            # No run gave it a result (Klimek with no bootstrap or under 50 stations; digit
            # tests with too few counts): "0%" and AUC 0.50 would read as a test that saw nothing.
            unrun.append(t.label)
            rows.append(["not run"] * len(names))
            aucs.append("-")
            continue
        sub = result.rates[result.rates["test"] == t.key].set_index("level")
        cells = [rate_text(sub.loc[n]) if n in sub.index else "-" for n in names]
        auc = result.auc[(result.auc["test"] == t.key) & (result.auc["level"] == names[-1])]
        auc_value = auc["auc"].iloc[0] if len(auc) else math.nan
        aucs.append("-" if math.isnan(auc_value) else f"{auc_value:.2f}")
        partial = partial or any("runs" in c or c == "not run" for c in cells)
        rows.append(cells)
    if unrun:
        caption = (
            f"{caption} 'not run': {', '.join(unrun)} gave no result in any run (Klimek needs "
            "--bootstrap above 0 and 50 stations; a digit test 50 counts)."
        )
    caption += " Under each rate: its 95% Wilson interval, rounded outwards."
    if partial:
        caption += (
            " A rate is over the runs the test could analyse (their number given where not "
            "all); 'not run' at a level: none there."
        )
    caption += _over_alpha(result)
    columns = [Column("Test", labels, right=False)]
    for i, name in enumerate(names):
        done = name != "none" and name in means.index
        head = f"{name}\n{realised(means.loc[name])}" if done else name
        columns.append(Column(head, [r[i] for r in rows]))
    columns.append(Column("AUC", aucs, priority=1))
    title = (
        f"{title}: {result.scenario}, {s['runs_per_level']} runs per level, alpha {s['alpha']:g}"
    )
    return fitted_table(title, columns, caption=caption, width=width)


def _over_alpha(result: PowerResult) -> str:
    """A sentence naming the tests that flag clean elections more often than alpha (or "").

    On na184-2008 the verdict flagged 9 of 10 clean elections (60–98%) and 7 of 10 at 5%
    stuffing, printed as plain rates among the others: its stuffed levels' rates read as power.
    A test is named when its interval at level "none" lies wholly above alpha; the names are
    joined by semicolons, as "2BL, leader" holds a comma.
    """
    alpha = result.settings["alpha"]
    clean = result.rates[(result.rates["level"] == "none") & (result.rates["rate_lo"] > alpha)]
    labels = {t.key: t.label for t in (*TESTS, ANY)}
    over = [labels.get(k, k) for k in clean["test"]]
    if not over:
        return ""
    return (
        f" Flagging clean elections more often than alpha {alpha:g} (the interval at level none "
        f"is wholly above it): {'; '.join(over)}. Where clean elections are flagged so often, a "
        "rate at a stuffed level is not the test's power."
    )


def rate_text(row: pd.Series) -> str:
    """A rate as a whole percent over its 95% Wilson interval, and over the runs analysed.

    The runs are given when the test could not analyse all: a run it could not analyse is left
    out of its rate; "not run" when none was analysed. The interval is rounded outwards, so it
    is never narrower than it is (1 of 100, 0.2–5.4%, reads 0–6%). With 20 runs a bare "0%"
    read as no false alarms where the data allow up to 16%.
    """
    runs = int(row["runs"])
    done = int(row.get("analysed", runs))
    if done == 0:
        return "not run" if runs else "-"
    text = f"{100 * row['rate']:.0f}%"
    lo, hi = row.get("rate_lo", math.nan), row.get("rate_hi", math.nan)
    if np.isfinite(lo) and np.isfinite(hi):
        # 1e-9: a bound of exactly 15% stored as 0.15000000000000002 stays 15.
        text += f"\n{math.floor(100 * lo + 1e-9)}–{math.ceil(100 * hi - 1e-9)}%"
    return text if done == runs else f"{text}\n{done} of {runs} runs"


def power_tables(result: PowerResult, width: int | None = None) -> tuple[Table, Table]:
    """Rich tables of detection rates and of f_i/f_e recovery.

    Args:
        result: The study.
        width: Columns of text the tables fit (default: the terminal's).

    Returns:
        ``(rates, recovery)`` tables.
    """
    rates = rate_table(
        result,
        "Detection rate by stuffing level",
        "Column heads: level, share of stations stuffed, (share stuffed for the leader's party). "
        "Level 'none' gives the false-positive rate; AUC is for the top level.",
        lambda r: f"{100 * r['stuffed']:.1f}%\n({100 * r['stuffed_leader']:.1f}%)",
        width=width,
    )
    heads = (
        "Level",
        "Share",
        "Truth",
        "True",
        "Fitted",
        "Bias (pts)",
        "RMSE (pts)",
        "Coverage",
        "±½ step",
    )
    cells: list[list[str]] = [[] for _ in heads]
    for r in result.recovery.itertuples():
        runs = int(r.runs)
        fitted = int(getattr(r, "fitted", runs))
        spanned = int(getattr(r, "with_interval", runs))
        row = (
            r.level,
            r.param,
            r.truth,
            f"{100 * r.true_mean:.2f}%",
            _over(_shown(r.fitted_mean, ".2f", "%"), fitted, runs),
            _shown(r.bias, "+.2f"),
            _shown(r.rmse, ".2f"),
            _over(_percent(r.coverage), spanned, runs),
            _percent(r.coverage_grid),
        )
        for column, text in zip(cells, row, strict=True):
            column.append(text)
    rec = fitted_table(
        "Klimek fit against the truth (share of stations; mean over runs)",
        [Column(h, c, right=h not in heads[:3]) for h, c in zip(heads, cells, strict=True)],
        caption="Fitted, bias and RMSE are over the runs fitted, coverage over those with an "
        "interval: the count is given where that is not every run.",
        width=width,
    )
    return rates, rec


def _analysed_note(rates: pd.DataFrame, key: str, names: list[str]) -> str:
    """Runs analysed per level, when the test could not analyse all ("" when it could)."""
    if "analysed" not in rates:
        return ""
    rows = [(n, rates.loc[(key, n)]) for n in names if (key, n) in rates.index]
    if all(r["analysed"] == r["runs"] for _, r in rows):
        return ""
    lines = [f"{n}: {int(r['analysed'])} of {int(r['runs'])}" for n, r in rows]
    return "runs analysed\n" + "\n".join(lines)


def _over(text: str, done: int, runs: int) -> str:
    """A mean or share with the runs it is over, where that is some but not all of them."""
    return f"{text}\n{done} of {runs} runs" if 0 < done < runs else text


def _percent(share: float) -> str:
    """A share as a whole percent; "-" where it is unknown (no run had an interval)."""
    return _shown(share, ".0f", "%")


def _shown(share: float, fmt: str, unit: str = "") -> str:
    """A share in percent points; "-" where it is unknown (no run was fitted)."""
    return "-" if math.isnan(share) else f"{format(100 * share, fmt)}{unit}"
