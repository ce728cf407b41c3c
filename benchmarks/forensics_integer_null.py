"""The integer-percentage test's null: observed fractions against fractions pulled to the mean.

Run: ``PYTHONPATH=src python benchmarks/forensics_integer_null.py [--elections 200]``.

Clean elections of 1,000 stations (``klimek_synthetic``: binomial counts around each station's
true turnout and leader share) whose true fractions differ from station to station by 0 to 9
points, and elections with 1% of protocols written to whole percents. Each is tested as
``votebank forensics`` does (the null's fractions pulled towards the mean by the share of
their spread that counting noise does not explain, ``null_fractions``) and with the paper's
null (each count redrawn from its observed fraction, ``shrink=False``), on the same files.
Target: clean elections flagged at most 5% at alpha 0.05; written protocols flagged as often.
Writes RESULTS.md.
"""

from __future__ import annotations

import argparse

import numpy as np

from peers import machine, write_section
from votebank.forensics.integers import integer_test
from votebank.forensics.shape import wilson_interval
from votebank.forensics.synthetic import klimek_synthetic

STATIONS = 1_000
# (label, turnout mean, share mean, sd of both in points, protocols written)
ROWS = (
    ("clean, 60% / 50%, no spread", 0.60, 0.50, 0, 0.0),
    ("clean, 70% / 40%, no spread", 0.70, 0.40, 0, 0.0),
    ("clean, 63% / 47%, no spread", 0.63, 0.47, 0, 0.0),
    ("clean, 60% / 50%, sd 1 point", 0.60, 0.50, 1, 0.0),
    ("clean, 60% / 50%, sd 3 points", 0.60, 0.50, 3, 0.0),
    ("clean, 45% / 45%, sd 9-10 points (the default)", 0.45, 0.45, None, 0.0),
    ("1% written, 60% / 50%, no spread", 0.60, 0.50, 0, 0.01),
    ("1% written, the default", 0.45, 0.45, None, 0.01),
)


def _cell(flags: int, n: int) -> str:
    lo, hi = wilson_interval(flags, n)
    return f"{flags} of {n} ({flags / n:.1%}; {100 * lo:.1f}–{100 * hi:.1f}%)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elections", type=int, default=200)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    n = args.elections
    lines = [
        "## forensics_integer_null.py: the integer test's null, pulled fractions vs observed",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_integer_null.py --elections {n}`. "
        f"{n} elections of {STATIONS:,} stations per row (seeds [41, k]; `klimek_synthetic`), "
        "each tested at alpha 0.05 with the null votebank uses (fractions pulled to the mean) "
        "and with the paper's (observed fractions), on the same files. Intervals: 95% Wilson.",
        "",
        "| election | flagged, votebank's null | flagged, the paper's null |",
        "|---|---|---|",
    ]
    for label, turnout, share, sd, written in ROWS:
        spread = {} if sd is None else {"turnout_sd": sd / 100, "share_sd": sd / 100}
        flags = {True: 0, False: 0}
        for k in range(n):
            res, _ = klimek_synthetic(
                STATIONS,
                rng=np.random.default_rng([41, k]),
                turnout_mean=turnout,
                share_mean=share,
                fabricate=written,
                **spread,
            )
            for shrink in flags:
                flags[shrink] += integer_test(res, shrink=shrink).p_value < 0.05
        lines.append(f"| {label} | {_cell(flags[True], n)} | {_cell(flags[False], n)} |")
        print(lines[-1], flush=True)
    if not args.no_write:
        write_section("forensics_integer_null", "\n".join(lines))


if __name__ == "__main__":
    main()
