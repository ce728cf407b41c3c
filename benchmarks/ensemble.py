"""Runs per second of the default national scenario with 1 and 2 workers, and the efficiency.

Usage: ``python benchmarks/ensemble.py [--runs 12] [--scenario pakistan-2008]``. Each
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
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--scenario", default="pakistan-2008")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    one, first_one = rate(scenario, args.runs, 1)
    two, first_two = rate(scenario, args.runs, 2)
    print(f"scenario {args.scenario}, {args.runs} runs per configuration")
    print(f"{'workers':>8}{'runs/s':>10}{'s/run':>8}{'first run s':>13}{'1,000 runs min':>16}")
    for workers, r, first in ((1, one, first_one), (2, two, first_two)):
        print(f"{workers:>8}{r:>10.3f}{1 / r:>8.2f}{first:>13.1f}{1000 / r / 60:>16.1f}")
    print(
        f"\nscaling efficiency with 2 workers: {two / (2 * one):.0%} "
        f"(speed-up {two / one:.2f}x); target 1,000 runs <= 10 min: "
        f"{'met' if 1000 / two <= 600 else 'missed'} ({1000 / two / 60:.1f} min)"
    )


if __name__ == "__main__":
    main()
