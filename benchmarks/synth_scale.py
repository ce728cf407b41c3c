"""Synthetic countries from 10^4 voters up: seconds to build the electorate and to run once.

Usage: ``python benchmarks/synth_scale.py [--max 1e8] [--preset india-2024]``. Each size runs in
a fresh process (its peak memory is its own): a country of N registered voters, N/1,000
stations, one seat per 250,000 voters (at least 4), every Pakistani mechanism on. Prints build
and run seconds, cohorts, peak GB, and the growth exponent of run time (log-log slope).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from peers import machine, write_section

CHILD = """
import json, resource, sys, time
import votebank as vb
from votebank.run.electorate_cache import ElectorateCache
from votebank.run.model import Model
sc = vb.load_scenario(sys.argv[1])
model = Model(sc, 1, ElectorateCache())
t = time.perf_counter(); el, _ = model.electorate(0); build = time.perf_counter() - t
model.run(0, stations=False)  # compiles and warms
t = time.perf_counter(); model.run(1, stations=False); run = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(json.dumps({"build": build, "run": run, "cohorts": el.cohorts, "peak_gb": peak}))
"""


def measure(args: list[str], folder: Path) -> dict:
    subprocess.run(
        [sys.executable, "-m", "votebank", "synth", str(folder), *args],
        check=True,
        capture_output=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin", "VOTEBANK_CACHE": "off"},
    )
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin", "VOTEBANK_CACHE": "off"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=float, default=1e8)
    ap.add_argument("--preset", default=None)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows, lines = [], []
    with tempfile.TemporaryDirectory() as tmp:
        if args.preset:
            start = time.perf_counter()
            got = measure(["--preset", args.preset], Path(tmp) / args.preset)
            print(args.preset, got, f"{time.perf_counter() - start:.0f} s in all")
            return
        n = 1e4
        while n <= args.max:
            voters = int(n)
            seats = max(4, voters // 250_000)
            folder = Path(tmp) / f"n{voters}"
            got = measure(
                [
                    "--registered",
                    str(voters),
                    "--stations",
                    str(max(seats, voters // 1000)),
                    "--seats",
                    str(seats),
                    "--regions",
                    "4",
                ],
                folder,
            )
            rows.append((voters, got))
            line = (
                f"| {voters:,} | {seats} | {got['build']:.2f} | {got['run']:.3f} | "
                f"{got['cohorts']:,} | {got['peak_gb']:.2f} |"
            )
            lines.append(line)
            print(line, flush=True)
            n *= 10
    sizes = np.log([v for v, _ in rows[1:]])
    runs = np.log([g["run"] for _, g in rows[1:]])
    slope = np.polyfit(sizes, runs, 1)[0] if len(sizes) > 1 else float("nan")
    body = "\n".join(
        [
            "## Synthetic countries: build and run by size (`benchmarks/synth_scale.py`)",
            "",
            machine(),
            "",
            "| registered | seats | build s | run s | cohorts | peak GB |",
            "|---:|---:|---:|---:|---:|---:|",
            *lines,
            "",
            f"Run time grows as voters^{slope:.2f} from 10^5 up (log-log slope, wall seconds, one "
            "process per size, every Pakistani mechanism on).",
        ]
    )
    print(body)
    if not args.no_write:
        write_section("synth-scale", body)


if __name__ == "__main__":
    main()
