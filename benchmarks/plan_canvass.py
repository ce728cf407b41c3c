"""What a canvass plan costs, against pricing every seat again each round with its returns.

Usage: ``PYTHONPATH=src python benchmarks/plan_canvass.py [--runs 100] [--repeats 3]
[--no-write]``. On ``uk-2015-from-2010``, Labour, 20,000 hours in the North West (75 seats):

* CPU seconds of one batch of the planner's runs, drawing canvass returns (as every batch did)
  and drawing none (as the planner now does), median over repeats, alternating, in this
  process;
* for chunks of 1,000 and of 250 hours: the plan's CPU seconds, the batches it made (counted)
  and the rounds it played, beside the baseline: two batches to start and one after each round
  but the last (the budget then spent), each drawing returns, at the cost just measured.
  Both price the same chunks: the plans are the same (``tests/uk/test_plan_canvass.py``
  checks it against the greedy that re-prices every round).

Writes the ``plan_canvass`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import votebank as vb
from peers import machine, write_section
from votebank import canvass_plan
from votebank.run.many import many_runs, outcome

SCENARIO, PARTY, REGION, BUDGET = "uk-2015-from-2010", "Lab", "North West", 20_000.0


def batch_cpu(cut, runs: int, repeats: int) -> tuple[float, float]:
    """Median CPU seconds of a batch with canvass returns and without (alternating)."""
    readers = {"returns": outcome, "none": canvass_plan._outcome_without_returns}
    list(many_runs(cut, 0, range(2), readers["none"]))  # compiled and cached first
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(repeats):
        for name, read in readers.items():
            start = time.process_time()
            list(many_runs(cut, 0, range(runs), read))
            times[name].append(time.process_time() - start)
    return statistics.median(times["returns"]), statistics.median(times["none"])


def plan_cost(sc, step: float, runs: int) -> tuple[float, int, int, float]:
    """CPU seconds of the plan, batches made, rounds played, hours placed."""
    batches, rounds = [], []
    real = canvass_plan.win_matrix
    canvass_plan.win_matrix = lambda *a: batches.append(1) or real(*a)
    try:
        start = time.process_time()
        plan = canvass_plan.plan_canvass(
            sc,
            BUDGET,
            party=PARTY,
            regions=[REGION],
            step_hours=step,
            runs=runs,
            progress=lambda *_: rounds.append(1),
        )
        cpu = time.process_time() - start
    finally:
        canvass_plan.win_matrix = real
    return cpu, len(batches), len(rounds) - 2, float(plan["hours"].sum())  # start, end told


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    sc = vb.load_scenario(SCENARIO)
    cons = sc.constituencies
    contested = set(sc.candidates.loc[sc.candidates["party"] == PARTY, "constituency"])
    seats = [s for s in cons.loc[cons["region"] == REGION, "id"] if s in contested]
    cut = canvass_plan.with_campaigns(
        canvass_plan.subset(sc, seats),
        canvass_plan._campaigns(PARTY, seats, np.zeros(len(seats))),
    )
    with_returns, without = batch_cpu(cut, args.runs, args.repeats)
    rows = []
    for step in (1000.0, 250.0):
        cpu, batches, rounds, placed = plan_cost(sc, step, args.runs)
        baseline = (rounds + 1) * with_returns
        rows.append(
            f"| {step:,.0f} | {placed:,.0f} | {rounds} | {rounds + 1} | {baseline:.0f} "
            f"| {batches} | {cpu:.0f} | {baseline / cpu:.1f}x |"
        )
    lines = [
        "## plan_canvass.py: a plan's cost, priced a rung at a time without canvass returns",
        "",
        machine(("numpy", "numba")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/plan_canvass.py --runs {args.runs} "
        f"--repeats {args.repeats}`. {SCENARIO}, {PARTY}, {BUDGET:,.0f} hours in the "
        f"{REGION} ({len(seats)} candidate seats), seed 0.",
        "",
        f"One batch of {args.runs} runs, median CPU of {args.repeats}: "
        f"{with_returns:.1f} s drawing canvass returns (baseline), {without:.1f} s drawing "
        f"none ({with_returns / without:.2f}x).",
        "",
        "| chunk (h) | hours placed | rounds | baseline batches (2, then one a round) "
        "| baseline CPU s (at the batch cost with returns) | batches made | plan CPU s "
        "| speed-up |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("plan_canvass", body)


if __name__ == "__main__":
    main()
