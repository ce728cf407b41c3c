"""Runs that draw their parameters from the calibration's uncertainty.

A scenario's ``[scenario.parameter_uncertainty]`` gives the standard deviation of calibrated
values by dotted path. With ``[scenario] draw_parameters = true`` (``--parameter-uncertainty``
on the command line, ``parameter_uncertainty=True`` in the API) each run draws every such
parameter from a normal distribution around the scenario's value with that sd, truncated to the
field's declared range (its ``ge`` / ``le``), so an ensemble carries the parameter uncertainty
as well as the Monte Carlo noise.

Draws come from one named stream per parameter (``parameters.PATH``) keyed by the run index: a
run's parameters depend only on (scenario, seed, run index), whatever the number of workers,
and adding a parameter leaves the others' draws as they were. Parameters the electorate builder
reads (``votebank.run.electorate.SPEC_READS``, e.g. ``electorate.bloc_membership_rural``) are
kept at the scenario's value: varying them would rebuild the electorate every run.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError
from scipy.special import ndtr, ndtri

from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.rng import Streams
from votebank.run.electorate import SPEC_READS
from votebank.scenario.catalogue import shown_file
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import join_path, split_path, value_at, with_overrides
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.variants import NOTHING_DRAWN, uncertainty_problems

STREAM = "parameters"
REACH = 8.2
"""Farthest a draw goes from its mean, in sd: ``ndtri`` of the least uniform draw is -8.13."""


def fixed_paths(spec: ScenarioSpec) -> list[str]:
    """Paths of ``parameter_uncertainty`` kept fixed because the electorate builder reads them."""
    return [p for p in spec.scenario.parameter_uncertainty if _read_by_builder(p)]


def varied_paths(spec: ScenarioSpec) -> list[str]:
    """Paths of ``parameter_uncertainty`` that each run draws (sd above zero)."""
    sds = spec.scenario.parameter_uncertainty
    return sorted(p for p, sd in sds.items() if sd > 0 and not _read_by_builder(p))


def idle_paths(spec: ScenarioSpec) -> list[str]:
    """Varied paths of a mechanism that is off: drawn, but no run reads them."""
    idle = []
    for path in varied_paths(spec):
        keys = split_path(path)
        mechanism = getattr(spec.mechanisms, keys[1], None) if keys[0] == "mechanisms" else None
        if mechanism is not None and not mechanism.enabled:
            idle.append(path)
    return idle


def draw_values(spec: ScenarioSpec, entropy: int, run_index: int) -> dict[str, float]:
    """The values run ``run_index`` draws for each varied parameter (see the module doc)."""
    streams = Streams(entropy, run_index)
    out = {}
    for path in varied_paths(spec):
        keys = split_path(path)
        mean = float(value_at(spec, path))
        sd = float(spec.scenario.parameter_uncertainty[path])
        low, high = field_range(spec, keys)
        u = streams.generator(f"{STREAM}.{join_path(keys)}").random()
        a = ndtr((low - mean) / sd) if low is not None else 0.0
        b = ndtr((high - mean) / sd) if high is not None else 1.0
        value = mean + sd * float(ndtri(a + u * (b - a)))
        # The inverse CDF can land a rounding error outside the range in the far tails.
        value = max(value, low) if low is not None else value
        out[path] = min(value, high) if high is not None else value
    return out


def drawn_spec(spec: ScenarioSpec, entropy: int, run_index: int) -> ScenarioSpec:
    """The spec run ``run_index`` uses: the scenario's, with the varied parameters drawn."""
    values = draw_values(spec, entropy, run_index)
    return with_overrides(spec, values) if values else spec


def draw_problems(spec: ScenarioSpec, shown: str) -> list[Problem]:
    """Drawn parameters that can take a value the scenario's rules refuse.

    A field's own range bounds its draws, but a rule over several fields (``transfer +
    abstain`` at most 1) or a mapping's entry (a swing share) does not: such a draw stopped
    the ensemble at that run, after the runs before it were stored. Each parameter is tried at
    the farthest values a run can draw, alone and then all together at one end.
    """
    ends = {}
    for path in varied_paths(spec):
        mean, sd = float(value_at(spec, path)), float(spec.scenario.parameter_uncertainty[path])
        low, high = field_range(spec, split_path(path))
        ends[path] = (_end(mean - REACH * sd, low, mean), _end(mean + REACH * sd, high, mean))
    problems = []
    for path, reach in ends.items():
        why = next(filter(None, (_refused(spec, {path: v}) for v in reach)), None)
        if why is not None:
            problems.append(_draw_problem(shown, spec, [path], *why))
    for side in (0, 1) if len(ends) > 1 and not problems else ():  # a rule over drawn fields
        why = _refused(spec, {p: e[side] for p, e in ends.items()})
        if why is not None:
            problems.append(_draw_problem(shown, spec, list(ends), *why))
    return problems


def _end(value: float, bound: float | None, mean: float) -> float:
    """A draw's farthest value, inside the field's bound (an open bound is never drawn)."""
    if bound is None or (value > bound) == (mean > bound):
        return value
    return float(np.nextafter(bound, mean))


def _refused(spec: ScenarioSpec, values: dict[str, float]) -> tuple[str, str] | None:
    """The values, and why the scenario refuses them; None if it takes them."""
    try:
        with_overrides(spec, values)
    except ValidationError as exc:
        shown = ", ".join(f"{p} = {v:.6g}" for p, v in values.items())
        return shown, "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
    return None


def _draw_problem(shown: str, spec: ScenarioSpec, paths: list[str], value: str, why: str):
    sds = spec.scenario.parameter_uncertainty
    return Problem(
        shown,
        "scenario.parameter_uncertainty" + (f".{paths[0]}" if len(paths) == 1 else ""),
        value,
        f"a run can draw this (sd {', '.join(f'{sds[p]:g}' for p in paths)}, up to {REACH:g} "
        f"sd from the scenario's value, within the field's range) and the scenario refuses "
        f"it: {why}; give a smaller sd",
    )


def check_draws(scenario: Scenario) -> None:
    """Refuse a scenario whose runs draw parameters that can break its rules (see above).

    Raises:
        InputError: Every parameter that can, with the value and the rule.
    """
    spec, shown = scenario.spec, shown_file(scenario.source or scenario.name)
    if not spec.scenario.draw_parameters:
        return
    problems = draw_problems(spec, shown)
    if not varied_paths(spec):  # only those the builder reads: the runs would draw nothing
        problems.append(Problem(shown, "scenario.draw_parameters", "true", NOTHING_DRAWN))
    if problems:
        raise InputError(problems)


def field_range(spec: ScenarioSpec, keys: tuple[str, ...]) -> tuple[float | None, float | None]:
    """The declared (``ge``/``gt``, ``le``/``lt``) range of the field at ``keys``."""
    node: Any = spec
    low = high = None
    for key in keys:
        if not isinstance(node, BaseModel) or key not in type(node).model_fields:
            return None, None  # a mapping's entry (a mood): no declared range
        low = high = None
        for meta in type(node).model_fields[key].metadata:
            low = getattr(meta, "ge", getattr(meta, "gt", low))
            high = getattr(meta, "le", getattr(meta, "lt", high))
        node = getattr(node, key)
    return low, high


def _read_by_builder(path: str) -> bool:
    dotted = ".".join(split_path(path))
    return any(dotted == r or dotted.startswith(r + ".") for r in SPEC_READS)


def with_parameter_draws(scenario: Scenario) -> Scenario:
    """The scenario with ``draw_parameters`` on (``--parameter-uncertainty``).

    Raises:
        InputError: if the scenario declares no ``[scenario.parameter_uncertainty]`` that a
            run can draw, or a path there names no real-valued parameter (exit code 2 on the
            command line).
    """
    spec = scenario.spec
    problems = uncertainty_problems(spec, shown_file(scenario.source or scenario.name))
    if problems:  # a spec changed after loading is checked here
        raise InputError(problems)
    if not varied_paths(spec):
        raise InputError(
            [
                Problem(
                    shown_file(scenario.source or scenario.name),
                    "[scenario.parameter_uncertainty]",
                    "(none)",
                    "--parameter-uncertainty (parameter_uncertainty=True in Python) needs "
                    "the standard deviations of calibrated values by dotted path; this "
                    "scenario has none that a run can draw (votebank calibrate does not write "
                    "them: add them to the scenario's TOML file, e.g. "
                    '[scenario.parameter_uncertainty] "turnout.base" = 0.02)',
                )
            ]
        )
    drawn = scenario.with_spec(with_overrides(spec, {"scenario.draw_parameters": True}))
    check_draws(drawn)
    return drawn


def describe(spec: ScenarioSpec) -> str:
    """One line for the terminal: what each run draws and what stays fixed."""
    varied, fixed = varied_paths(spec), fixed_paths(spec)
    drawn = plural(len(varied), "parameter") + (
        " from its sd" if len(varied) == 1 else " from their sd"
    )
    text = f"parameter uncertainty: each run draws {drawn}"
    if idle := idle_paths(spec):
        text += f"; of these, no run reads (their mechanism is off): {', '.join(idle)}"
    if fixed:
        text += (
            f"; fixed at the scenario's value (the electorate builder reads them, a draw would "
            f"rebuild every run): {', '.join(fixed)}"
        )
    return text
