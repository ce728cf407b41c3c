"""Seconds per national run and peak memory: the default scenario and 1M / 10M-voter subsets.

Usage: ``python benchmarks/national_run.py [--repeats 5] [--no-write]``. Each size runs in a
fresh process (so peak memory is that size's alone); the electorate is built once, then
``repeats`` runs are timed and the median is printed, with the time per million voters as the
ratio between sizes.
"national, bare" is the default scenario with every mechanism off (the foundation alone), to
compare with all mechanisms on. Targets: <= 1 s per national run on one core and <= 2 GB; all
mechanisms within 2x of the bare foundation. The table goes to RESULTS.md too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from peers import machine, write_section

CHILD = """
import json, resource, statistics, sys, time
import numpy as np
import votebank as vb
from votebank.run.model import Model

target, repeats, bare = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "bare"
scenario = vb.load_scenario("pakistan-2008")
if bare:
    # The foundation alone: every mechanism off (baseline choice, turnout and the count).
    spec = scenario.spec.model_dump()
    for params in spec["mechanisms"].values():
        params["enabled"] = False
    scenario = scenario.with_spec(type(scenario.spec).model_validate(spec))
if target:
    cons = scenario.constituencies.sample(frac=1.0, random_state=0)
    keep = cons[cons["registered"].cumsum() <= target]["id"]
    scenario = scenario.with_seats(keep)
model = Model.of(scenario, seed=1)
start = time.perf_counter()
el, _ = model.electorate(0)
build = time.perf_counter() - start
times, steps = [], []
for i in range(repeats):
    start = time.perf_counter()
    state = model.state(i)
    times.append(time.perf_counter() - start)
    steps.append(state.timings)
vote = statistics.median(s["vote"] for s in steps)
print(json.dumps({"registered": int(scenario.constituencies["registered"].sum()),
                  "seats": len(scenario.constituencies), **el.describe(), "build_s": build,
                  "median_s": statistics.median(times), "vote_step_s": vote,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    rows = []
    sizes = (
        ("1M subset", 1_000_000, "all"),
        ("10M subset", 10_000_000, "all"),
        ("national, bare", 0, "bare"),
        ("national", 0, "all"),
    )
    for label, target, mechanisms in sizes:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(target), str(args.repeats), mechanisms],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["label"] = label
        rows.append(row)
    lines = [
        "| size | registered | stations | cohorts | build s | run s (median) | vote step s "
        "| s per M voters | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        per_m = r["median_s"] / (r["registered"] / 1e6)
        lines.append(
            f"| {r['label']} | {r['registered']:,} | {r['stations']:,} | {r['cohorts']:,} | "
            f"{r['build_s']:.2f} | {r['median_s']:.3f} | {r['vote_step_s']:.3f} | "
            f"{per_m:.3f} | {r['peak_mb']:.0f} |"
        )
    national, bare = rows[-1], rows[-2]
    lines += [
        "",
        f"All mechanisms vs the bare foundation: **{national['median_s'] / bare['median_s']:.2f}x**"
        " (target <= 2x).",
        "",
        f"National run: **{national['median_s']:.2f} s** median of {args.repeats} (target 1.0 s), "
        f"peak **{national['peak_mb']:.0f} MB** (target 2048 MB).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        head = "## national_run.py: seconds per national run, one core\n\n"
        write_section("national_run", f"{head}{machine()}\n\n{text}")


if __name__ == "__main__":
    main()
