"""Seconds per run and peak memory from 10^4 registered voters to the whole default scenario.

Usage: ``python benchmarks/scaling.py [--sizes 1e4,1e5,1e6,1e7,0] [--repeats 5] [--no-write]``
(0 is the whole of ``pakistan-2008``).

Each size runs in a fresh process (one thread), so its peak memory (``ru_maxrss``) is its own.
Sizes are subsets of ``pakistan-2008`` as in ``national_run.py``: the constituencies in a fixed
random order, kept while the running total of registered voters stays within the target. A
target below the first constituency's roll (10^4, 10^5) keeps that one constituency with its
roll scaled down to the target (its candidates, turnout and mood unchanged). The electorate is
built once (timed apart), then ``repeats`` runs (``Model.state(i)``) are timed; the median is
printed. The growth exponent is the least-squares slope of log(seconds per run) on
log(registered voters), over all sizes and over those of 10^6 and up (where fixed per-run costs
are small); the same for peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

import numpy as np

from peers import machine, write_section


def child(target: int, repeats: int) -> dict:
    """Build and time one size; return its figures."""
    import resource
    import time

    from votebank.run.model import Model
    from votebank.scenario.load import load_scenario

    scenario = load_scenario("pakistan-2008")
    if target:
        cons = scenario.constituencies.sample(frac=1.0, random_state=0)
        keep = cons[cons["registered"].cumsum() <= target]
        if keep.empty:  # smaller than one constituency: scale the first one down
            keep = cons.iloc[:1].copy()
            keep["registered"] = target
        ids = keep["id"]
        scenario = scenario.with_tables(
            keep.reset_index(drop=True),
            scenario.candidates[scenario.candidates["constituency"].isin(ids)].reset_index(
                drop=True
            ),
        )
    model = Model.of(scenario, seed=1)
    start = time.perf_counter()
    el, _ = model.electorate(0)
    build = time.perf_counter() - start
    after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, cpu, vote = [], [], []
    for i in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        state = model.state(i)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        vote.append(state.timings["vote"])
    return {
        "registered": int(scenario.constituencies["registered"].sum()),
        **el.describe(),
        "build_s": build,
        "run_s": statistics.median(times),
        "run_cpu": statistics.median(cpu),
        "runs": times,
        "vote_s": statistics.median(vote),
        "peak_build_mb": after_build,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def slope(x: list[float], y: list[float]) -> float:
    """Least-squares slope of log(y) on log(x)."""
    if len(x) < 2:
        return float("nan")
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1e4,1e5,1e6,1e7,0")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return

    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    rows = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--child", str(size), str(args.repeats)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
        if out.returncode:
            sys.exit(f"size {size} failed:\n{out.stderr[-3000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["label"] = f"{size:.0e}" if size else "full"
        rows.append(row)
        print(f"{row['label']} done", file=sys.stderr)

    lines = [
        "| size | registered | seats | stations | cohorts | build s | run wall s | run CPU s "
        "| vote step wall s | CPU us per 1k voters | peak MB after build | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        per_k = 1e6 * r["run_cpu"] / (r["registered"] / 1e3)
        lines.append(
            f"| {r['label']} | {r['registered']:,} | {r['seats']} | {r['stations']:,} | "
            f"{r['cohorts']:,} | {r['build_s']:.2f} | {r['run_s']:.3f} | {r['run_cpu']:.3f} | "
            f"{r['vote_s']:.3f} | "
            f"{per_k:.1f} | {r['peak_build_mb']:.0f} | {r['peak_mb']:.0f} |"
        )
    x = [r["registered"] for r in rows]
    big = [i for i, r in enumerate(rows) if r["registered"] >= 1e6]
    run = [r["run_s"] for r in rows]
    cpu = [r["run_cpu"] for r in rows]
    mem = [r["peak_mb"] for r in rows]
    lines += [
        "",
        f"Growth exponent (log-log slope on registered voters) of wall seconds per run: "
        f"{slope(x, run):.2f} over all sizes, "
        f"{slope([x[i] for i in big], [run[i] for i in big]):.2f} from 10^6 up; of CPU seconds: "
        f"{slope(x, cpu):.2f} and {slope([x[i] for i in big], [cpu[i] for i in big]):.2f}. "
        f"Peak memory: {slope(x, mem):.2f} over all sizes, "
        f"{slope([x[i] for i in big], [mem[i] for i in big]):.2f} from 10^6 up.",
        f"Runs per size: {args.repeats} (median).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        body = (
            "## scaling.py: seconds per run and peak memory, 10^4 voters to the whole scenario\n\n"
            f"{machine()} One thread; a fresh process per size.\n\n"
            "Subsets of `pakistan-2008` (every mechanism on, its default settings): whole "
            "constituencies in a fixed random order up to the target; 10^4 and 10^5 are one "
            "constituency with its roll scaled down. Registered counts ghost entries too.\n\n"
        )
        write_section("scaling", body + text)


if __name__ == "__main__":
    main()
