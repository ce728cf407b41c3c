"""CPU seconds of the per-region Klimek fit (`votebank forensics --region`), per region.

Run: ``PYTHONPATH=src python benchmarks/forensics_regions.py [--regions 40 --stations 250]``.
With regions, `votebank forensics` fits the Klimek model once on all stations (standardised
within region) and once per region; with 200-300 constituencies the per-region fits are most
of the run. Each family is an election of ``--regions`` regions of ``--stations`` stations
(``forensics.synthetic.regional_synthetic``): ``clean``, and ``stuffed`` (f_i 0.1, f_e 0.02
everywhere). Every region is fitted as ``analyze`` fits it (``fit_klimek`` on the region's
stations, ``--bootstrap`` refits), timed with ``time.process_time``; the national fit of the
same election is timed in the same process as the reference (``region / national``: how many
national fits one region costs, steadier under load than seconds).

Each run is a fresh process. ``--baseline-src DIR`` runs the same children, alternating,
with another checkout's ``src`` (e.g. a copy of the code before a change), so a change is
measured under the same load; the children also print a digest of every fit (all numbers
of each ``KlimekFit``), and the table says whether the two codes' fits are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from peers import machine, write_section

CHILD = r"""
import hashlib, json, pickle, sys, time
import numpy as np
from votebank.forensics.fingerprint import fit_klimek
from votebank.forensics.stations import in_canonical_order
from votebank.forensics.regional import subset
from votebank.forensics.synthetic import regional_synthetic

family, regions, stations, bootstrap, seed = sys.argv[1], *map(int, sys.argv[2:6])
fraud = {"clean": {}, "stuffed": {"f_i": 0.1, "f_e": 0.02}}[family]
res, _ = regional_synthetic(regions * stations, rng=np.random.default_rng(2012), regions=regions,
                            **fraud)
res = in_canonical_order(res)
labels = np.asarray(res.regions)
digest = hashlib.sha256()
t = time.process_time()
national = fit_klimek(res, rng=np.random.default_rng([seed, 0]), bootstrap=bootstrap)
national_cpu = time.process_time() - t
digest.update(pickle.dumps(national))
cpu = []
for k, name in enumerate(sorted(set(labels.tolist()))):
    sub = subset(res, labels == name)
    t = time.process_time()
    fit = fit_klimek(sub, rng=np.random.default_rng([seed, k + 1]), bootstrap=bootstrap)
    cpu.append(time.process_time() - t)
    digest.update(pickle.dumps(fit))
print(json.dumps({"regions": cpu, "national": national_cpu, "digest": digest.hexdigest()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", default="clean,stuffed")
    parser.add_argument("--regions", type=int, default=40)
    parser.add_argument("--stations", type=int, default=250, help="stations per region")
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--baseline-src", default=None, help="src of the code to compare with")
    args = parser.parse_args()
    codes = {"this branch": str(Path(__file__).resolve().parents[1] / "src")}
    if args.baseline_src:
        codes["baseline"] = str(Path(args.baseline_src).resolve())
    rows = []
    for family in args.families.split(","):
        runs: dict[str, list[dict]] = {k: [] for k in codes}
        for rep in range(args.repeats):
            for code, src in codes.items():  # alternate: both see the same load
                env = {**os.environ, "PYTHONPATH": src}
                argv = [family, args.regions, args.stations, args.bootstrap, rep]
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, *map(str, argv)],
                    capture_output=True, text=True, check=True, env=env,
                )  # fmt: skip
                run = json.loads(out.stdout.strip().splitlines()[-1])
                runs[code].append(run)
                print(family, code, f"median {statistics.median(run['regions']):.3f}",
                      f"national {run['national']:.2f}", flush=True)  # fmt: skip
        digests = {code: [r["digest"] for r in rs] for code, rs in runs.items()}
        for code, rs in runs.items():
            region = statistics.median(x for r in rs for x in r["regions"])
            national = statistics.median(r["national"] for r in rs)
            total = statistics.median(sum(r["regions"]) for r in rs)
            if len(codes) == 1 or code == "this branch":
                same = ""
            else:
                same = "yes" if digests[code] == digests["this branch"] else "**no**"
            rows.append((family, code, region, total, national, same))
    lines = [
        "## forensics_regions.py: the per-region Klimek fit, CPU seconds per region",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_regions.py --regions "
        f"{args.regions} --stations {args.stations} --bootstrap {args.bootstrap} --repeats "
        f"{args.repeats}"
        + (f" --baseline-src {args.baseline_src}` (run alternately)" if args.baseline_src else "`")
        + f". {args.regions} regions of {args.stations} stations (regional_synthetic; clean, "
        "or f_i 0.1 and f_e 0.02 in every region); each region fitted as `analyze` fits it "
        "(`fit_klimek`, its own stations), the national fit (all stations, standardised "
        "within region) in the same process. CPU s: `time.process_time`; per region: the "
        "median over every region of every run; regions total and national: medians over "
        "runs. Same fits: every number of every fit (national and per region, all runs) "
        "equal to this branch's.",
        "",
        "| family | code | median CPU s per region | regions total CPU s | national fit CPU s "
        "| region / national | same fits |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for family, code, region, total, national, same in rows:
        lines.append(
            f"| {family} | {code} | {region:.3f} | {total:.1f} | {national:.2f} | "
            f"{region / national:.2f} | {same} |"
        )
    print("\n".join(lines[6:]))
    if not args.no_write:
        write_section("forensics_regions", "\n".join(lines))


if __name__ == "__main__":
    main()
