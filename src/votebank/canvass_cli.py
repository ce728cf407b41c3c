"""``votebank plan-canvass``: read the options, plan with a progress bar, print and store the plan.

The planner (:mod:`votebank.canvass_plan`) prices chunks with batches of runs, seconds to minutes
of them: the bar says how many of the hours it can place are placed, on stderr, and only on a
terminal: piped output and logs stay as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from votebank.canvass_check import check_plan
from votebank.canvass_inputs import MAX_CHUNKS, check_inputs
from votebank.canvass_plan import plan_canvass
from votebank.canvass_render import off_note, render_plan, unplaced_why
from votebank.canvass_store import store_plan, store_problems
from votebank.commands.options import SchedulerOption, WorkersOption
from votebank.display import plural, safe
from votebank.errors import InputError, Problem
from votebank.kept_arrays import KeptArrays
from votebank.results.store import MAX_RUNS, STORE_NAME
from votebank.scenario.load import load_scenario

BATCHES = "plan-canvass-batches"
"""The folder, in --out, that keeps a stopped plan's batches (:mod:`votebank.kept_arrays`)."""


def plan_canvass_command(
    scenario: Annotated[str, typer.Argument(help="Built-in name, folder or TOML file.")],
    party: Annotated[str, typer.Option(help="The party whose canvass is planned.")],
    budget: Annotated[
        float,
        typer.Option(help=f"Volunteer-hours to spend (> 0, at most {MAX_CHUNKS:,} --step chunks)."),
    ],
    home: Annotated[
        list[str] | None,
        typer.Option(help="SEAT=HOURS: volunteers' hours available in a seat (>= 0); repeat."),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(help="Volunteers travel within these regions; repeat (not with --home)."),
    ] = None,
    step: Annotated[float, typer.Option(help="Hours per chunk (> 0).")] = 100.0,
    runs: Annotated[int, typer.Option(help="Runs per batch (1 to 1,000,000).")] = 100,
    seed: Annotated[int, typer.Option(help="Seed of the planning runs (>= 0).")] = 0,
    out: Annotated[Path, typer.Option("--out", help="Output folder (holds votebank.duckdb).")] = (
        Path("votebank-out")
    ),
    check: Annotated[
        int,
        typer.Option(
            help="Fresh runs (after the plan's own) that price the finished plan: 0 (none) "
            f"or 2 to {MAX_RUNS:,}."
        ),
    ] = 400,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Plan where a party's volunteer-hours win the most seats; store it as canvass_plan.

    A budget may need at most 10,000 chunks of --step hours. Bad options are reported together.
    """
    from rich.console import Console

    from votebank.ensemble.cluster import OPTIONS, cluster_client, workers_problem
    from votebank.terminal import bar_columns, err, transient_bar

    problems, home_seats, unread = store_problems(out), None, False
    for item in home or ():
        home_seats = home_seats or {}
        seat, _, hours = item.partition("=")  # no "=": hours is "", which float rejects
        seat = seat.strip()  # "E14000620 = 500": the seat, not one "E14000620 " unknown
        try:
            value = float(hours)
        except ValueError:
            why = "wants SEAT=HOURS, e.g. T-1=200"
            if "," in hours:  # "A=500,B=300": one option each, as --region
                why += ", one seat a --home: repeat it (--home A=500 --home B=300)"
            problems.append(Problem("--home", "", item, why))
            unread = True
            continue
        if seat in home_seats:
            problems.append(Problem("--home", seat, item, "seat given twice"))
        home_seats[seat] = value
    try:
        sc = load_scenario(scenario)
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    found, _ = check_inputs(
        sc, budget, step, party, home_seats, region or None, runs, reach=not unread, seed=seed
    )
    problems += found
    problems += [p for p in [workers_problem(workers, scheduler, OPTIONS)] if p]
    if check < 0 or check == 1 or check > MAX_RUNS:  # one run has no standard error
        why = f"give 0 (no check) or 2 to {MAX_RUNS:,} runs"
        problems.append(Problem("--check", "", str(check), why))
    if problems:
        raise InputError(problems)
    kw = {"party": party, "home_seats": home_seats, "regions": region or None, "runs": runs}
    kept = KeptArrays(out / BATCHES)
    with (
        cluster_client(workers, scheduler) as client,
        transient_bar(*bar_columns(), console=err) as bar,
    ):
        task = bar.add_task(f"{safe(sc.name)}: {safe(party)} hours placed", total=None, rate="")
        batch = bar.add_task("runs of the batch pricing them", total=runs, rate="")

        def advance(done: float, total: float) -> None:
            bar.update(task, completed=done, total=total)

        def priced(done: int, total: int) -> None:
            bar.update(batch, completed=done, total=total)

        try:
            plan = plan_canvass(
                sc,
                budget,
                step_hours=step,
                seed=seed,
                progress=advance,
                batch_progress=priced,
                client=client,
                kept=kept,
                **kw,
            )
        except KeyboardInterrupt as exc:
            raise KeyboardInterrupt(stopped_note(kept)) from exc
        if check and not plan.empty:
            fresh = bar.add_task("fresh runs checking the plan", total=2 * check, rate="")
            plan.attrs["check"] = check_plan(
                sc,
                plan,
                runs=check,
                client=client,
                progress=lambda done, total: bar.update(fresh, completed=done, total=total),
            )
    if kept.read:
        err.print(
            f"went on from {plural(kept.read, 'batch', 'batches')} a stopped plan kept",
            highlight=False,
        )
    console = Console(emoji=False, soft_wrap=True)  # ":A:" of an id no 🅰, a path unfolded
    if note := off_note(sc, party):
        console.print(safe(note), highlight=False, soft_wrap=False)
    if plan.empty:  # nothing to store: no seat won a run more with the hours
        console.print(f"No hours placed for {safe(party)}: {unplaced_why(plan)}.", highlight=False)
        kept.forget()
        return
    console.print(render_plan(plan), soft_wrap=False)
    plan_id = store_plan(plan, out / STORE_NAME)
    kept.forget()
    console.print(f"[dim]plan {plan_id} stored in {safe(out / STORE_NAME)} (canvass_plan)[/dim]")


def stopped_note(kept: KeptArrays) -> str:
    """What a stopped plan leaves: its batches, which the same command reads again."""
    return (
        f"the batches priced are kept in {kept.folder}: the same command goes on from them "
        "(other options start a new plan)"
    )
