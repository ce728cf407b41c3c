"""The arguments of :func:`~votebank.calibrate.fit.calibrate` and of its result's methods.

Every one is checked before a trial runs or a file is written: ``accepted("0.1")`` failed
with "unsupported operand type(s) for +: 'float' and 'str'", ``accepted(-1)`` gave no trial
without a word, and ``write`` to a file's path raised FileExistsError with a traceback.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from votebank.calibrate.objective import DEFAULT_WEIGHTS, PARTS
from votebank.calibrate.params import Param
from votebank.calibrate.validate_inputs import over_roll_problems
from votebank.errors import InputError, Problem, integer_problem, is_real_number
from votebank.outputs import check_outputs
from votebank.results.store import MAX_RUNS

MAX_TRIALS = 100_000
MAX_SEED = 2**32 - 1  # the sampler's and numpy's range


def argument_problems(params, trials, runs, seed, weights, start, over_roll) -> list[Problem]:
    """Every problem of :func:`calibrate`'s arguments (the scenario's are its loader's)."""
    problems = [
        integer_problem("trials", trials, 1, MAX_TRIALS),
        integer_problem("runs_per_trial", runs, 1, MAX_RUNS),
        integer_problem("seed", seed, 0, MAX_SEED),
    ]
    if isinstance(params, str | Param) or not isinstance(params, Iterable):
        problems.append(Problem("params", "", repr(params)[:80], "give a list of parameters"))
    elif isinstance(params, Mapping):  # its keys were taken, its ranges left out in silence
        why = "a dict's values would be left out: give a list of 'PATH=LOW:HIGH' (or Param)"
        problems.append(Problem("params", "", repr(params)[:80], why))
    for name, values in (("weights", weights or {}), ("start", start or {})):
        if not isinstance(values, Mapping):
            problems.append(Problem(name, "", repr(values)[:80], "give a mapping of name to value"))
            continue
        for key, value in values.items():
            if not finite_number(value) or (name == "weights" and value < 0):
                why = "must be a finite number" + (" of 0 or more" if name == "weights" else "")
                problems.append(Problem(name, str(key), repr(value), why))
            elif name == "weights" and key not in PARTS:
                problems.append(Problem(name, str(key), str(key), f"no such part; parts: {PARTS}"))
    if share_problems := over_roll_problems(over_roll):
        problems += share_problems
    elif over_roll is not None and "over_roll" not in (weights or DEFAULT_WEIGHTS):
        why = "no part of this loss scores it: use the distributional loss (--loss distributional)"
        problems.append(Problem("over_roll", "", repr(over_roll), why))
    return [p for p in problems if p]


def finite_number(value: object) -> bool:
    """Whether ``value`` is a real number, not NaN or infinite (a bool is no number)."""
    return is_real_number(value) and math.isfinite(value)


def refuse_bad_noise(noise: object) -> None:
    """Raise :class:`InputError` unless ``noise`` (a loss's sd) is a finite number from 0."""
    if not finite_number(noise) or noise < 0:  # type: ignore[operator]
        why = "must be a finite number of 0 or more (the loss's noise sd)"
        raise InputError([Problem("noise", "", repr(noise)[:80], why)])


def refuse_bad_out(out: object) -> Path:
    """``out`` as a folder's path, or :class:`InputError` where it is none or a file is."""
    if not isinstance(out, str | os.PathLike):
        raise InputError([Problem("out", "", repr(out)[:80], "give a folder's path")])
    folder = Path(out).expanduser()
    check_outputs(folders={"out": folder})
    return folder
