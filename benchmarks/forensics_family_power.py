"""What the family-wise decision costs in power, on weak fraud that one test carries.

Run: ``PYTHONPATH=src python benchmarks/forensics_family_power.py [--elections 50]``.
Homogeneous 2,000-station elections (``klimek_synthetic``) with one weak kind of fraud each,
analysed by ``votebank.forensics.analyze`` (100 bootstrap refits, the command's default).
For each kind: how often each counted test rejects on its own at 5% (raw) and after Holm's
adjustment over the four (the report's flag), and how often the election is flagged by "any
raw 5% test" (the old rule, which does not hold 5% on clean elections) against the report's
family-wise verdict. Writes RESULTS.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from peers import machine, write_section
from votebank.forensics.analyze import analyze
from votebank.forensics.family import any_flag
from votebank.forensics.regional import short_name
from votebank.forensics.shape import wilson_interval
from votebank.forensics.synthetic import klimek_synthetic

KINDS = {
    "clean": {},
    "1% of protocols written": {"fabricate": 0.01},
    "0.5% extreme stuffing": {"f_e": 0.005},
    "25% incremental stuffing": {"f_i": 0.25},
}
TESTS = ("f_e", "f_i", "integer %", "100%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elections", type=int, default=50)
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--stations", type=int, default=2_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    n = args.elections

    def cell(k: int) -> str:
        lo, hi = wilson_interval(k, n)
        return f"{k} ({100 * lo:.0f}–{100 * hi:.0f}%)"

    lines = [
        "## forensics_family_power.py: power of each counted test, raw and after Holm",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_family_power.py --elections {n} "
        f"--bootstrap {args.bootstrap} --stations {args.stations}`. Homogeneous elections "
        "(klimek_synthetic, seeds [23, kind, k]), analysed by `forensics.analyze`. Cells: "
        f"elections flagged of {n}, 95% Wilson interval. 'raw': the test's own p < 5%; "
        "'Holm': the report's flag.",
        "",
        "| fraud | "
        + " | ".join(f"{t} raw / Holm" for t in TESTS)
        + " | any raw | verdict (Holm) |",
        "|---|" + "---|" * (len(TESTS) + 2),
    ]
    for j, (kind, fraud) in enumerate(KINDS.items()):
        raw = dict.fromkeys(TESTS, 0)
        holm = dict.fromkeys(TESTS, 0)
        any_raw = verdict = 0
        t0 = time.process_time()
        for k in range(n):
            res, _ = klimek_synthetic(args.stations, rng=np.random.default_rng([23, j, k]), **fraud)
            report = analyze(res, seed=k, bootstrap=args.bootstrap)
            hits = [False]
            for f in report.flags:
                if f.counted:
                    t = short_name(f.test)
                    # A test that cannot reject is not run: no p-value, never a raw flag.
                    hit = f.p_value is not None and f.p_value < report.alpha
                    raw[t] += hit
                    holm[t] += f.flagged
                    hits.append(hit)
            any_raw += any(hits)
            verdict += any_flag(report.flags)
        cells = [f"{raw[t]} / {holm[t]}" for t in TESTS]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {cell(any_raw)} | {cell(verdict)} |")
        print(
            kind, raw, holm, any_raw, verdict, f"{time.process_time() - t0:.0f} CPU s", flush=True
        )
    print("\n".join(lines[6:]))
    if not args.no_write:
        write_section("forensics_family_power", "\n".join(lines))


if __name__ == "__main__":
    main()
