"""What a canvass plan wins on runs it was not chosen on, by chunk size and runs per batch.

Usage: ``PYTHONPATH=src python benchmarks/plan_fresh_runs.py [--fresh 400] [--no-write]``.
On ``uk-2015-from-2010``, Labour, 20,000 hours in the North West (seed 0), plans in chunks
of 1,000, 250 and 100 hours with 100 runs a batch, and of 100 hours with 400 runs. Each plan's
gain in expected seats is given twice:

* in sample: the plan's own ``expected_seats_after - expected_seats_before``, on the runs it
  chose its chunks by (optimistic: a chunk is chosen where those runs happen to gain);
* on fresh runs: ``--fresh`` runs of another seed, the plan's seats with and without its
  hours (the same runs), the mean of the difference in seats won and its standard error.

The baseline is the in-sample figure of each plan, measured in the same run. Writes the
``plan_fresh_runs`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import votebank as vb
from peers import machine, publish
from votebank import canvass_plan

SCENARIO, PARTY, REGION, BUDGET, FRESH_SEED = "uk-2015-from-2010", "Lab", "North West", 20_000.0, 1
PLANS = ((1000.0, 100), (250.0, 100), (100.0, 100), (100.0, 400))


def seats_won(sc, seats: list[str], hours: np.ndarray, runs: int) -> np.ndarray:
    """Seats Labour wins among ``seats`` in each fresh run, given these extra hours."""
    cut = canvass_plan.subset(sc, seats)
    campaigns = canvass_plan.per_seat_campaigns(cut) + canvass_plan._campaigns(PARTY, seats, hours)
    scenario = canvass_plan.with_campaigns(cut, campaigns)
    return canvass_plan.win_matrix(scenario, PARTY, runs, FRESH_SEED).sum(axis=1)


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
        seats, hours = list(plan["constituency_id"]), plan["hours"].to_numpy()
        gain = seats_won(sc, seats, hours, args.fresh) - seats_won(
            sc, seats, np.zeros(len(seats)), args.fresh
        )
        in_sample = plan.attrs["expected_seats_after"] - plan.attrs["expected_seats_before"]
        se = gain.std(ddof=1) / np.sqrt(len(gain))
        rows.append(
            f"| {step:,.0f} | {runs} | {cpu:.0f} | {len(seats)} | {in_sample:+.2f} "
            f"| {gain.mean():+.2f} ({se:.2f}) |"
        )
        print(rows[-1], flush=True)
    lines = [
        "## plan_fresh_runs.py: what a plan wins on runs it was not chosen on",
        "",
        machine(("numpy", "numba")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/plan_fresh_runs.py --fresh {args.fresh}`. "
        f"{SCENARIO}, {PARTY}, {BUDGET:,.0f} hours in the {REGION}, plan seed 0; fresh runs: "
        f"seed {FRESH_SEED}, {args.fresh} runs, the plan's seats with and without its hours.",
        "",
        "| chunk (h) | runs a batch | plan CPU s | seats given hours | gain in sample (seats) "
        "| gain on fresh runs (s.e.) |",
        "|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]
    publish("plan_fresh_runs", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
