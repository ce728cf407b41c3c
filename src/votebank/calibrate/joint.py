"""The elections of a calibration, checked before a trial: the others of a joint fit read.

:func:`joint_elections` reads ``calibrate(also=...)``; :func:`refuse_what_cannot_fit` refuses
an election with nothing to fit, or runs past the machine's memory, before ``out`` is begun.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from votebank.calibrate.align import Aligned
from votebank.calibrate.objective import memory_problem
from votebank.calibrate.target import Target, load_target
from votebank.calibrate.validate_inputs import over_roll_problems
from votebank.core.contests import Contests
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


def refuse_what_cannot_fit(
    elections: Sequence[tuple[Scenario, object]],
    aligned: Sequence[Aligned],
    contests: Sequence[Contests],
    runs: int,
) -> None:
    """Raise an InputError for an election with no seat to fit, or runs past the memory.

    The memory was found short in the first trial, after the trials file was begun in ``out``:
    a refused calibration left a folder holding only that file.
    """
    for (sc, objective), a, c in zip(elections, aligned, contests, strict=True):
        if not a.seats.any():  # no seat in common, or none whose real winner stands in sc
            why = f"no seat of {sc.name} whose real winner is one of its candidates: nothing to fit"
            raise InputError([Problem(objective.target.name, "constituency_id", "", why)])
        if problem := memory_problem(c, runs):
            raise InputError([problem])
