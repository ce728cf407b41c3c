"""The integer-percentage test on clean elections of small stations: with and without the rule.

Run: ``PYTHONPATH=src python benchmarks/forensics_integer_small.py [--elections 300]``.

Clean elections of 2,000 stations (``klimek_synthetic``: binomial counts, electorates gamma
distributed around the mean, at least 20 voters), tested as ``votebank forensics`` does, and
again with every station kept (``min_denominator=1``, the paper's null on every station). The
null redraws each count from its observed fraction; where denominators are small that redraw
is more spread than the counts, and clean elections come out "rounded". Target: at most 5%
flagged at alpha 0.05 with the rule. Writes RESULTS.md.
"""

from __future__ import annotations

import argparse

import numpy as np

from peers import machine, write_section
from votebank.forensics.integers import MIN_DENOMINATOR, integer_test
from votebank.forensics.shape import wilson_interval
from votebank.forensics.synthetic import klimek_synthetic

MEAN_SIZES = (60, 120, 250, 1260)
STATIONS = 2_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elections", type=int, default=300)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    n = args.elections
    lines = [
        "## forensics_integer_small.py: the integer test on clean elections of small stations",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_integer_small.py --elections {n}`. "
        f"{n} clean elections of {STATIONS:,} stations per row (seeds [29, k]; "
        "`klimek_synthetic`, electorates gamma-distributed around the mean, at least 20), each "
        f"tested at alpha 0.05 with every station kept and with the rule (turnouts of fewer "
        f"than {MIN_DENOMINATOR} registered and shares of fewer than {MIN_DENOMINATOR} valid "
        "votes left out). Intervals: 95% Wilson. Target: at most 5%.",
        "",
        "| mean registered | turnouts tested (mean) | every station kept | with the rule |",
        "|---:|---:|---|---|",
    ]
    for size in MEAN_SIZES:
        flags = {1: 0, MIN_DENOMINATOR: 0}
        tested = []
        for k in range(n):
            res, _ = klimek_synthetic(
                STATIONS, rng=np.random.default_rng([29, k]), registered_mean=size
            )
            for m in flags:
                test = integer_test(res, min_denominator=m)
                flags[m] += test.p_value < 0.05
                if m == MIN_DENOMINATOR:
                    tested.append(test.n_turnout)
        cells = []
        for m in (1, MIN_DENOMINATOR):
            lo, hi = wilson_interval(flags[m], n)
            cells.append(f"{flags[m]} of {n} ({flags[m] / n:.1%}; {100 * lo:.1f}–{100 * hi:.1f}%)")
        lines.append(f"| {size:,} | {np.mean(tested):,.0f} | {cells[0]} | {cells[1]} |")
        print(lines[-1], flush=True)
    if not args.no_write:
        write_section("forensics_integer_small", "\n".join(lines))


if __name__ == "__main__":
    main()
