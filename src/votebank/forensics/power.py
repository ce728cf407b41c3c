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

**Levels** of stuffing are target shares of stations stuffed, each turned into the range of
the protection a patron's capacity must beat (:mod:`~votebank.forensics.power_levels`).

**Common random numbers.** Every level uses the same seed and the same run indices, and each
run's forensic analysis the same analysis seed, so levels are compared on the same electorates
and the same votes before the count (votebank's named streams make every step before stuffing
identical across levels).

The pieces: the levels (:mod:`~votebank.forensics.power_levels`), the decision rules and the
tables their records give (:mod:`~votebank.forensics.power_rates`), the result and its
``power.json`` (:mod:`~votebank.forensics.power_result`), and the figure, printed tables and
files (:mod:`~votebank.forensics.power_outputs`); this module runs the study itself.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.forensics.analyze import analyze
from votebank.forensics.family import any_flag
from votebank.forensics.power_arguments import study_scenario
from votebank.forensics.power_checkpoint import study_checkpoint
from votebank.forensics.power_levels import (
    DEFAULT_LEVELS,
    Level,
    levels_from_capacity,
    parse_levels,
)
from votebank.forensics.power_rates import ANY, tables
from votebank.forensics.power_result import PowerResult
from votebank.forensics.report import ForensicsReport
from votebank.forensics.stations import StationResults
from votebank.forensics.stored import NATIONAL, StationTruth, station_results_from_run
from votebank.run.frames import run_frames
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.run.outcome import Outcome
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import with_overrides


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
    scenario: Scenario | str | Path,
    *,
    levels: str | Sequence[float | str] = DEFAULT_LEVELS,
    runs_per_level: int = 20,
    seed: int = 0,
    bootstrap: int = 100,  # as the command: below 80 a Klimek test cannot lead the family
    alpha: float = 0.05,
    leader: str = NATIONAL,
    militia_prob: float | None = 1.0,
    extreme_share: float | None = None,
    overrides: Mapping[str, object] | None = None,
    progress: Callable[[int, int], None] | None = None,
    by_constituency: bool = True,
    records: str | Path | None = None,
    resume: bool = False,
) -> PowerResult:
    """Run the scenario at each stuffing level and score every forensic test against the truth.

    Args:
        scenario: The scenario, or a built-in name, folder or TOML file (use
            :func:`subset_seats` for a quick study).
        levels: Target shares of stations stuffed (see
            :func:`~votebank.forensics.power_levels.parse_levels`); "none" is added.
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
        records: A file that keeps each finished election as it finishes (``None``: none).
        resume: Reuse the elections ``records`` holds of this same study (a stopped study
            goes on where it stopped); without it a file holding finished elections is
            refused (delete it to start again). The file stays once the study is done.

    Returns:
        The study's results.

    Raises:
        InputError: Every problem of the arguments, the scenario and the overrides, before
            anything runs; or a level that asks for more stuffed stations than there are armed
            ones.
    """
    start = time.perf_counter()
    scenario, base = study_scenario(
        scenario,
        runs_per_level=runs_per_level,
        seed=seed,
        bootstrap=bootstrap,
        alpha=alpha,
        militia_prob=militia_prob,
        extreme_share=extreme_share,
        overrides=overrides,
        progress=progress,
        by_constituency=by_constituency,
        leader=leader,
        records=records,
        resume=resume,
    )
    records = None if records is None else Path(records).expanduser()
    # NumPy's as Python's: the settings showed np.int64(0), and a resumed study compares them.
    seed, runs_per_level, bootstrap = int(seed), int(runs_per_level), int(bootstrap)
    alpha, by_constituency = float(alpha), bool(by_constituency)
    targets = parse_levels(levels)
    capacity = Model(level_scenario(scenario, None, base), seed).outcome(0).capture_capacity
    armed = militia_prob == 1.0  # every resident landlord already has armed men
    level_list = levels_from_capacity(
        tuple(targets), capacity, scenario.name, can_arm_more=not armed
    )

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
        records=records,
        resume=resume,
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
    records: Path | None = None,
    resume: bool = False,
) -> PowerResult:
    """Run every level's scenario and score each simulated election's stations (one row each).

    ``truth_of`` adds columns read from each run's outcome (e.g. another fraud's ground truth);
    ``settings`` adds the study's own settings to the common ones; ``start`` is when the study
    began (for its ``seconds``); ``by_constituency`` labels stations with their constituency
    (see :func:`forensics_power`). ``records`` keeps each finished election in that file as it
    finishes; with ``resume`` the elections it holds of the same study are not made again
    (:mod:`~votebank.forensics.power_checkpoint`).
    """
    start = time.perf_counter() if start is None else start
    common = {
        "seed": seed,
        "runs_per_level": runs_per_level,
        "bootstrap": bootstrap,
        "alpha": alpha,
        "leader": leader,
        "by_constituency": by_constituency,
    }
    checkpoint, kept = study_checkpoint(records, resume, levels, common, settings)
    total = len(levels) * runs_per_level
    rows = [
        kept[lv.name, run]
        for lv, _ in levels
        for run in range(runs_per_level)
        if (lv.name, run) in kept
    ]
    done = len(rows)
    if progress:  # every argument is checked: the study begins
        progress(done, total)
    for lv, level in levels:
        todo = [run for run in range(runs_per_level) if (lv.name, run) not in kept]
        for run, outcome in many_runs(level, seed, todo):
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
            row = {**row, **(truth_of(outcome) if truth_of else {})}
            if checkpoint:
                checkpoint.add(row)
            rows.append(row)
            done += 1
            if progress:
                progress(done, total)
    # In (level, run) order whatever was resumed: the same records as a study never stopped.
    order = {lv.name: i for i, (lv, _) in enumerate(levels)}
    frame = pd.DataFrame(sorted(rows, key=lambda r: (order[r["level"]], r["run"])))
    return PowerResult(
        scenario=scenario.name,
        settings={**common, **dict(settings or {}), "seats": len(scenario.constituencies)},
        levels=tuple(lv for lv, _ in levels),
        records=frame,
        **tables(frame, [lv.name for lv, _ in levels], alpha),
        seconds=time.perf_counter() - start,
    )


def analysis_seed(seed: int, run: int) -> int:
    """Seed of run ``run``'s forensic analysis (the same at every level)."""
    return int(np.random.SeedSequence([seed, run]).generate_state(1)[0])


def level_scenario(scenario: Scenario, level: Level | None, base: Mapping[str, object]) -> Scenario:
    """The scenario of one level: ``base`` overrides, stuffing off (``None``/"none") or on.

    Args:
        scenario: The study's scenario.
        level: A level from :func:`~votebank.forensics.power_levels.calibrate_levels`,
            or ``None`` for stuffing off.
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


# --- internals -------------------------------------------------------------------------------


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
        # The report's own raw decision: the bootstrap p-value (1 when not tested). The
        # interval's lower bound above 0 is the same rule at 20 refits only: with fewer it
        # excluded 0 where the p-value cannot fall below alpha, with more it is stricter.
        "klimek_fe": k.f_e_p_value < report.alpha,
        "klimek_fi": k.f_i_p_value < report.alpha,
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
