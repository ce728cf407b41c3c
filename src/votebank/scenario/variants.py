"""Scenario variants: the same scenario with some fields set to other values.

Used by ``[[scenario.counterfactuals]]`` (and anything else that needs a what-if): a dotted
path names a field of the TOML file (``mechanisms.canvass.campaigns.0.cars``), list items by
their position.
"""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from votebank.errors import Problem
from votebank.scenario.schema import Counterfactual, ScenarioSpec

if TYPE_CHECKING:
    from votebank.scenario.load import Scenario


def set_path(data: dict, path: str, value: Any) -> None:
    """Set ``data[a][b][0][c] = value`` for the path ``a.b.0.c``; the parents must exist.

    Raises:
        KeyError: If a part of the path does not exist (with the part in the message).
    """
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = _child(node, part, path)
    if isinstance(node, list):
        _child(node, last, path)
        node[int(last)] = value
    elif isinstance(node, dict):
        if last not in node:
            raise KeyError(f"{path}: no field {last!r} here; fields: {sorted(node)}")
        node[last] = value
    else:
        raise KeyError(f"{path}: {'.'.join(parents)} has no fields")


def _child(node: Any, part: str, path: str) -> Any:
    if isinstance(node, list):
        if not part.isdigit() or int(part) >= len(node):
            raise KeyError(f"{path}: {part!r} is not a position in a list of {len(node)}")
        return node[int(part)]
    if isinstance(node, dict) and part in node:
        return node[part]
    fields = sorted(node) if isinstance(node, dict) else []
    raise KeyError(f"{path}: no field {part!r} here; fields: {fields}")


def variant_spec(spec: ScenarioSpec, counterfactual: Counterfactual) -> ScenarioSpec:
    """The spec with the counterfactual's fields set (and no counterfactuals of its own).

    Raises:
        KeyError: A path does not exist.
        ValidationError: A value is not valid there.
    """
    data = copy.deepcopy(spec.model_dump())
    data["scenario"]["counterfactuals"] = []
    data["scenario"]["name"] = f"{spec.scenario.name}:{counterfactual.name}"
    for path, value in counterfactual.set.items():
        set_path(data, path, value)
    return ScenarioSpec.model_validate(data)


def variant(scenario: Scenario, counterfactual: Counterfactual) -> Scenario:
    """The scenario with the counterfactual applied (same tables)."""
    return scenario.with_spec(variant_spec(scenario.spec, counterfactual))


def counterfactual_problems(spec: ScenarioSpec, shown: str) -> list[Problem]:
    """Every counterfactual whose paths or values would not make a valid scenario."""
    problems = []
    for i, cf in enumerate(spec.scenario.counterfactuals):
        where = f"scenario.counterfactuals.{i}"
        for path, value in cf.set.items():
            try:
                variant_spec(spec, Counterfactual(name=cf.name, set={path: value}))
            except KeyError as exc:
                problems.append(
                    Problem(
                        shown,
                        f"{where}.set.{path}",
                        json.dumps(value, default=str),
                        str(exc.args[0]),
                    )
                )
            except ValidationError as exc:
                for err in exc.errors():
                    problems.append(
                        Problem(
                            shown,
                            f"{where}.set.{path}",
                            json.dumps(value, default=str),
                            err.get("msg", "invalid value"),
                        )
                    )
    return problems
