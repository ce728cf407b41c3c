"""Synthetic countries from 10^4 voters up: seconds to build the electorate and to run once.

Usage: ``python benchmarks/synth_scale.py [--max 1e8] [--sizes 1e6,1e7,2e8] [--preset
india-2024] [--no-write]``. Each size runs in a fresh process (its peak memory is its own): a
country of N registered voters, N/1,000 stations, one seat per 250,000 voters (at least 4),
every Pakistani mechanism on. Prints build and run seconds (wall and CPU), cohorts, peak GB,
the growth exponent of run time (log-log slope), and the run time and peak memory of the
India-size country (968.8 million registered) extrapolated from 10^6 up: CPU seconds by the
fitted power law, peak memory by a straight line (memory is a fixed start plus a cost per
cohort). ``--preset`` measures a preset country directly instead.
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
t, c = time.perf_counter(), time.process_time()
model.run(1, stations=False)
run, cpu = time.perf_counter() - t, time.process_time() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
print(json.dumps({"build": build, "run": run, "cpu": cpu, "cohorts": el.cohorts, "peak_gb": peak}))
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


INDIA = 968_800_000  # registered voters of the india-2024 preset


def size_args(voters: int) -> list[str]:
    """The synth options of a country of ``voters`` registered voters."""
    seats = max(4, voters // 250_000)
    stations = max(seats, voters // 1000)
    options = {"--registered": voters, "--stations": stations, "--seats": seats, "--regions": 4}
    return [str(x) for pair in options.items() for x in pair]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=float, default=1e8)
    ap.add_argument("--sizes", default=None, help="comma-separated sizes instead of 1e4..max")
    ap.add_argument("--preset", default=None)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    rows, lines = [], []
    with tempfile.TemporaryDirectory() as tmp:
        if args.preset:
            start = time.perf_counter()
            got = measure(["--preset", args.preset], Path(tmp) / args.preset)
            took = time.perf_counter() - start
            body = "\n".join(
                [
                    f"### `synth_scale.py --preset {args.preset}`: measured once",
                    "",
                    machine(),
                    "",
                    "| preset | build s | run wall s | run CPU s | cohorts | peak GB |",
                    "|---|---:|---:|---:|---:|---:|",
                    f"| {args.preset} | {got['build']:.1f} | {got['run']:.2f} | {got['cpu']:.2f} | "
                    f"{got['cohorts']:,} | {got['peak_gb']:.2f} |",
                    "",
                    f"One process, every Pakistani mechanism on; {took:.0f} s in all, the "
                    "synthetic country's files written included. Targets: run <= 10 s on one "
                    "core, peak <= 8 GB.",
                ]
            )
            print(body)
            if not args.no_write:
                write_section(f"synth-{args.preset}", body)
            return
        sizes = [int(float(x)) for x in args.sizes.split(",")] if args.sizes else []
        n = 1e4
        while not sizes and n <= args.max:
            sizes.append(int(n))
            n *= 10
        for voters in sizes:
            got = measure(size_args(voters), Path(tmp) / f"n{voters}")
            rows.append((voters, got))
            line = (
                f"| {voters:,} | {max(4, voters // 250_000)} | {got['build']:.2f} | "
                f"{got['run']:.3f} | {got['cpu']:.3f} | {got['cohorts']:,} | {got['peak_gb']:.2f} |"
            )
            lines.append(line)
            print(line, flush=True)
    big = [(v, g) for v, g in rows if v >= 1_000_000]
    voters = np.array([v for v, _ in big], dtype=float)
    cpu = np.array([g["cpu"] for _, g in big])
    peak = np.array([g["peak_gb"] for _, g in big])
    slope, icpt = np.polyfit(np.log(voters), np.log(cpu), 1) if len(big) > 1 else (np.nan, 0)
    top = voters.argmax() if len(big) else 0
    last = np.polyfit(np.log(voters[-2:]), np.log(cpu[-2:]), 1)[0] if len(big) > 1 else np.nan
    mem_b, mem_a = np.polyfit(voters, peak, 1) if len(big) > 1 else (np.nan, np.nan)
    india_cpu = float(np.exp(icpt) * INDIA**slope)
    india_linear = float(cpu[top] * INDIA / voters[top]) if len(big) else np.nan
    india_peak = float(mem_a + mem_b * INDIA)
    body = "\n".join(
        [
            "## Synthetic countries: build and run by size (`benchmarks/synth_scale.py`)",
            "",
            machine(),
            "",
            "| registered | seats | build s | run wall s | run CPU s | cohorts | peak GB |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *lines,
            "",
            f"Run CPU time grows as voters^{slope:.2f} from 10^6 up (log-log slope; "
            f"^{last:.2f} between the two largest sizes); one process per size, every "
            "Pakistani mechanism on. Wall seconds are inflated by the machine's load; CPU "
            "seconds are not.",
            "",
            f"India-size (968.8 million registered), extrapolated: one run {india_cpu:.1f} CPU s "
            f"by the power law ({india_linear:.1f} s if linear from the largest size; target "
            f"<= 10 s), peak {india_peak:.1f} GB by a straight line through the peaks "
            f"({mem_a:.2f} GB + {mem_b * 1e8:.2f} GB per 10^8 voters; target <= 8 GB).",
        ]
    )
    print(body)
    if not args.no_write:
        write_section("synth-scale", body)


if __name__ == "__main__":
    main()
