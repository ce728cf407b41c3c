"""What a canvass plan costs, against pricing every seat in each batch of runs.

Usage: ``PYTHONPATH=src python benchmarks/plan_canvass.py [--runs 100] [--repeats 3]
[--no-write]``. On ``uk-2015-from-2010``, Labour, 20,000 hours in the North West (75 seats):

* CPU seconds of one batch of the planner's runs over every candidate seat, drawing canvass
  returns and drawing none (as the planner does), median over repeats, alternating;
* for chunks of 1,000, 250 and 100 hours: the plan's CPU seconds, its batches and the seats
  they ran, beside the baseline measured in the same run: the same planner made to run every
  candidate seat in each batch (as it did before seats were priced apart). The two plans must
  be the same (checked here; ``tests/uk/test_plan_canvass.py`` checks both against the greedy
  that re-prices every seat each round).

The same on ``pakistan-2008``, the PPPP, 2,000 hours in Khyber Pakhtunkhwa (24 candidate
seats), 100-hour chunks: there a winner of two seats resigns one, so two of the seats (one
person stands in both) are priced together, and a third runs with the seat outside the plan
its rival also stands in.

Writes the ``plan_canvass`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import votebank as vb
from peers import machine, publish
from votebank import canvass_plan
from votebank.canvass_inputs import contested_seats
from votebank.run.many import many_runs, outcome

SCENARIO, PARTY, REGION, BUDGET = "uk-2015-from-2010", "Lab", "North West", 20_000.0
# Linked seats: (scenario, party, region, budget, chunk).
LINKED = ("pakistan-2008", "PPPP", "Khyber Paktunkhwa (NWFP)", 2_000.0, 100.0)


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


real_matrix, real_groups = canvass_plan.win_matrix, canvass_plan.seat_groups


def plan_cost(
    sc, step: float, runs: int, *, apart: bool, party=PARTY, region=REGION, budget=BUDGET
) -> tuple[float, list[int], object]:
    """CPU seconds of the plan, the seats run in each batch, and the plan.

    The baseline (``apart`` False) plans on the scenario cut to the candidate seats and the
    seats linked to them, all priced together: every one of them runs in each batch.
    """
    if not apart:
        ids = sc.constituencies["id"].to_numpy()
        groups = real_groups(canvass_plan.won_by_candidates(sc))
        stands = contested_seats(sc, party)
        held = sc.constituencies["region"].eq(region).to_numpy() & np.isin(ids, list(stands))
        sc = canvass_plan.subset(sc, list(ids[np.isin(groups, groups[held])]))
    seats_run: list[int] = []
    canvass_plan.win_matrix = lambda s, *a, **k: (
        seats_run.append(len(s.constituencies)) or real_matrix(s, *a, **k)
    )
    canvass_plan.seat_groups = real_groups if apart else (lambda s: np.zeros(len(s.constituencies)))
    try:
        start = time.process_time()
        plan = canvass_plan.plan_canvass(
            sc, budget, party=party, regions=[region], step_hours=step, runs=runs
        )
        cpu = time.process_time() - start
    finally:
        canvass_plan.win_matrix, canvass_plan.seat_groups = real_matrix, real_groups
    return cpu, seats_run, plan


def compare(sc, step: float, runs: int, **case) -> tuple:
    """The plan's cost beside the baseline's, and whether the two plans are the same."""
    base_cpu, base_seats, base_plan = plan_cost(sc, step, runs, apart=False, **case)
    cpu, seats_run, plan = plan_cost(sc, step, runs, apart=True, **case)
    same = base_plan.drop(columns="rank").equals(plan.drop(columns="rank"))
    same = same and base_plan.attrs == plan.attrs
    return step, plan, base_cpu, base_seats, cpu, seats_run, same


def row(name, step, plan, base_cpu, base_seats, cpu, seats_run, same) -> str:
    """One line of the table."""
    return (
        f"| {name} | {step:,.0f} | {plan['hours'].sum():,.0f} | {len(base_seats)} "
        f"| {sum(base_seats):,} | {base_cpu:.0f} | {len(seats_run)} | {sum(seats_run):,} "
        f"| {cpu:.0f} | {base_cpu / cpu:.1f}x | {'yes' if same else 'NO'} |"
    )


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
        canvass_plan.seat_campaigns(PARTY, seats, np.zeros(len(seats))),
    )
    with_returns, without = batch_cpu(cut, args.runs, args.repeats)
    rows = [row(SCENARIO, *compare(sc, step, args.runs)) for step in (1000.0, 250.0, 100.0)]
    name, party, region, budget, step = LINKED
    linked = vb.load_scenario(name)
    rows.append(
        row(name, *compare(linked, step, args.runs, party=party, region=region, budget=budget))
    )
    lines = [
        "## plan_canvass.py: a plan's cost, each seat priced apart",
        "",
        machine(("numpy", "numba")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/plan_canvass.py --runs {args.runs} "
        f"--repeats {args.repeats}`. {SCENARIO}, {PARTY}, {BUDGET:,.0f} hours in the "
        f"{REGION} ({len(seats)} candidate seats), seed 0.",
        "",
        f"One batch of {args.runs} runs of every candidate seat, median CPU of {args.repeats}: "
        f"{with_returns:.1f} s drawing canvass returns, {without:.1f} s drawing none, as the "
        f"planner does ({with_returns / without:.2f}x).",
        "",
        "Baseline: the same planner running every candidate seat (and any seat linked to "
        "one) in each batch. Seats run: "
        "summed over batches (each seat run "
        f"{args.runs} times a batch).",
        "",
        f"{LINKED[0]}: {LINKED[1]}, {LINKED[3]:,.0f} hours in {LINKED[2]}, seed 0; seats where "
        "one person stands twice priced together (the baseline: every candidate seat).",
        "",
        "| scenario | chunk (h) | hours placed | baseline batches | baseline seats run "
        "| baseline CPU s | batches | seats run | CPU s | speed-up | same plan |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
    ]
    publish("plan_canvass", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
