"""What a canvass plan wins on runs it was not chosen on, by chunk size and runs per batch.

Usage: ``PYTHONPATH=src python benchmarks/plan_fresh_runs.py [--fresh 400] [--no-write]``.
On ``uk-2015-from-2010``, Labour, 20,000 hours in the North West (seed 0), plans in chunks
of 1,000, 250 and 100 hours with 100 runs a batch, and of 100 hours with 400 runs. Each plan's
gain in expected seats is given twice:

* in sample: the plan's own ``expected_seats_after - expected_seats_before``, on the runs it
  chose its chunks by (optimistic: a chunk is chosen where those runs happen to gain);
* on fresh runs: ``--fresh`` runs the plan was not chosen on, the plan's seats with and
  without its hours (the same runs), the mean of the difference in seats won and its standard
  error: :func:`votebank.canvass_check.check_plan`, what ``plan-canvass`` prints.

The baseline is the in-sample figure of each plan, measured in the same run. Writes the
``plan_fresh_runs`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import time

import votebank as vb
from peers import machine, publish
from votebank import canvass_plan
from votebank.canvass_check import check_plan

SCENARIO, PARTY, REGION, BUDGET = "uk-2015-from-2010", "Lab", "North West", 20_000.0
PLANS = ((1000.0, 100), (250.0, 100), (100.0, 100), (100.0, 400))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", type=int, default=400)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    sc = vb.load_scenario(SCENARIO)
    rows = []
    for step, runs in PLANS:
        start = time.process_time()
        plan = canvass_plan.plan_canvass(
            sc, BUDGET, party=PARTY, regions=[REGION], step_hours=step, runs=runs
        )
        cpu = time.process_time() - start
        fresh = check_plan(sc, plan, runs=args.fresh)
        in_sample = plan.attrs["expected_seats_after"] - plan.attrs["expected_seats_before"]
        rows.append(
            f"| {step:,.0f} | {runs} | {cpu:.0f} | {len(plan)} | {in_sample:+.2f} "
            f"| {fresh.gain:+.2f} ({fresh.gain_se:.2f}) |"
        )
        print(rows[-1], flush=True)
    lines = [
        "## plan_fresh_runs.py: what a plan wins on runs it was not chosen on",
        "",
        machine(("numpy", "numba")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/plan_fresh_runs.py --fresh {args.fresh}`. "
        f"{SCENARIO}, {PARTY}, {BUDGET:,.0f} hours in the {REGION}, plan seed 0; fresh runs: "
        f"{args.fresh} runs after the plan's own, the plan's seats with and without its hours.",
        "",
        "| chunk (h) | runs a batch | plan CPU s | seats given hours | gain in sample (seats) "
        "| gain on fresh runs (s.e.) |",
        "|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]
    publish("plan_fresh_runs", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
