"""False alarms of every counted forensics test on clean elections, with Wilson intervals.

Run: ``PYTHONPATH=src python benchmarks/forensics_false_alarms.py [--elections 100]``.
Families (all clean: no stuffing, no fabricated protocols), analysed as an observer would:

* ``regional 400``: 400 stations in 4 regions whose mean turnout runs from 38% to 56% and the
  leader's mean share from 35% to 55% (region column given); the same elections as
  ``tests/forensics/test_false_alarms.py``.
* ``regional 5000``: the same kind of country with 5,000 stations.
* ``homogeneous 2000``: 2,000 stations, one fair cluster, several parties and invalid votes.

Any other size is named the same way, ``--families "regional 100,homogeneous 100"``
(small countries: ``--small`` runs 50, 100 and 200 stations of both kinds, without writing).

Each election goes through ``votebank.forensics.analyze`` (national analysis, regions
standardised), the same code as ``votebank forensics``. Rows: each counted test's own (raw) 5%
decision, and "any counted test (Holm, family-wise 5%)": the report's election-level decision,
whose target is at most 5% of clean elections. Writes RESULTS.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from peers import machine, write_section
from votebank.forensics.analyze import analyze
from votebank.forensics.family import any_flag
from votebank.forensics.integers import integer_test
from votebank.forensics.regional import short_name
from votebank.forensics.shape import wilson_interval
from votebank.forensics.stations import in_canonical_order
from votebank.forensics.synthetic import klimek_synthetic, regional_synthetic

TESTS = ("f_i", "f_e", "integer %", "100%")
LABELS = {
    "f_i": "klimek f_i (raw 5%)",
    "f_e": "klimek f_e (raw 5%)",
    "integer %": "integer percentages (raw 5%)",
    "100%": "100% pile-up (raw 5%)",
}
ANY = "any counted test (Holm, family-wise 5%)"
RAW_ANY = "any of the four raw 5% tests (no adjustment)"
FAMILIES = ("regional 400", "regional 5000", "homogeneous 2000")
SMALL = tuple(f"{kind} {n}" for n in (50, 100, 200) for kind in ("regional", "homogeneous"))
KINDS = {"regional": regional_synthetic, "homogeneous": klimek_synthetic}


def make(family: str):
    """The clean election maker a family's name says: ``"<regional|homogeneous> <stations>"``."""
    kind, n = family.split()
    return lambda rng: KINDS[kind](int(n), rng=rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elections", type=int, default=100)
    parser.add_argument("--bootstrap", type=int, default=20)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--small", action="store_true", help="Families of 50, 100 and 200 stations; no write."
    )
    parser.add_argument(
        "--seed", type=int, default=19, help="Elections' seeds are [seed, k] (default 19)."
    )
    parser.add_argument(
        "--integer-only",
        action="store_true",
        help="Only the integer test's raw count per family (seconds, not minutes); no write.",
    )
    args = parser.parse_args()
    if args.small:
        args.families, args.no_write = ",".join(SMALL), True
    if args.integer_only:
        for family in args.families.split(","):
            elections = [
                make(family)(np.random.default_rng([args.seed, k]))[0]
                for k in range(args.elections)
            ]
            k = sum(integer_test(in_canonical_order(r)).p_value < 0.05 for r in elections)
            print(f"{family}: integer percentages (raw 5%) {k} of {args.elections}")
        return
    lines = [
        "## forensics_false_alarms.py: clean elections flagged, per test and family-wise",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_false_alarms.py --elections "
        f"{args.elections} --bootstrap {args.bootstrap}"
        f"{'' if args.seed == 19 else f' --seed {args.seed}'}`. Clean elections (seeds "
        f"[{args.seed}, k]; [19, k] as "
        "in tests/forensics/test_false_alarms.py for 'regional 400'), each analysed by "
        "`forensics.analyze` (seed k, national analysis; regional families standardised "
        "with the region column). Raw rows: a test's own p-value below 5% (f_i / f_e: one-sided "
        "bootstrap p-value, at 20 refits the same decision as the 95% interval's lower bound "
        "above 0). The Holm row is the report's verdict: at least one counted test flagged "
        "after Holm's adjustment over those that can reject. Intervals: 95% Wilson. Target: "
        "Holm row at most 5%.",
        "",
        "| clean elections | test | flagged | rate | 95% interval |",
        "|---|---|---:|---:|---|",
    ]
    for family in args.families.split(","):
        maker = make(family)
        counts = dict.fromkeys((*TESTS, RAW_ANY, ANY), 0)
        t0 = time.process_time()
        for k in range(args.elections):
            res, _ = maker(np.random.default_rng([args.seed, k]))
            report = analyze(res, seed=k, bootstrap=args.bootstrap, per_region=False)
            raw = {
                short_name(f.test): f.p_value is not None and f.p_value < report.alpha
                for f in report.flags
                if f.counted
            }
            for t in TESTS:
                counts[t] += raw[t]
            counts[RAW_ANY] += any(raw.values())
            counts[ANY] += any_flag(report.flags)
        n = args.elections
        for t, k in counts.items():
            lo, hi = wilson_interval(k, n)
            lines.append(
                f"| {family} | {LABELS.get(t, t)} | {k} of {n} | {k / n:.1%} | "
                f"{100 * lo:.1f}%–{100 * hi:.1f}% |"
            )
        print(family, counts, f"{time.process_time() - t0:.0f} CPU s", flush=True)
    print("\n".join(lines[6:]))
    if not args.no_write:
        write_section("forensics_false_alarms", "\n".join(lines))


if __name__ == "__main__":
    main()
