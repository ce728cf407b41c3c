"""Scenario variants: the same spec with some fields set to other values.

Used by ``[[scenario.counterfactuals]]`` (and anything else that needs a what-if): a dotted
path names a field of the TOML file (``mechanisms.canvass.campaigns.0.cars``), list items by
their position.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from pydantic import ValidationError

from votebank.errors import Problem
from votebank.scenario.field_errors import set_message
from votebank.scenario.overrides import overlapping, value_at, with_overrides
from votebank.scenario.schema import Counterfactual, ScenarioSpec


def variant_spec(spec: ScenarioSpec, counterfactual: Counterfactual) -> ScenarioSpec:
    """The spec with the counterfactual's fields set (and no counterfactuals of its own).

    Raises:
        KeyError: A path does not exist.
        ValidationError: A value is not valid there.
    """
    return with_overrides(
        spec,
        {
            **counterfactual.set,
            "scenario.counterfactuals": [],
            "scenario.name": f"{spec.scenario.name}:{counterfactual.name}",
        },
    )


def counterfactual_problems(spec: ScenarioSpec, shown: str) -> list[Problem]:
    """Every counterfactual whose paths or values would not make a valid scenario."""
    problems = []
    for i, cf in enumerate(spec.scenario.counterfactuals):
        where = f"scenario.counterfactuals.{i}"
        keys = list(cf.set)  # two spellings of one field: the later would win in silence
        twice = [
            Problem(shown, f"{where}.set.{keys[b]}", keys[b], f"sets what {keys[a]!r} sets")
            for a, b in overlapping(keys)
        ]
        whole = _problems(spec, cf.name, cf.set, f"{where}.set", "", shown)
        if whole:
            whole = settings_to_blame(
                cf.set,
                whole,
                lambda values, path, cf=cf, where=where: _problems(
                    spec, cf.name, values, f"{where}.set.{path}", path, shown
                ),
            )
        order = [] if whole else party_order(spec, variant_spec(spec, cf), shown, f"{where}.set")
        problems += twice + whole + order
    return problems


def settings_to_blame(
    values: dict, whole: list[Problem], problems_of: Callable[[dict, str], list[Problem]]
) -> list[Problem]:
    """The problems of settings that fail together (``whole``), each bad one named by its path.

    ``problems_of(settings, path)`` says why some of them fail. Each is tried alone, that every
    bad one be named, then again with those right alone, as one may need another (transfer
    with abstain); settings wrong only together are named as the whole set.
    """
    alone = {path: problems_of({path: value}, path) for path, value in values.items()}
    right = {path: values[path] for path, bad in alone.items() if not bad}
    again = [
        p
        for path, bad in alone.items()
        if bad
        for p in problems_of({**right, path: values[path]}, path)
    ]
    return again or whole


def party_order(spec: ScenarioSpec, variant: ScenarioSpec, shown: str, where: str) -> list[Problem]:
    """A variant (a counterfactual, a sweep's point) must declare the parties in their order.

    Its runs are paired with the scenario's, and their random numbers are laid out by party:
    ``votebank run`` refused a counterfactual only once the scenario's own runs were stored.
    """
    ids = [p.id for p in spec.parties]
    theirs = [p.id for p in variant.parties]
    if theirs == ids:
        return []
    why = (
        f"a variant declares the scenario's parties, in its order ({', '.join(ids)}): its "
        "runs are paired with the scenario's, whose random numbers are laid out by party"
    )
    return [Problem(shown, where, ", ".join(theirs), why)]


def _problems(spec, name: str, values: dict, where: str, path: str, shown: str) -> list[Problem]:
    """Why a counterfactual of ``values`` would not make a valid scenario (none: it would)."""
    value = json.dumps(values[path] if path else values, default=str)
    try:
        variant_spec(spec, Counterfactual(name=name, set=values))
    except KeyError as exc:
        return [Problem(shown, where, value, str(exc.args[0]))]
    except ValidationError as exc:
        return [Problem(shown, where, value, set_message(path, err)) for err in exc.errors()]
    return []


NOTHING_DRAWN = (
    "each run would draw the parameters of [scenario.parameter_uncertainty]; the scenario has "
    "none that a run can draw (an sd above zero)"
)


def uncertainty_problems(spec: ScenarioSpec, shown: str) -> list[Problem]:
    """Every ``parameter_uncertainty`` path that names no parameter a run can draw.

    Also ``draw_parameters`` with no sd above zero: it ran as if it were off, in silence.
    """
    problems = []
    sds = spec.scenario.parameter_uncertainty.values()
    if spec.scenario.draw_parameters and not any(sd > 0 for sd in sds):
        problems.append(Problem(shown, "scenario.draw_parameters", "true", NOTHING_DRAWN))
    for path in spec.scenario.parameter_uncertainty:
        where = f"scenario.parameter_uncertainty.{path}"
        try:
            value = value_at(spec, path)
        except (KeyError, ValueError) as exc:
            problems.append(Problem(shown, where, path, str(exc.args[0]).removeprefix(f"{path}: ")))
            continue
        if not isinstance(value, float):  # an int, a flag or a name cannot take a drawn value
            why = "not a real-valued parameter: a run cannot draw it"
            problems.append(Problem(shown, where, json.dumps(value, default=str), why))
    return problems
