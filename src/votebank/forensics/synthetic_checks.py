"""The arguments of the synthetic elections, checked before anything is drawn.

Unchecked, a bad size failed inside NumPy (ValueError, MemoryError), an ``rng`` that is no
Generator with an AttributeError, and a turnout above 1, a negative spread or an infinite
``theta`` drew an election that cannot exist.
"""

from __future__ import annotations

import numpy as np

from votebank.errors import Problem, integer_problem, is_real_number
from votebank.forensics.checks import number_problem, rng_problem

# Peak memory is about 240 bytes a station (measured at 10**6 stations), so 10 million take
# about 2.4 GB: ten times the largest real election (India, about a million stations).
MAX_STATIONS = 10_000_000
# Far above any polling station (a few thousand voters); every count stays exact in int64.
MAX_REGISTERED_MEAN = 1_000_000

_INF = np.inf
# (low, high, above): the range of each number of klimek_synthetic.
RANGES = {
    "registered_mean": (0, MAX_REGISTERED_MEAN, True),
    "turnout_mean": (0, 1, False),
    "turnout_sd": (0, _INF, False),
    "share_mean": (0, 1, False),
    "share_sd": (0, _INF, False),
    "f_i": (0, 1, False),
    "f_e": (0, 1, False),
    "theta": (0, _INF, True),
    "alpha": (0, _INF, True),  # alpha 0 moves every opposition vote, clean stations' too
    "fabricate": (0, 1, False),
}
# Set by regional_synthetic from its ranges, so not to be passed on to klimek_synthetic.
REGIONAL = ("turnout_mean", "share_mean")


def synthetic_problems(
    n_stations: object, rng: object, numbers: dict[str, object]
) -> list[Problem]:
    """Every problem of :func:`klimek_synthetic`'s arguments (``numbers``: those given)."""
    problems = [integer_problem("n_stations", n_stations, 0, MAX_STATIONS), rng_problem(rng)]
    for name, value in numbers.items():
        problems.append(number_problem(name, value, *RANGES[name][:2], above=RANGES[name][2]))
    problems = [p for p in problems if p]
    f_i, f_e = numbers.get("f_i", 0.0), numbers.get("f_e", 0.0)
    # Their sum only once each is a share (already checked above).
    if not {p.file for p in problems} & {"f_i", "f_e"} and f_i + f_e > 1:
        shown = f"{f_i!r} + {f_e!r}"
        problems.append(
            Problem("f_i + f_e", "", shown, "must add up to at most 1 (shares of stations)")
        )
    return problems


def regional_problems(
    n_stations: object, rng: object, regions: object, ranges: dict[str, object], kw: dict
) -> list[Problem]:
    """Every problem of :func:`regional_synthetic`'s arguments, those passed on included."""
    given = {k: v for k, v in kw.items() if k in RANGES and k not in REGIONAL}
    problems = synthetic_problems(n_stations, rng, given)
    for name in sorted(kw.keys() - given.keys()):
        why = "is set by turnout_range or share_range" if name in REGIONAL else "no such argument"
        problems.append(Problem(name, "", repr(kw[name])[:80], why))
    # Not more regions than stations: the rest would be empty.
    most = n_stations if is_real_number(n_stations) and n_stations >= 1 else MAX_STATIONS
    problems.append(integer_problem("regions", regions, 1, min(int(most), MAX_STATIONS)))
    for name, pair in ranges.items():
        listed = isinstance(pair, tuple | list) and len(pair) == 2
        if not (listed and not any(number_problem(name, v, 0, 1) for v in pair)):
            problems.append(Problem(name, "", repr(pair)[:80], "give two numbers from 0 to 1"))
    return [p for p in problems if p]
