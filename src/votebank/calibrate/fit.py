"""Fit scenario parameters to real results with Optuna's TPE sampler, reproducibly.

Each trial sets the parameters, runs ``runs_per_trial`` runs of the scenario with the same
seed (common random numbers: two trials differ only by their parameters, not by luck) and
scores the runs with :class:`~votebank.calibrate.objective.Objective`. The sampler is seeded
and trials run one after another, so the same seed gives the same trials. The first trial is
the scenario's own values (the start); calibration then searches the bounds.

The result can be written as a scenario folder: ``scenario.toml`` with the fitted values (and
a header saying so), copies of its tables, ``trials.csv`` (one row per trial: parameters,
loss and its components) and ``calibration.json`` (target, bounds, start, best, seed).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.calibrate.align import lost_note
from votebank.calibrate.fit_arguments import (
    argument_problems,
    refuse_bad_noise,
    refuse_bad_out,
)
from votebank.calibrate.inputs import drop_other_records
from votebank.calibrate.joint import joint_elections, refuse_what_cannot_fit
from votebank.calibrate.objective import (
    DEFAULT_WEIGHTS,
    PARTS,
    Objective,
    simulate_ensemble,
    unmeasured_parts,
)
from votebank.calibrate.params import Param, apply_to_scenario, current_values, parse_given
from votebank.calibrate.target import Target, load_target
from votebank.calibrate.trials_kept import keep_interrupted, trials_checkpoint
from votebank.core.labels import ROUTES
from votebank.display import plural
from votebank.ensemble.cluster import client_problems
from votebank.errors import (
    InputError,
    Interrupted,
    Problem,
    VotebankError,
    callback_problem,
)
from votebank.run.contests import build_contests
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario
from votebank.scenario.save import write_scenario

Progress = Callable[[int, int, float], None]


@dataclass(frozen=True)
class CalibrationResult:
    """What a calibration found.

    Attributes:
        scenario: The scenario with the best parameters.
        params: The parameters searched.
        start: Their values before calibration.
        best: Their best values.
        best_loss: The loss at ``best``.
        best_components: Each component of the loss at ``best`` (of the main election when
            fitted jointly).
        trials: One row per trial: ``trial``, each parameter, ``loss``, ``share``,
            ``turnout``, ``margin`` (and the distribution parts, when weighted), ``seconds``.
        target: The name of the real results fitted.
        seed: Sampler and simulation seed.
        runs_per_trial: Runs per trial.
        weights: Weights of the loss components.
        over_roll: The target share of stations over 100% turnout (None: not fitted).
        notes: What reading the real results left out or read loosely (for the user).
        unmeasured: Loss parts the results cannot measure (None in ``calibration.json``).
        kept: Trials read back from a stopped search's file (``resume``), not run again.
    """

    scenario: Scenario
    params: list[Param]
    start: dict[str, float]
    best: dict[str, float]
    best_loss: float
    best_components: dict[str, float]
    trials: pd.DataFrame = field(repr=False)
    target: str = ""
    seed: int = 0
    runs_per_trial: int = 1
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    over_roll: float | None = None
    notes: tuple[str, ...] = ()
    unmeasured: tuple[str, ...] = ()
    kept: int = 0

    def summary(self) -> dict[str, Any]:
        """The calibration as plain data (``calibration.json``)."""
        return {
            "scenario": self.scenario.name,
            "target": self.target,
            "seed": self.seed,
            "trials": len(self.trials),
            "runs_per_trial": self.runs_per_trial,
            "weights": dict(self.weights),
            "over_roll": self.over_roll,
            "params": [{"path": p.path, "low": p.low, "high": p.high} for p in self.params],
            "start": self.start,
            "start_loss": float(self.trials["loss"].iloc[0]),
            "best": self.best,
            "best_loss": self.best_loss,
            "best_components": {**self.best_components, **dict.fromkeys(self.unmeasured)},
            "notes": list(self.notes),
        }

    def accepted(self, noise: float) -> pd.DataFrame:
        """The trials within two loss-noise sds of the best: values the data cannot tell apart.

        Their spread is the uncertainty a calibrated scenario ships.
        """
        refuse_bad_noise(noise)
        return self.trials[self.trials["loss"] <= self.best_loss + 2 * noise]

    def uncertainty(self, noise: float) -> dict[str, dict[str, float]]:
        """Each parameter's start, best, and mean, sd and range over :meth:`accepted`."""
        ok = self.accepted(noise)
        return {
            p.path: {
                "start": self.start[p.path],
                "best": self.best[p.path],
                "mean": float(ok[p.path].mean()),
                "sd": float(ok[p.path].std(ddof=1)) if len(ok) > 1 else 0.0,
                "min": float(ok[p.path].min()),
                "max": float(ok[p.path].max()),
            }
            for p in self.params
        }

    def write(self, out: str | Path) -> list[Path]:
        """Write the calibrated scenario folder and the trial log.

        Args:
            out: Folder to create (or reuse): it receives ``scenario.toml``, the two tables,
                ``trials.csv`` and ``calibration.json``.

        Returns:
            The files written.
        """
        folder = refuse_bad_out(out)
        folder.mkdir(parents=True, exist_ok=True)
        header = [
            f"Calibrated by votebank calibrate against: {self.target}",
            f"seed {self.seed}, {plural(len(self.trials), 'trial')} x "
            f"{plural(self.runs_per_trial, 'run')}; "
            f"loss {self.trials['loss'].iloc[0]:.3f} at the start, {self.best_loss:.3f} fitted",
            *(
                f"{p.path}: {self.start[p.path]:.4g} -> {self.best[p.path]:.4g} "
                f"(searched {p.low:g}..{p.high:g})"
                for p in self.params
            ),
            *([] if self.over_roll is None else [f"target over 100% turnout {self.over_roll:g}"]),
            "trials.csv holds every trial; calibration.json the summary.",
        ]
        logs = {
            "trials.csv": self.trials.assign(**dict.fromkeys(self.unmeasured)).to_csv(index=False),
            "calibration.json": json.dumps(self.summary(), indent=2) + "\n",
        }
        written = write_scenario(self.scenario, folder, header, logs)
        # An earlier interrupted search's trials, beside this complete one, would read as its.
        (folder / "trials-interrupted.csv").unlink(missing_ok=True)
        drop_other_records(folder, "calibration.json")  # a match's record would describe it
        return written


def calibrate(
    scenario: Scenario | str,
    target: Target | str,
    params: Sequence[Param] | Iterable[str],
    *,
    trials: int = 30,
    runs_per_trial: int = 4,
    seed: int = 0,
    progress: Progress | None = None,
    weights: Mapping[str, float] | None = None,
    start: Mapping[str, float] | None = None,
    out: str | Path | None = None,
    over_roll: float | None = None,
    client: Any = None,
    also: Sequence[tuple[Scenario, Target, float | None]] = (),
    notes: Sequence[str] = (),
    resume: bool = False,
) -> CalibrationResult:
    """Fit parameters of a scenario to real results (and, jointly, of other elections).

    Args:
        scenario: The scenario to fit (its other parameters stay as they are), or a built-in
            name, folder or TOML file.
        target: The real results (seats the scenario does not hold are ignored), or anything
            :func:`~votebank.calibrate.target.load_target` reads.
        params: Parameters to fit, as :class:`Param` or ``PATH[=LOW:HIGH]`` strings.
        trials: Number of trials (the first is the start).
        runs_per_trial: Runs per trial (same seed in every trial).
        seed: Seed of the sampler and of the runs.
        progress: Called with (trials done, trials, best loss so far) after each trial.
        weights: Weights of the loss components (default: the three means, 1 each;
            :data:`~votebank.calibrate.objective.DISTRIBUTIONAL_WEIGHTS` adds the
            distributions).
        start: Values of the first trial (default: the scenario's own), clipped to bounds.
        out: When given, write the calibrated scenario folder here.
        over_roll: Target share of stations reporting turnout above 100% (the ``over_roll``
            part of the loss).
        client: A Dask client whose workers make each trial's runs (the same results).
        also: Other elections fitted jointly: (scenario, its real results, its over-roll
            target or None). Every trial sets the same values in each, runs each
            ``runs_per_trial`` times on ``seed`` and adds its loss (same weights) to the main
            one; the trial log gets ``loss_0`` (the main election), ``loss_1``, ... .
        notes: Notes on the real results, kept in ``calibration.json``.
        resume: Go on from a stopped search: the trials kept in ``out`` of this same search
            are read back, not run again (each finished trial is kept there as it finishes).

    Returns:
        The best parameters, the calibrated scenario and the trial log.
    """
    try:
        import optuna
    except ImportError as exc:  # an optional dependency until pyproject lists it
        raise VotebankError("calibration needs Optuna: pip install optuna") from exc
    problems = argument_problems(params, trials, runs_per_trial, seed, weights, start, over_roll)
    found: list[Problem] = client_problems(client)
    try:
        scenario = entry_scenario(scenario, *problems, callback_problem("progress", progress))
    except InputError as exc:
        found, scenario = exc.problems, None
    try:  # the results' and the parameters' problems too, not each once the rest was right
        target = load_target(target)
    except InputError as exc:
        found += exc.problems
    try:
        if not any(p and p.file == "params" for p in problems):  # else no list to read
            plist = parse_given(params, scenario)
    except InputError as exc:
        found += exc.problems
    if found:
        raise InputError(found)
    paths = [p.path for p in plist]
    if stray := [k for k in (start or {}) if k not in paths]:  # else silently the own value
        why = f"names no parameter being fitted ({', '.join(paths)})"
        raise InputError([Problem("start", str(k), repr(k), why) for k in stray])
    objective = Objective(target, dict(weights or DEFAULT_WEIGHTS), over_roll)
    before = current_values(scenario.spec, plist)
    own = {p.path: float((start or before).get(p.path, before[p.path])) for p in plist}
    first = {p.path: float(np.clip(own[p.path], p.low, p.high)) for p in plist}
    elections = [(scenario, objective)]
    elections += [(sc, Objective(t, objective.weights, r)) for sc, t, r in joint_elections(also)]
    contests = [build_contests(sc) for sc, _ in elections]
    aligned = [o.target.align(c, sc.name) for (sc, o), c in zip(elections, contests, strict=True)]
    # From Python too, what the results left out reaches the result and calibration.json.
    lost = lost_note(aligned[0], scenario.name, "calibrate leaves out of the fit")
    notes = [*notes, *(n for n in (*aligned[0].notes, *lost) if n not in notes)] + [
        f"{p}: the start {own[p]:g} is outside the range searched; the first trial is {v:g}"
        for p, v in first.items()
        if v != own[p]
    ]
    refuse_what_cannot_fit(elections, aligned, contests, runs_per_trial)  # before out is begun
    search = {
        "params": [[p.path, p.low, p.high] for p in plist],
        "first": first,
        "seed": seed,
        "runs_per_trial": runs_per_trial,
        "weights": objective.weights,
        "over_roll": over_roll,
    }
    kept_file, kept = trials_checkpoint(out, resume, elections, search)
    rows: list[dict[str, Any]] = []
    reused: set[int] = set()

    def evaluate(trial) -> float:
        values = {p.path: trial.suggest_float(p.path, p.low, p.high) for p in plist}
        row = kept.get(trial.number)
        if row is not None and all(row[path] == v for path, v in values.items()):
            rows.append(row)  # the sampler proposed what it proposed before: its loss is known
            reused.add(trial.number)
        else:
            rows.append(run_trial(trial.number, values))
            if kept_file:
                kept_file.add(rows[-1])
        if progress:
            progress(len(rows), trials, min(r["loss"] for r in rows))
        return rows[-1]["loss"]

    def run_trial(number: int, values: dict[str, float]) -> dict[str, Any]:
        began = time.perf_counter()
        losses = []
        for (sc, obj), a in zip(elections, aligned, strict=True):
            ens = simulate_ensemble(
                apply_to_scenario(sc, values), runs_per_trial, seed, client=client
            )
            losses.append(obj.components(ens, a))
            if len(losses) == 1:
                parts, routes = losses[0], route_shares(ens)
        joint = {f"loss_{i}": part["loss"] for i, part in enumerate(losses)} if also else {}
        row = {
            "trial": number,
            **values,
            **{k: parts[k] for k in ("loss", *PARTS) if k in parts},
            **joint,
            **routes,
            "seconds": round(time.perf_counter() - began, 3),
        }
        if also:
            row["loss"] = sum(part["loss"] for part in losses)
        return row

    # ERROR: a trial that fails (Ctrl-C included) is raised to the caller, which reports it;
    # Optuna would also log it, traceback and all.
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(10, max(trials // 3, 1)))
    study = optuna.create_study(direction="minimize", sampler=sampler)
    study.enqueue_trial(first)
    try:
        study.optimize(evaluate, n_trials=trials, n_jobs=1, show_progress_bar=False)
    except KeyboardInterrupt:
        raise Interrupted(keep_interrupted(rows, trials, out, kept_file)) from None
    log = pd.DataFrame(rows)
    best_row = log.loc[log["loss"].idxmin()]
    best = {p.path: float(best_row[p.path]) for p in plist}
    result = CalibrationResult(
        scenario=apply_to_scenario(scenario, best),
        params=list(plist),
        start=first,
        best=best,
        best_loss=float(best_row["loss"]),
        best_components={k: float(best_row[k]) for k in PARTS if k in best_row},
        trials=log,
        target=target.name,
        seed=seed,
        runs_per_trial=runs_per_trial,
        weights=objective.weights,
        over_roll=over_roll,
        notes=tuple(notes),
        unmeasured=tuple(
            k for k in unmeasured_parts(aligned[0], over_roll, contests[0]) if k in best_row
        ),
        kept=len(reused),
    )
    if out is not None:
        result.write(out)
        kept_file.remove()  # the search is whole in trials.csv
    return result


def route_shares(ensemble) -> dict[str, float]:
    """Mean share of valid votes by route over an ensemble's runs (``route_own``, ...)."""
    votes = ensemble.route_votes
    if not votes.size:
        return {}
    share = votes.sum(axis=0) / max(votes.sum(), 1)
    return {f"route_{name}": float(v) for name, v in zip(ROUTES, share, strict=True)}
