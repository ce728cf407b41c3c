"""How often do the forensic tests catch the stuffing votebank simulates? A power study.

The scenario is run at several levels of ballot stuffing, from none (the stuffing step switched
off) to every station that has an armed patron. Each simulated election's polling stations are
given to :func:`~votebank.forensics.analyze.analyze` exactly as a real results file would be,
and the verdicts are compared with the simulation's ground truth:

* **detection rate** of each test at each level (its false-positive rate at level "none");
* **ROC**: detection rate against false-positive rate as the decision threshold moves (the
  p-value cut, or for the Klimek fit the lower bound of the ``f_i``/``f_e`` interval);
* **recovery**: fitted ``f_i``/``f_e`` against the true shares of incrementally and extremely
  stuffed stations (bias, RMSE, interval coverage), both for all stuffed stations and for those
  stuffed for the leader's party, which are the only ones the leader's column can show.

**Levels.** A level is a target share of stations stuffed. A station is captured when its armed
patron's capacity ``c`` beats a protection drawn as ``Uniform(0, protection_max)``, i.e. with
probability ``min(1, c / protection_max)``; ``protection_max`` is set so that the expected share
of captured stations in run 0 equals the target. Only stations whose village has an armed
patron can be captured, so the largest reachable share is the share of such stations; by
default every resident landlord is armed (``landlords.militia_prob = 1``) in *every* level,
including "none", so that shares up to about 19% are reachable on pakistan-2008 while the levels
still differ only in stuffing.

**Common random numbers.** Every level uses the same seed and the same run indices, and each
run's forensic analysis the same analysis seed, so levels are compared on the same electorates
and the same votes before the count (votebank's named streams make every step before stuffing
identical across levels).
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from votebank.display import DataTable as Table
from votebank.errors import InputError, Problem
from votebank.forensics.analyze import analyze
from votebank.forensics.family import any_flag
from votebank.forensics.fingerprint import F_E_GRID, F_I_GRID
from votebank.forensics.io import StationResults
from votebank.forensics.plots import _atomic
from votebank.forensics.report import ForensicsReport
from votebank.forensics.shape import wilson_interval
from votebank.forensics.stored import NATIONAL, StationTruth, station_results_from_run
from votebank.jsonable import json_safe
from votebank.run.frames import run_frames
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.run.outcome import Outcome
from votebank.scenario.load import Scenario, load_scenario
from votebank.scenario.overrides import with_overrides

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NONE = 0.0
MAX = math.inf
DEFAULT_LEVELS = "none,0.01,0.02,0.05,0.1,max"
FORMAT_VERSION = 1
_F_I_STEP = float(np.diff(F_I_GRID).min())
_F_E_STEP = float(np.diff(F_E_GRID).min())
_MIN_PROTECTION = 1e-9  # protection_max must be > 0; this captures every armed station


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
    DecisionRule("klimek_fe", "Klimek f_e", "lower bound of the f_e interval > threshold", True),
    DecisionRule("klimek_fi", "Klimek f_i", "lower bound of the f_i interval > threshold", True),
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


@dataclass(frozen=True)
class Level:
    """One stuffing level.

    Attributes:
        name: ``"none"``, ``"max"`` or the target as a percentage (``"5%"``).
        target: Target share of stations stuffed (0 for none, ``inf`` for every armed station).
        protection_max: The protection range used (``None`` when stuffing is off).
        expected_share: Expected share of stations captured (run 0's capacities).
    """

    name: str
    target: float
    protection_max: float | None
    expected_share: float


@dataclass(frozen=True, eq=False)
class PowerResult:
    """Everything the power study measured.

    Attributes:
        scenario: Scenario name.
        settings: Seed, runs per level, bootstrap, alpha, leader rule, overrides applied.
        levels: The levels, "none" first.
        records: One row per (level, run): truth, fitted shares, each test's score and flag.
        rates: Detection rate per test and level, with Wilson intervals (the rate at "none" is
            the false-positive rate).
        roc: Empirical ROC points per test and stuffed level (threshold, fpr, tpr).
        auc: Area under each ROC curve (chance of ranking a stuffed run above a clean one).
        recovery: Fitted f_i/f_e against the truth per level: bias, RMSE, coverage.
        seconds: Wall-clock time of the study.
    """

    scenario: str
    settings: dict
    levels: tuple[Level, ...]
    records: pd.DataFrame
    rates: pd.DataFrame
    roc: pd.DataFrame
    auc: pd.DataFrame
    recovery: pd.DataFrame
    seconds: float

    def to_dict(self) -> dict:
        """Return the result as JSON-safe values."""
        realised = self.records.groupby("level", sort=False)[
            ["stuffed", "incremental", "extreme", "stuffed_leader", "fabricated"]
        ].mean()
        levels = [
            {
                **vars(lv),
                "realised": realised.loc[lv.name].to_dict() if lv.name in realised.index else {},
            }
            for lv in self.levels
        ]
        out = {
            "format_version": FORMAT_VERSION,
            "scenario": self.scenario,
            "settings": self.settings,
            "tests": [vars(t).copy() for t in (*TESTS, ANY)],
            "levels": levels,
            "rates": self.rates.to_dict(orient="records"),
            "auc": self.auc.to_dict(orient="records"),
            "recovery": self.recovery.to_dict(orient="records"),
            "roc": self.roc.to_dict(orient="records"),
            "records": self.records.to_dict(orient="records"),
            "seconds": self.seconds,
        }
        return json_safe(out)


def parse_levels(text: str | Iterable[float | str]) -> tuple[float, ...]:
    """Parse stuffing levels: ``none``/``0``, ``max``, shares (``0.05``) or percents (``5%``).

    Args:
        text: Comma-separated levels, or an iterable of numbers and words.

    Returns:
        Distinct levels in increasing order, always including 0 (none).

    Raises:
        InputError: If a level is not understood or is outside [0, 1], or none is given.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    out, problems = {NONE}, []
    for raw in items:
        word = str(raw).strip().lower()
        if not word:
            continue
        if word in {"none", "off"}:
            out.add(NONE)
            continue
        if word in {"max", "all"}:
            out.add(MAX)
            continue
        m = re.fullmatch(r"([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)\s*(%?)", word)
        value = float(m.group(1)) / (100.0 if m.group(2) else 1.0) if m else math.nan
        if not (0.0 <= value <= 1.0):
            problems.append(
                Problem("--levels", "", str(raw), "a level is none, max, a share or a percent")
            )
            continue
        out.add(value)
    if not any(str(raw).strip() for raw in items):
        # An empty value is a slip (it ran the clean level alone); `none` asks for that.
        problems.append(Problem("--levels", "", repr(text), "give at least one level"))
    if problems:
        raise InputError(problems)
    return tuple(sorted(out))


def subset_seats(scenario: Scenario, seats: int) -> Scenario:
    """The scenario restricted to ``seats`` evenly spaced constituencies (for quick studies).

    Args:
        scenario: A loaded scenario.
        seats: Constituencies to keep (all if at least as many as the scenario has).

    Returns:
        The smaller scenario.
    """
    cons = scenario.constituencies
    if seats >= len(cons):
        return scenario
    pick = np.unique(np.linspace(0, len(cons) - 1, max(seats, 1)).round().astype(int))
    return scenario.with_seats(cons["id"].iloc[pick])


def forensics_power(
    scenario: Scenario | str,
    *,
    levels: str | Sequence[float | str] = DEFAULT_LEVELS,
    runs_per_level: int = 20,
    seed: int = 0,
    bootstrap: int = 50,
    alpha: float = 0.05,
    leader: str = NATIONAL,
    militia_prob: float | None = 1.0,
    extreme_share: float | None = None,
    overrides: Mapping[str, object] | None = None,
    progress: Callable[[int, int], None] | None = None,
    by_constituency: bool = True,
) -> PowerResult:
    """Run the scenario at each stuffing level and score every forensic test against the truth.

    Args:
        scenario: The scenario, or a built-in name, folder or TOML file (use
            :func:`subset_seats` for a quick study).
        levels: Target shares of stations stuffed (see :func:`parse_levels`); "none" is added.
        runs_per_level: Simulated elections per level (run indices 0..runs-1 at every level).
        seed: Ensemble seed of every level (common random numbers) and root of analysis seeds.
        bootstrap: Bootstrap refits per analysis (Klimek intervals, shape intervals).
        alpha: Nominal level of every test's flag.
        leader: Leader column: ``"national"``, ``"station"`` or a party id.
        militia_prob: Share of resident landlords with armed men, in every level (``None``:
            the scenario's own value).
        extreme_share: Share of captured stations stuffed to the extreme (``None``: the
            scenario's).
        overrides: Further dotted-path spec overrides applied to every level.
        progress: Called with (elections done, elections in all).
        by_constituency: Give the analysis each station's constituency as its region (as an
            observer gives a results file's constituency column): the Klimek fit is then
            standardised within constituency. ``False``: one national fit, unstandardised.

    Returns:
        The study's results.

    Raises:
        InputError: If a level asks for more stuffed stations than there are armed ones.
    """
    start = time.perf_counter()
    if isinstance(scenario, str):  # a name, as the other entries take
        scenario = load_scenario(scenario)
    targets = parse_levels(levels)
    if runs_per_level < 2:
        raise InputError([Problem("--runs", "", str(runs_per_level), "need at least 2 runs")])
    base = study_overrides(
        militia_prob=militia_prob, extreme_share=extreme_share, overrides=overrides
    )
    capacity = Model(level_scenario(scenario, None, base), seed).outcome(0).capture_capacity
    level_list = _levels(tuple(targets), capacity, scenario.name)

    return score_levels(
        scenario,
        [(lv, level_scenario(scenario, lv, base)) for lv in level_list],
        seed=seed,
        runs_per_level=runs_per_level,
        leader=leader,
        bootstrap=bootstrap,
        alpha=alpha,
        progress=progress,
        by_constituency=by_constituency,
        settings={
            "militia_prob": militia_prob,
            "extreme_share": (
                extreme_share
                if extreme_share is not None
                else scenario.spec.mechanisms.stuffing.extreme_share
            ),
            "overrides": dict(overrides or {}),
            "armed_share": float(np.mean(capacity > 0)),
            "stations": len(capacity),
        },
        start=start,
    )


def score_levels(
    scenario: Scenario,
    levels: list[tuple[Level, Scenario]],
    *,
    seed: int,
    runs_per_level: int,
    leader: str,
    bootstrap: int,
    alpha: float,
    progress: Callable[[int, int], None] | None = None,
    truth_of: Callable[[Outcome], dict] | None = None,
    settings: Mapping[str, object] | None = None,
    start: float | None = None,
    by_constituency: bool = True,
) -> PowerResult:
    """Run every level's scenario and score each simulated election's stations (one row each).

    ``truth_of`` adds columns read from each run's outcome (e.g. another fraud's ground truth);
    ``settings`` adds the study's own settings to the common ones; ``start`` is when the study
    began (for its ``seconds``); ``by_constituency`` labels stations with their constituency
    (see :func:`forensics_power`).
    """
    start = time.perf_counter() if start is None else start
    rows, total, done = [], len(levels) * runs_per_level, 0
    for lv, level in levels:
        for run, outcome in many_runs(level, seed, range(runs_per_level)):
            results, truth = outcome_stations(
                level,
                outcome,
                leader=leader,
                source=f"{scenario.name} level {lv.name} run {run}",
                regions=by_constituency,
            )
            report = analyze(
                results,
                seed=analysis_seed(seed, run),
                bootstrap=bootstrap,
                alpha=alpha,
                per_region=False,  # the national fit, standardised within constituency
            )
            row = _record(lv, run, report, truth, results.leader_name)
            rows.append({**row, **(truth_of(outcome) if truth_of else {})})
            done += 1
            if progress:
                progress(done, total)
    records = pd.DataFrame(rows)
    common = {
        "seed": seed,
        "runs_per_level": runs_per_level,
        "bootstrap": bootstrap,
        "alpha": alpha,
        "leader": leader,
        "by_constituency": by_constituency,
    }
    return PowerResult(
        scenario=scenario.name,
        settings={**common, **dict(settings or {}), "seats": len(scenario.constituencies)},
        levels=tuple(lv for lv, _ in levels),
        records=records,
        **_tables(records, [lv.name for lv, _ in levels], alpha),
        seconds=time.perf_counter() - start,
    )


def read_power(path: str | Path) -> PowerResult:
    """Read a study back from its ``power.json`` (tables are recomputed from the records).

    Args:
        path: The ``power.json`` file, or the folder holding it.

    Returns:
        The study, ready for :func:`power_tables` or :func:`roc_figure`.
    """
    file = Path(path)
    if file.is_dir():
        file = file / "power.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    levels = tuple(
        Level(
            lv["name"],
            MAX if lv["target"] is None else float(lv["target"]),
            lv["protection_max"],
            lv["expected_share"],
        )
        for lv in data["levels"]
    )
    records = pd.DataFrame(data["records"])
    score = [c for c in records.columns if c.startswith("score_")]
    records[score] = records[score].astype(float)  # NaN was written as null
    names = [lv.name for lv in levels]
    alpha = float(data["settings"]["alpha"])
    return PowerResult(
        scenario=data["scenario"],
        settings=data["settings"],
        levels=levels,
        records=records,
        **_tables(records, names, alpha),
        seconds=float(data.get("seconds") or 0.0),
    )


def analysis_seed(seed: int, run: int) -> int:
    """Seed of run ``run``'s forensic analysis (the same at every level)."""
    return int(np.random.SeedSequence([seed, run]).generate_state(1)[0])


def study_overrides(
    *,
    militia_prob: float | None = 1.0,
    extreme_share: float | None = None,
    overrides: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Spec overrides shared by every level of a study (see :func:`forensics_power`)."""
    base = dict(overrides or {})
    if militia_prob is not None:
        base["mechanisms.landlords.militia_prob"] = militia_prob
    if extreme_share is not None:
        base["mechanisms.stuffing.extreme_share"] = extreme_share
    return base


def level_scenario(scenario: Scenario, level: Level | None, base: Mapping[str, object]) -> Scenario:
    """The scenario of one level: ``base`` overrides, stuffing off (``None``/"none") or on.

    Args:
        scenario: The study's scenario.
        level: A level from :func:`calibrate_levels`, or ``None`` for stuffing off.
        base: Overrides shared by every level (:func:`study_overrides`).

    Returns:
        The variant scenario (same tables, so the same electorate for the same seed).
    """
    extra: dict[str, object] = {"mechanisms.stuffing.enabled": False}
    if level is not None and level.protection_max is not None:
        extra = {
            "mechanisms.stuffing.enabled": True,
            "mechanisms.stuffing.protection_max": level.protection_max,
        }
    return scenario.with_spec(with_overrides(scenario.spec, {**base, **extra}))


def calibrate_levels(
    targets: Iterable[float], clean: Outcome, scenario_name: str = ""
) -> list[Level]:
    """Turn target shares of stuffed stations into ``protection_max`` values.

    Args:
        targets: Shares (0 for none, ``inf`` for every armed station), e.g. from
            :func:`parse_levels`.
        clean: A run of the study's clean scenario (its patrons, militias, backing and attack
            boosts give each station's capture capacity).
        scenario_name: Named in errors.

    Returns:
        One level per target, in the order given.

    Raises:
        InputError: If a target exceeds the share of stations that can be captured.
    """
    return _levels(tuple(targets), clean.capture_capacity, scenario_name)


def simulated_stations(
    model: Model, run: int, *, leader: str = NATIONAL, source: str | None = None
) -> tuple[StationResults, StationTruth]:
    """Run ``run`` of ``model`` and return its station results with the full truth.

    Unlike a stored run, a run's outcome says for whom each station was stuffed, so
    :attr:`StationTruth.for_leader` is filled in.

    Args:
        model: The model of one level.
        run: Run index.
        leader: ``"national"``, ``"station"`` or a party id.
        source: Label of the results.

    Returns:
        Station results and truth.
    """
    return outcome_stations(model.scenario, model.outcome(run), leader=leader, source=source)


def outcome_stations(
    scenario: Scenario,
    outcome: Outcome,
    *,
    leader: str = NATIONAL,
    source: str | None = None,
    regions: bool = False,
) -> tuple[StationResults, StationTruth]:
    """A run's station results with the full truth (see :func:`simulated_stations`)."""
    return station_results_from_run(
        run_frames(outcome),
        run_index=outcome.run_index,
        leader=leader,
        exclude={p.id for p in scenario.spec.parties if p.independent or p.aggregate},
        beneficiary=outcome.beneficiary(),
        source=source or f"{scenario.name} run {outcome.run_index}",
        regions=regions,
    )


def write_power_outputs(result: PowerResult, outdir: str | Path) -> dict[str, Path]:
    """Write ``power.json``, ``roc.png`` and ``roc.svg`` (each atomically) into ``outdir``.

    Args:
        result: The study.
        outdir: Output folder (created if missing).

    Returns:
        Paths by kind (``json``, ``png``, ``svg``).
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result.to_dict(), indent=1, ensure_ascii=False, allow_nan=False)
    paths = {"json": out / "power.json", "png": out / "roc.png", "svg": out / "roc.svg"}
    _atomic(paths["json"], lambda p: p.write_text(text + "\n", encoding="utf-8"))
    import matplotlib as mpl  # here, not at import: keeps `votebank` quick to start

    fig = roc_figure(result)
    with mpl.rc_context(_RC):
        _atomic(
            paths["png"],
            lambda p: fig.savefig(p, format="png", dpi=200, metadata={"Software": None}),
        )
        _atomic(paths["svg"], lambda p: fig.savefig(p, format="svg", metadata={"Date": None}))
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


def power_tables(result: PowerResult) -> tuple[Table, Table]:
    """Rich tables of detection rates and of f_i/f_e recovery.

    Args:
        result: The study.

    Returns:
        ``(rates, recovery)`` tables.
    """
    names = [lv.name for lv in result.levels]
    realised = result.records.groupby("level", sort=False)[["stuffed", "stuffed_leader"]].mean()
    s = result.settings
    rates = Table(
        title=(
            f"Detection rate by stuffing level: {result.scenario}, {s['runs_per_level']} runs "
            f"per level, alpha {s['alpha']:g}"
        ),
        caption=(
            "Column heads: level, share of stations stuffed, (share stuffed for the leader's "
            "party). Level 'none' gives the false-positive rate; AUC is for the top level."
        ),
    )
    rates.add_column("Test")
    rates.add_column("Counted", justify="center")
    for name in names:
        head = name
        if name in realised.index and name != "none":
            r = realised.loc[name]
            head = f"{name}\n{100 * r['stuffed']:.1f}%\n({100 * r['stuffed_leader']:.1f}%)"
        rates.add_column(head, justify="right")
    rates.add_column("AUC", justify="right")
    for t in (*TESTS, ANY):
        sub = result.rates[result.rates["test"] == t.key].set_index("level")
        cells = [f"{100 * sub.loc[n, 'rate']:.0f}%" if n in sub.index else "-" for n in names]
        auc = result.auc[(result.auc["test"] == t.key) & (result.auc["level"] == names[-1])]
        auc_text = f"{auc['auc'].iloc[0]:.2f}" if len(auc) else "-"
        rates.add_row(t.label, "yes" if t.counted else "no", *cells, auc_text)

    rec = Table(title="Klimek fit against the truth (share of stations; mean over runs)")
    cols = (
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
    for col in cols:
        rec.add_column(col, justify="left" if col in ("Level", "Share", "Truth") else "right")
    for r in result.recovery.itertuples():
        rec.add_row(
            r.level,
            r.param,
            r.truth,
            f"{100 * r.true_mean:.2f}%",
            f"{100 * r.fitted_mean:.2f}%",
            f"{100 * r.bias:+.2f}",
            f"{100 * r.rmse:.2f}",
            f"{100 * r.coverage:.0f}%",
            f"{100 * r.coverage_grid:.0f}%",
        )
    return rates, rec


# --- internals -------------------------------------------------------------------------------


def _expected_share(capacity: np.ndarray, protection_max: float) -> float:
    return float(np.mean(np.minimum(1.0, capacity / protection_max)))


def _levels(targets: tuple[float, ...], capacity: np.ndarray, scenario: str) -> list[Level]:
    reachable = float(np.mean(capacity > 0))
    out, problems = [], []
    for target in targets:
        if target == NONE:
            out.append(Level("none", 0.0, None, 0.0))
        elif target == MAX:
            out.append(Level("max", MAX, _MIN_PROTECTION, reachable))
        elif target > reachable * (1 - 1e-9):
            problems.append(
                Problem(
                    "--levels",
                    scenario,
                    f"{100 * target:g}%",
                    f"only {100 * reachable:.1f}% of stations have an armed patron who could "
                    "capture them; ask for less, use 'max', or raise --militia-prob",
                )
            )
        else:
            pm = _protection_for(capacity, target)
            out.append(Level(f"{100 * target:g}%", target, pm, _expected_share(capacity, pm)))
    if problems:
        raise InputError(problems)
    return out


def _protection_for(capacity: np.ndarray, target: float) -> float:
    """``protection_max`` whose expected captured share is ``target`` (bisection in log)."""
    lo, hi = math.log(_MIN_PROTECTION), math.log(max(1.0, float(capacity.max())) * 1e6)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _expected_share(capacity, math.exp(mid)) > target:
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))


def _record(lv: Level, run: int, report: ForensicsReport, truth: StationTruth, leader: str) -> dict:
    k = report.klimek
    digits = {"last": list(report.last_digit), "second": list(report.second_digit)}

    def p_of(kind: str, i: int) -> float:
        tests = digits[kind]
        return float(tests[i].p_value) if i < len(tests) else math.nan

    row = {
        "level": lv.name,
        "run": run,
        "leader": leader,
        "stations": truth.n_stations,
        "dropped": truth.dropped,
        "stuffed": truth.share("stuffed"),
        "incremental": truth.share("incremental"),
        "extreme": truth.share("extreme"),
        "stuffed_leader": truth.share("stuffed", for_leader=True),
        "incremental_leader": truth.share("incremental", for_leader=True),
        "extreme_leader": truth.share("extreme", for_leader=True),
        "fabricated": truth.share("fabricated"),
        "f_i": k.f_i,
        "f_i_lo": k.f_i_interval[0],
        "f_i_hi": k.f_i_interval[1],
        "f_e": k.f_e,
        "f_e_lo": k.f_e_interval[0],
        "f_e_hi": k.f_e_interval[1],
        # Scores: larger is more suspicious; a test flags when its score exceeds its cut.
        "score_klimek_fe": k.f_e_interval[0],
        "score_klimek_fi": k.f_i_interval[0],
        "score_integers": -report.integers.p_value,
        "score_pileup": -report.shape.at_100_p_value,
        "score_last_leader": -p_of("last", 0),
        "score_last_others": -p_of("last", 1),
        "score_benford_leader": -p_of("second", 0),
        "score_benford_others": -p_of("second", 1),
    }
    flags = {
        "klimek_fe": k.f_e_interval[0] > 0,
        "klimek_fi": k.f_i_interval[0] > 0,
        "integers": report.integers.flagged,
        "pileup": report.shape.flagged,
        "last_leader": p_of("last", 0) < report.alpha,
        "last_others": p_of("last", 1) < report.alpha,
        "benford_leader": p_of("second", 0) < report.alpha,
        "benford_others": p_of("second", 1) < report.alpha,
    }
    # The election-level verdict is the report's family decision (Holm), not "any raw flag".
    flags[ANY.key] = any_flag(report.flags)
    row.update({f"flag_{key}": bool(v) for key, v in flags.items()})
    return row


def _tables(records: pd.DataFrame, levels: list[str], alpha: float) -> dict[str, pd.DataFrame]:
    """The tables a study derives from its records (also when read back from JSON)."""
    return {
        "rates": _rates(records, levels),
        "roc": _roc(records, levels),
        "auc": _auc(records, levels),
        "recovery": _recovery(records, levels, 1.0 - alpha),
    }


def _rates(records: pd.DataFrame, levels: list[str]) -> pd.DataFrame:
    rows = []
    for t in (*TESTS, ANY):
        for name in levels:
            flags = records.loc[records["level"] == name, f"flag_{t.key}"].to_numpy(bool)
            k, n = int(flags.sum()), len(flags)
            lo, hi = wilson_interval(k, n)
            rows.append(
                {
                    "test": t.key,
                    "level": name,
                    "flagged": k,
                    "runs": n,
                    "rate": k / n if n else math.nan,
                    "rate_lo": lo,
                    "rate_hi": hi,
                }
            )
    return pd.DataFrame(rows)


def roc_points(clean: np.ndarray, stuffed: np.ndarray) -> pd.DataFrame:
    """Empirical ROC: flag when score >= threshold, for every distinct observed score.

    Args:
        clean: Scores of clean runs (larger is more suspicious; NaN never flags).
        stuffed: Scores of stuffed runs.

    Returns:
        Columns ``threshold``, ``fpr``, ``tpr``, from (0, 0) (threshold +inf) to (1, 1).
    """
    clean = np.where(np.isnan(clean), -np.inf, clean)
    stuffed = np.where(np.isnan(stuffed), -np.inf, stuffed)
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
        c = np.nan_to_num(clean[f"score_{t.key}"].to_numpy(float), nan=-np.inf)
        for name in levels[1:]:
            s = records.loc[records["level"] == name, f"score_{t.key}"].to_numpy(float)
            s = np.nan_to_num(s, nan=-np.inf)
            # P(stuffed score > clean score) + half the ties: the area under the step ROC.
            gt = (s[:, None] > c[None, :]).mean()
            eq = (s[:, None] == c[None, :]).mean()
            rows.append({"test": t.key, "level": name, "auc": float(gt + 0.5 * eq)})
    return pd.DataFrame(rows, columns=["test", "level", "auc"])


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
                rows.append(
                    {
                        "level": name,
                        "param": param,
                        "truth": truth,
                        "true_mean": float(np.mean(true)),
                        "fitted_mean": float(np.nanmean(fit)),
                        "bias": float(np.nanmean(err)),
                        "rmse": float(np.sqrt(np.nanmean(err**2))),
                        "coverage": float(np.mean((lo <= true) & (true <= hi))),
                        # The bounds are grid values: a truth within half a step of the
                        # interval is as covered as the grid can show.
                        "coverage_grid": float(
                            np.mean((lo - step / 2 <= true) & (true <= hi + step / 2))
                        ),
                        "nominal_coverage": coverage,
                        "runs": len(sub),
                    }
                )
    return pd.DataFrame(rows)
