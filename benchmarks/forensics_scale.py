"""Time and memory of `votebank forensics` (read + analyze + write) by number of stations.

Run: ``PYTHONPATH=src python benchmarks/forensics_scale.py [--sizes 100000,1000000]``.
Targets (2 cores): 100,000 stations with the default bootstrap (100) in at most 10 s;
1,000,000 stations in at most 60 s and 4 GB. Each size runs in a fresh process (peak RSS is
per run); medians of ``--repeats`` runs go to RESULTS.md.

The machine is shared, so wall seconds move with other people's load. Each run therefore also
reports its CPU seconds (user + system of the process) and times a fixed reference workload
(sorting 4 million floats, three times) in the same process just before the work: the ratio
of the two is steadier than either. ``--baseline-src DIR`` runs the same children, alternating,
with another checkout's ``src`` (e.g. ``/work/main/src``), so a change is measured against the
code before it under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from peers import machine, write_section

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import numpy as np, pandas as pd


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


ref = np.random.default_rng(0).random(4_000_000)
r0 = time.perf_counter()
for _ in range(3):
    np.sort(ref)
reference = time.perf_counter() - r0
del ref
from votebank.forensics import analyze, read_station_results, write_outputs
from votebank.forensics.synthetic import klimek_synthetic

n, bootstrap, folder, seed = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
csv = folder / f"stations_{n}.csv"
if not csv.exists():
    res, _ = klimek_synthetic(n, rng=np.random.default_rng(2012), f_i=0.1, f_e=0.02,
                              fabricate=0.01)
    pd.DataFrame({"station": res.ids, "registered": res.registered, "ballots": res.ballots,
                  "valid": res.valid, "leader": res.leader_votes,
                  **{k: res.other_votes[:, i] for i, k in enumerate(res.other_names)}}
                 ).to_csv(csv, index=False)
t0, c0 = time.perf_counter(), cpu()
res = read_station_results(csv, registered="registered", ballots="ballots", valid="valid",
                           leader="auto", others="leader,party_2,party_3,party_4",
                           id_column="station")
t1 = time.perf_counter()
report = analyze(res, seed=seed, bootstrap=bootstrap)
t2 = time.perf_counter()
write_outputs(report, res, folder / f"out_{n}_{seed}")
t3, c3 = time.perf_counter(), cpu()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"read": t1 - t0, "analyze": t2 - t1, "write": t3 - t2, "total": t3 - t0,
                  "cpu": c3 - c0, "reference": reference, "ratio": (t3 - t0) / reference,
                  "peak_mb": peak, "f_i": report.klimek.f_i, "f_e": report.klimek.f_e}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--baseline-src", default=None, help="src of the code to compare with")
    args = parser.parse_args()
    codes = {"this branch": str(Path(__file__).resolve().parents[1] / "src")}
    if args.baseline_src:
        codes["baseline"] = str(Path(args.baseline_src).resolve())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            runs: dict[str, list[dict]] = {k: [] for k in codes}
            for rep in range(args.repeats):
                for code, src in codes.items():  # alternate: both see the same load
                    env = {**os.environ, "PYTHONPATH": src}
                    out = subprocess.run(
                        [sys.executable, "-c", CHILD, str(n), str(args.bootstrap), tmp, str(rep)],
                        capture_output=True, text=True, check=True, env=env,
                    )  # fmt: skip
                    runs[code].append(json.loads(out.stdout.strip().splitlines()[-1]))
                    print(n, code, runs[code][-1], flush=True)
            for code, rs in runs.items():
                med = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
                rows.append((n, code, med))
    lines = [
        "## forensics_scale.py: read + analyze + write, by number of stations",
        "",
        machine(("numpy", "scipy", "pandas")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_scale.py --sizes {args.sizes} "
        f"--bootstrap {args.bootstrap} --repeats {args.repeats}`. Synthetic CSV (f_i 0.1, f_e "
        "0.02, 1% fabricated protocols; 8 columns). Medians of the runs; peak RSS of the whole "
        "process. Targets: 100,000 stations <= 10 s; 1,000,000 <= 60 s and 4,096 MB. CPU s: "
        "user + system seconds of the process for read + analyze + write. Reference: wall "
        "seconds of a fixed workload (three sorts of 4 million floats) in the same process; "
        "total / reference is steadier under load than either."
        + (f" Baseline: `{args.baseline_src}`, run alternately." if args.baseline_src else ""),
        "",
        "| stations | code | read s | analyze s | write s | total s | CPU s | reference s "
        "| total / reference | peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, code, m in rows:
        lines.append(
            f"| {n:,} | {code} | {m['read']:.2f} | {m['analyze']:.2f} | {m['write']:.2f} | "
            f"{m['total']:.2f} | {m['cpu']:.2f} | {m['reference']:.2f} | {m['ratio']:.1f} | "
            f"{m['peak_mb']:.0f} |"
        )
    print("\n".join(lines[6:]))
    if not args.no_write:
        write_section("forensics_scale", "\n".join(lines))


if __name__ == "__main__":
    main()
