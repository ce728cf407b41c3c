"""The house a scenario elects, against the majority and actual seats it names."""

from __future__ import annotations

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.schema import ScenarioSpec


def house_size(spec: ScenarioSpec, constituencies: pd.DataFrame) -> int:
    """The most seats a run can fill: one per constituency, and the reserved seats if on."""
    reserved = spec.mechanisms.reserved_seats
    extra = sum(reserved.women_seats.values()) + reserved.non_muslim_seats
    return len(constituencies) + (extra if reserved.enabled else 0)


def house_problems(spec: ScenarioSpec, constituencies: pd.DataFrame, shown: str) -> list[Problem]:
    """A majority or actual seats beyond the house: what ``votebank validate`` warns of.

    A majority no party can reach gives P(majority) 0 for every party. Not refused: a scenario
    cut to some seats (a calibration's subset, written out) keeps the country's majority and
    actual seats.
    """
    house = house_size(spec, constituencies)
    problems = []
    majority = spec.scenario.majority
    if majority is not None and majority > house:
        why = f"more than the {house:,} seats of the house: no party could reach it"
        problems.append(Problem(shown, "scenario.majority", str(majority), why))
    actual = sum(spec.scenario.actual_seats.values())
    if actual > house:
        why = f"the actual seats add up to {actual:,}, more than the {house:,} seats of the house"
        problems.append(Problem(shown, "scenario.actual_seats", str(actual), why))
    return problems
