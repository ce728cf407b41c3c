"""Time and memory of `votebank forensics` (read + analyze + write) by number of stations.

Run: ``PYTHONPATH=src python benchmarks/forensics_scale.py [--sizes 100000,1000000]``.
Targets (2 cores): 100,000 stations with the default bootstrap (100) in at most 10 s;
1,000,000 stations in at most 60 s and 4 GB. Each size runs in a fresh process (peak RSS is
per run); medians of ``--repeats`` runs go to RESULTS.md.
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
t0 = time.perf_counter()
res = read_station_results(csv, registered="registered", ballots="ballots", valid="valid",
                           leader="auto", others="leader,party_2,party_3,party_4",
                           id_column="station")
t1 = time.perf_counter()
report = analyze(res, seed=seed, bootstrap=bootstrap)
t2 = time.perf_counter()
write_outputs(report, res, folder / f"out_{n}_{seed}")
t3 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"read": t1 - t0, "analyze": t2 - t1, "write": t3 - t2, "total": t3 - t0,
                  "peak_mb": peak, "f_i": report.klimek.f_i, "f_e": report.klimek.f_e}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--bootstrap", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            runs = []
            for rep in range(args.repeats):
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(n), str(args.bootstrap), tmp, str(rep)],
                    capture_output=True, text=True, check=True, env=env,
                )  # fmt: skip
                runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(n, runs[-1], flush=True)
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((n, med))
    lines = [
        "## forensics_scale.py: read + analyze + write, by number of stations",
        "",
        machine(("numpy", "scipy", "pandas")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/forensics_scale.py --sizes {args.sizes} "
        f"--bootstrap {args.bootstrap} --repeats {args.repeats}`. Synthetic CSV (f_i 0.1, f_e "
        "0.02, 1% fabricated protocols; 8 columns). Medians of the runs; peak RSS of the whole "
        "process. Targets: 100,000 stations <= 10 s; 1,000,000 <= 60 s and 4,096 MB.",
        "",
        "| stations | bootstrap | read s | analyze s | write s | total s | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, m in rows:
        lines.append(
            f"| {n:,} | {args.bootstrap} | {m['read']:.2f} | {m['analyze']:.2f} | "
            f"{m['write']:.2f} | {m['total']:.2f} | {m['peak_mb']:.0f} |"
        )
    print("\n".join(lines[6:]))
    if not args.no_write:
        write_section("forensics_scale", "\n".join(lines))


if __name__ == "__main__":
    main()
