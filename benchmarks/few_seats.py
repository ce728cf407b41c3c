"""What a run of a few seats costs, its streams seeded one seat at a time or all together.

Usage: ``PYTHONPATH=src python benchmarks/few_seats.py [--runs 40] [--repeats 5] [--no-write]``.
``Streams.generators`` seeds each seat's generator for a decision. Below ``rng.FEW_UNITS``
seats it seeds them one at a time; the baseline, measured in the same process and alternating,
seeds them all together in array code (``FEW_UNITS = 0``), as every run did before. The same
numbers either way (``tests/test_rng.py``). Runs: ``copeland-2017`` (one seat, its carloads
canvassing) and a canvass plan's batch of four North West seats of ``uk-2015-from-2010``.

Writes the ``few_seats`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import votebank as vb
from peers import machine, publish
from votebank import canvass_plan, rng
from votebank.run.many import many_runs

SEATS = ("Weaver Vale", "Carlisle", "Bolton West", "Lancaster and Fleetwood")


def scenarios() -> dict[str, vb.Scenario]:
    uk = vb.load_scenario("uk-2015-from-2010")
    cons = uk.constituencies
    ids = list(cons.loc[cons["name"].isin(SEATS), "id"])
    cut = canvass_plan.subset(uk, ids)
    plan = canvass_plan.with_campaigns(
        cut, canvass_plan.seat_campaigns("Lab", ids, np.full(len(ids), 1000.0))
    )
    return {"copeland-2017 (1 seat)": vb.load_scenario("copeland-2017"), "4 UK seats": plan}


def cpu_ms(scenario, runs: int, few: int) -> float:
    """CPU milliseconds a run with ``rng.FEW_UNITS`` set to ``few``."""
    rng.FEW_UNITS = few
    start = time.process_time()
    list(many_runs(scenario, 0, range(runs), canvass_plan._outcome_without_returns))
    return 1000 * (time.process_time() - start) / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    few = rng.FEW_UNITS
    rows = []
    for name, sc in scenarios().items():
        cpu_ms(sc, 3, few)  # compiled and cached first
        times: dict[int, list[float]] = {0: [], few: []}
        for _ in range(args.repeats):
            for setting in times:
                times[setting].append(cpu_ms(sc, args.runs, setting))
        together, apart = statistics.median(times[0]), statistics.median(times[few])
        rows.append(f"| {name} | {together:.1f} | {apart:.1f} | {together / apart:.2f}x |")
    rng.FEW_UNITS = few
    lines = [
        "## few_seats.py: a run of a few seats, its streams seeded one at a time",
        "",
        machine(("numpy", "numba")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/few_seats.py --runs {args.runs} "
        f"--repeats {args.repeats}`. Median CPU ms a run of {args.repeats} repeats of "
        f"{args.runs} runs, alternating; the same numbers either way.",
        "",
        "| runs of | seeded all together (baseline) | one at a time below "
        f"{few} seats | speed-up |",
        "|---|---:|---:|---:|",
        *rows,
    ]
    publish("few_seats", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
