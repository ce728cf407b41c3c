"""The other elections of a joint calibration (``calibrate(also=...)``), read and checked."""

from __future__ import annotations

from collections.abc import Iterable

from votebank.calibrate.target import Target, load_target
from votebank.calibrate.validate_inputs import over_roll_problems
from votebank.errors import InputError, Problem
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario

SHAPE = "give (scenario, results, over_roll or None)"


def joint_elections(also: object) -> list[tuple[Scenario, Target, float | None]]:
    """Each ``(scenario, results, over_roll)`` of ``also``, loaded, or every problem named.

    A scenario or results given by name (as the main ones may be) failed in the first trial
    ('str' object has no attribute 'constituencies'), and a pair as an unpacking error.
    """
    if isinstance(also, str | bytes) or not isinstance(also, Iterable):
        raise InputError(
            [Problem("also", "", repr(also)[:80], f"give a list; each entry: {SHAPE}")]
        )
    found: list[Problem] = []
    elections = []
    for i, entry in enumerate(also, start=1):
        if not isinstance(entry, tuple | list) or len(entry) != 3:
            found.append(Problem("also", f"entry {i}", repr(entry)[:80], SHAPE))
            continue
        scenario, results, roll = entry
        rolls = [
            Problem("also", f"entry {i}, over_roll", p.value, p.message)
            for p in over_roll_problems(roll)
        ]
        try:
            scenario = entry_scenario(scenario, *rolls, shown=f"also entry {i}, scenario")
            elections.append((scenario, load_target(results), roll))
        except InputError as exc:
            found += exc.problems
    if found:
        raise InputError(found)
    return elections
