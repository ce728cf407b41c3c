"""False alarms of every counted forensics test on clean elections, with Wilson intervals.

Run: ``PYTHONPATH=src python benchmarks/forensics_false_alarms.py [--elections 100]``.
Families (all clean: no stuffing, no fabricated protocols), analysed as an observer would:

* ``regional 400``: 400 stations in 4 regions whose mean turnout runs from 38% to 56% and the
  leader's mean share from 35% to 55% (region column given); the same elections as
  ``tests/forensics/test_false_alarms.py``.
* ``regional 5000``: the same kind of country with 5,000 stations.
* ``homogeneous 2000``: 2,000 stations, one fair cluster, several parties and invalid votes.

Target: each counted test flags at most 5% of clean elections. Writes RESULTS.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from peers import machine, write_section
from votebank.forensics.fingerprint import fit_klimek
from votebank.forensics.integers import integer_test
from votebank.forensics.shape import shape_stats, wilson_interval
from votebank.forensics.synthetic import klimek_synthetic, regional_synthetic

TESTS = ("klimek f_i", "klimek f_e", "integer percentages", "100% pile-up")
FAMILIES = {
    "regional 400": lambda rng: regional_synthetic(400, rng=rng),
    "regional 5000": lambda rng: regional_synthetic(5_000, rng=rng),
    "homogeneous 2000": lambda rng: klimek_synthetic(2_000, rng=rng),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elections", type=int, default=100)
    parser.add_argument("--bootstrap", type=int, default=20)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--skip-klimek", action="store_true", help="only the integer and pile-up tests (fast)"
    )
    args = parser.parse_args()
    lines = [
        "## forensics_false_alarms.py: clean elections flagged by each counted test",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_false_alarms.py --elections "
        f"{args.elections} --bootstrap {args.bootstrap}`. Clean elections (seeds [19, k] as "
        "in tests/forensics/test_false_alarms.py for 'regional 400'); regional families "
        "analysed with the region column. Flag of f_i / f_e: the lower bound of the 95% "
        "bootstrap interval is above 0. Intervals: 95% Wilson. Target: at most 5%.",
        "",
        "| clean elections | test | flagged | rate | 95% interval |",
        "|---|---|---:|---:|---|",
    ]
    for family in args.families.split(","):
        make = FAMILIES[family]
        flags = dict.fromkeys(TESTS, 0)
        anyflag = 0
        t0 = time.perf_counter()
        for k in range(args.elections):
            res, _ = make(np.random.default_rng([19, k]))
            fit = None
            if not args.skip_klimek:
                fit = fit_klimek(
                    res, rng=np.random.default_rng([19, k, 1]), bootstrap=args.bootstrap
                )
            shape = shape_stats(res, rng=np.random.default_rng([19, k, 2]), bootstrap=0)
            got = {
                "klimek f_i": fit is not None and fit.f_i_interval[0] > 0,
                "klimek f_e": fit is not None and fit.f_e_interval[0] > 0,
                "integer percentages": integer_test(res).flagged,
                "100% pile-up": shape.flagged,
            }
            for t, v in got.items():
                flags[t] += bool(v)
            anyflag += any(got.values())
        n = args.elections
        for t in (*TESTS, "any of the four"):
            if args.skip_klimek and t.startswith("klimek"):
                continue
            k = anyflag if t == "any of the four" else flags[t]
            lo, hi = wilson_interval(k, n)
            lines.append(
                f"| {family} | {t} | {k} of {n} | {k / n:.0%} | {100 * lo:.1f}%–{100 * hi:.1f}% |"
            )
        print(family, flags, "any", anyflag, f"{time.perf_counter() - t0:.0f} s", flush=True)
    print("\n".join(lines[6:]))
    if not args.no_write:
        write_section("forensics_false_alarms", "\n".join(lines))


if __name__ == "__main__":
    main()
