"""The arguments of :mod:`votebank.forensics.stored`'s readers, checked before a run is read."""

from __future__ import annotations

from collections.abc import Iterable

from votebank.errors import Problem, flag_problem, integer_problem
from votebank.results.store import MAX_RUNS


def run_problems(ensemble_id: object, run_index: object) -> list[Problem]:
    """What is wrong with the ensemble id and run index of a stored run asked for."""
    problems = [integer_problem("run_index", run_index, 0, MAX_RUNS - 1)]
    if ensemble_id is not None and not isinstance(ensemble_id, str):
        problems.append(Problem("ensemble_id", "", repr(ensemble_id), "give an id as text"))
    return [p for p in problems if p]


def option_problems(regions: object, exclude: object = None) -> list[Problem]:
    """What is wrong with the ``regions`` flag and the parties to ``exclude``."""
    problems = [flag_problem("regions", regions)]
    if isinstance(exclude, str) or not isinstance(exclude, Iterable | None):
        # A string is iterable: "IND" excluded the parties "I", "N" and "D", in silence.
        why = "give a list of party ids, e.g. ['IND']"
        problems.append(Problem("exclude", "", repr(exclude)[:80], why))
    return [p for p in problems if p]
