"""Runs per second of the default national scenario with 1 and 2 workers, and the efficiency.

Usage: ``python benchmarks/ensemble.py [--runs 40] [--scenario pakistan-2008] [--no-write]``. Each
configuration writes a fresh DuckDB store in a temporary folder through the same code path as
``votebank run`` (station detail kept for the first 5 runs), so the figures include storing.
Workers build their electorate once; the rate is measured after that, from the first stored
run to the last. Target (issue 5): 1,000 national runs in <= 10 minutes on this 2-core machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from peers import machine, write_section
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.scenario.load import load_scenario


def rate(scenario, runs: int, workers: int) -> tuple[float, float]:
    """Runs per second after the first run, and the seconds to the first run."""
    stamps: list[float] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        request = EnsembleRequest(
            scenario, runs, seed=1, store_path=Path(tmp) / "vb.duckdb", workers=workers
        )
        run_ensemble(request, progress=lambda done, total: stamps.append(time.perf_counter()))
    # stamps[0] is the call before any run; stamps[1] the first stored run.
    first = stamps[1] - start
    steady = (len(stamps) - 2) / (stamps[-1] - stamps[1])
    return steady, first


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--scenario", default="pakistan-2008")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    one, first_one = rate(scenario, args.runs, 1)
    two, first_two = rate(scenario, args.runs, 2)
    lines = [
        f"Scenario {args.scenario}, {args.runs} runs per configuration, stored in DuckDB.",
        "",
        "| workers | runs/s | s per run | first run s | 1,000 runs, min |",
        "|---:|---:|---:|---:|---:|",
    ]
    for workers, r, first in ((1, one, first_one), (2, two, first_two)):
        lines.append(f"| {workers} | {r:.3f} | {1 / r:.2f} | {first:.1f} | {1000 / r / 60:.1f} |")
    lines += [
        "",
        f"Scaling efficiency with 2 workers: {two / (2 * one):.0%} (speed-up {two / one:.2f}x); "
        f"target 1,000 runs <= 10 min: {'met' if 1000 / two <= 600 else 'missed'} "
        f"({1000 / two / 60:.1f} min projected).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        head = "## ensemble.py: national runs per second with 1 and 2 workers\n\n"
        write_section("ensemble", f"{head}{machine()}\n\n{text}")


if __name__ == "__main__":
    main()
