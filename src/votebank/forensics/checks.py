"""StationResults built in Python checked as the reader checks a file: counts that can exist.

:func:`~votebank.forensics.reader.read_station_results` refuses a file with a negative, NaN or
fractional count, no registered voter at a station, or more votes than ballots; a
:class:`StationResults` made directly (``StationResults(registered=..., ...)``) had no such
check, so :func:`~votebank.forensics.analyze.analyze` reported on turnouts that cannot exist or
failed deep inside the fit. Each problem names the field, the first bad station (its position
and label) and how many more there are.
"""

from __future__ import annotations

import math

import numpy as np

from votebank.counts import MAX_COUNT
from votebank.display import plural
from votebank.errors import (
    InputError,
    Problem,
    callback_problem,
    integer_problem,
    is_real_number,
)
from votebank.forensics.stations import StationResults

COUNTS = ("registered", "ballots", "valid", "leader_votes", "other_votes")


def require_counts(results: object, **arguments: object) -> None:
    """Raise :class:`InputError` unless ``results`` are StationResults whose counts can exist.

    ``arguments`` are checked too: ``bootstrap`` an integer from 0, ``level`` and ``alpha``
    numbers strictly between 0 and 1.
    """
    if problems := counts_and_argument_problems(results, **arguments):
        raise InputError(problems)


def counts_and_argument_problems(results: object, **arguments: object) -> list[Problem]:
    """The problems :func:`require_counts` raises, listed so a caller can add its own."""
    problems = results_problems(results)
    for name, value in arguments.items():
        if name == "bootstrap":
            problems.append(integer_problem(name, value, 0))
        elif not (is_real_number(value) and 0 < value < 1):  # NaN fails too
            problems.append(Problem(name, "", repr(value), "must be a number between 0 and 1"))
    return [p for p in problems if p]


def results_problems(results: object) -> list[Problem]:
    """What is wrong with ``results`` as the stations of one election (empty when nothing)."""
    if isinstance(results, StationResults):
        return count_problems(results)
    why = "give StationResults (votebank.forensics.reader.read_station_results or the store's)"
    return [Problem("results", "", repr(results)[:80], why)]


def count_problems(results: StationResults) -> list[Problem]:
    """Every reason these counts cannot be one election's polling-station results."""
    where = results.source or "StationResults"
    if results.n_stations == 0:
        return [Problem(where, "", "0 stations", "there are no stations to test")]
    out: list[Problem] = []
    arrays = {}
    for name in COUNTS:
        values = getattr(results, name)
        if values is None:
            continue
        arr = np.asarray(values)
        rank = 2 if name == "other_votes" else 1
        if arr.dtype.kind not in "iuf" or arr.ndim != rank:
            shape = ", a row per station" if rank == 2 else ""
            why = f"must be a {rank}-D array of whole numbers{shape}"
            out.append(Problem(where, name, f"{arr.dtype} array of shape {arr.shape}", why))
            continue
        flat = arr.reshape(len(arr), -1).astype(float)
        ok = np.isfinite(flat) & (flat == np.round(flat)) & (flat >= 0) & (flat <= MAX_COUNT)
        bad = ~ok.all(axis=1)
        out += _first(
            where,
            name,
            results,
            bad,
            arr,
            f"counts must be whole numbers from 0 to {MAX_COUNT:,.0f}",
        )
        arrays[name] = flat.sum(axis=1)
    if out:
        return out
    reg, bal, val = arrays["registered"], arrays["ballots"], arrays["valid"]
    lead = arrays["leader_votes"]
    parties = lead + arrays.get("other_votes", 0)
    rules = [
        ("registered", reg <= 0, reg, "registered voters must be more than 0"),
        ("valid", val > bal, val, "valid ballots exceed ballots cast"),
        ("leader_votes", lead > val, lead, "the leader's votes exceed the valid ballots"),
        ("other_votes", (parties > val) & (lead <= val), parties, "the parties' votes exceed "
         "the valid ballots"),
    ]  # fmt: skip
    for name, bad, values, why in rules:
        out += _first(where, name, results, bad, values, why)
    return out


def _first(
    where: str, name: str, results: StationResults, bad: np.ndarray, values: np.ndarray, why: str
) -> list[Problem]:
    """One problem for a field: its first bad station, and how many there are."""
    if not bad.any():
        return []
    at = np.flatnonzero(bad)
    i = int(at[0])
    more = f" ({plural(len(at) - 1, 'more station')})" if len(at) > 1 else ""
    label = np.asarray(results.ids)[i]
    value = values[i].tolist() if np.ndim(values[i]) else f"{float(values[i]):g}"
    return [Problem(where, f"{name}, station {i} (label {label})", str(value), why + more)]


def fit_problems(
    rng: object, theta: object, alphas: object, grids: dict[str, object], progress: object
) -> list[Problem]:
    """What is wrong with the model arguments of a Klimek fit (empty when nothing).

    Unchecked, an empty grid or a non-Generator failed deep in the fit, and a negative spread
    or a NaN exponent gave a fit of a model that cannot exist.
    """
    problems = [
        callback_problem("progress", progress),
        rng_problem(rng),
        number_problem("theta", theta, 0, np.inf, above=True),
    ]
    ranges = {"alphas": (0.0, np.inf, "positive numbers")}
    ranges.update(dict.fromkeys(grids, (0.0, 1.0, "numbers from 0 to 1")))
    for name, values in {"alphas": alphas, **grids}.items():
        low, high, what = ranges[name]
        listed = not isinstance(values, str | bytes) and hasattr(values, "__iter__")
        items = list(values) if listed else []
        fine = all(is_real_number(v) and low <= v <= high for v in items)
        if not (items and fine and (name != "alphas" or 0 not in items)):
            problems.append(Problem(name, "", repr(values)[:80], f"give a list of {what}"))
    return [p for p in problems if p]


def rng_problem(rng: object) -> Problem | None:
    """The problem with an ``rng`` argument (a NumPy Generator: its methods are called)."""
    if isinstance(rng, np.random.Generator):
        return None
    return Problem("rng", "", repr(rng)[:80], "give a numpy.random.Generator")


def number_problem(
    argument: str, value: object, low: float, high: float, *, above: bool = False
) -> Problem | None:
    """The problem with a finite real argument from ``low`` (or ``above`` it) to ``high``.

    NaN, infinity and booleans are refused whatever the bounds.
    """
    try:
        number = float(value) if is_real_number(value) else math.nan
    except OverflowError:  # an int too big for a float
        number = math.inf
    fine = math.isfinite(number) and number <= high
    if fine and (low < number if above else low <= number):
        return None
    span = f"above {low:g}" if above else f"from {low:g}"
    if np.isfinite(high):
        span += f" to {high:,.15g}" if not above else f" and at most {high:,.15g}"
    return Problem(argument, "", repr(value)[:80], f"must be a number {span}")
