"""What a canvass costs a run, and how much noise a chunk of hours is priced through.

Usage: ``PYTHONPATH=src python benchmarks/canvass_runs.py [--runs 40] [--repeats 5]
[--paired 100] [--no-write]``. Two measurements:

* CPU seconds per run of ``copeland-2017`` (Labour's 85 carloads, 1,500 Conservative hours),
  of ``uk-2015-from-2010`` with Labour canvassing 100 hours in every one of its 650 seats,
  and of ``pakistan-2008`` as ``plan-canvass --party PPPP`` runs it (a token campaign in every
  seat where the party stands, no canvass returns, no reserved seats), median over repeats,
  each beside the same scenario with its canvass off, measured in the same process (the
  baseline);
* the paired gain in Labour votes of 100 more hours in each of four North West seats of
  ``uk-2015-from-2010`` (1,000 -> 1,100 h a seat, the same seed and runs, the planner's cut
  scenario): its mean, its standard deviation and the share of runs in which the extra hours
  lose votes. ``plan-canvass`` prices every chunk by such a difference.

Writes the ``canvass_runs`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import votebank as vb
from peers import machine, publish
from votebank.canvass_inputs import contested_seats
from votebank.canvass_plan import (
    _outcome_without_returns,
    seat_campaigns,
    subset,
    with_campaigns,
    won_by_candidates,
)
from votebank.mechanisms.canvass import Campaign
from votebank.run.many import many_runs, outcome
from votebank.scenario.overrides import with_overrides

SEATS = ("Weaver Vale", "Carlisle", "Bolton West", "Lancaster and Fleetwood")


def cpu_per_run(scenario, runs: int, repeats: int, read=outcome) -> float:
    """Median CPU seconds per run (after a warm-up that compiles and caches)."""
    list(many_runs(scenario, 1, range(3), read))
    times = []
    for _ in range(repeats):
        start = time.process_time()
        list(many_runs(scenario, 1, range(runs), read))
        times.append((time.process_time() - start) / runs)
    return statistics.median(times)


def plan_runs(name: str, party: str) -> vb.Scenario:
    """The scenario as ``plan-canvass`` runs it before any chunk: a token campaign everywhere."""
    sc = won_by_candidates(vb.load_scenario(name))
    stands = sorted(contested_seats(sc, party))
    return with_campaigns(sc, seat_campaigns(party, stands, [0.0] * len(stands)))


def chunk_gains(runs: int) -> tuple[list[str], np.ndarray]:
    """The seats' names, and runs x seats: Labour's votes at 1,100 h a seat less at 1,000 h."""
    sc = vb.load_scenario("uk-2015-from-2010")
    names = dict(zip(sc.constituencies["id"], sc.constituencies["name"], strict=True))
    seats = [s for s in sc.constituencies["id"] if names[s] in SEATS]
    cut = subset(sc, seats)
    lab = [p.id for p in sc.spec.parties].index("Lab")

    def votes(hours: float) -> np.ndarray:
        variant = with_campaigns(
            cut, [Campaign(party="Lab", seats=[s], hours=hours) for s in seats]
        )
        out = []
        for _, o in many_runs(variant, 0, range(runs)):
            by_slot = o.seat_votes.sum(axis=2)
            out.append([by_slot[s][o.contests.party[s] == lab].sum() for s in range(len(seats))])
        return np.array(out)

    # The cut keeps the scenario's table order: name the columns in it.
    return [names[s] for s in seats], votes(1100.0) - votes(1000.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--paired", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    copeland = vb.load_scenario("copeland-2017")
    uk = vb.load_scenario("uk-2015-from-2010")
    everywhere = [Campaign(party="Lab", seats=list(uk.constituencies["id"]), hours=65_000.0)]
    few = max(args.runs // 20, 2)
    cases = {
        "copeland-2017 (1 seat)": (copeland, args.runs, outcome),
        "uk-2015-from-2010, Lab 100 h in each of 650 seats": (
            with_campaigns(uk, everywhere),
            few,
            outcome,
        ),
        "pakistan-2008, a plan's runs (PPPP's token campaign in every seat it contests)": (
            plan_runs("pakistan-2008", "PPPP"),
            few,
            _outcome_without_returns,
        ),
    }
    rows = []
    for label, (on, runs, read) in cases.items():
        off = on.with_spec(with_overrides(on.spec, {"mechanisms.canvass.enabled": False}))
        base = cpu_per_run(off, runs, args.repeats, read)
        cost = cpu_per_run(on, runs, args.repeats, read)
        rows.append(
            f"| {label} | {runs} | {1000 * base:.1f} | {1000 * cost:.1f} | {cost / base:.2f} |"
        )
    names, gain = chunk_gains(args.paired)
    lines = [
        "## canvass_runs.py: a canvass's cost per run, and the noise a chunk is priced through",
        "",
        machine(("numpy", "scipy")),
        "",
        f"Command: `PYTHONPATH=src python benchmarks/canvass_runs.py --runs {args.runs} "
        f"--repeats {args.repeats} --paired {args.paired}`.",
        "",
        "| scenario | runs a repeat | canvass off (baseline), median CPU ms a run | canvass on "
        "| ratio |",
        "|---|---:|---:|---:|---:|",
        *rows,
        "",
        f"100 more hours in each of four seats of uk-2015-from-2010 ({', '.join(SEATS)}), "
        f"{args.paired} paired runs, seed 0: Labour's gain per seat",
        "",
        "| seat | mean gain (votes) | sd of the paired gain | runs losing votes |",
        "|---|---:|---:|---:|",
    ]
    for k, name in enumerate(names):
        g = gain[:, k]
        lines.append(f"| {name} | {g.mean():.1f} | {g.std(ddof=1):.1f} | {(g < 0).mean():.1%} |")
    publish("canvass_runs", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
