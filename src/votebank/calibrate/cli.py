"""Command bodies of ``votebank calibrate`` and ``votebank validate-against``.

The main app registers them::

    app.command("calibrate")(calibrate_command)
    app.command("validate-against")(validate_command)

``votebank match`` is in :mod:`votebank.calibrate.match_cli`; it shares the bar, the refusal of
results with nothing to match and the notes written here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from votebank.calibrate.align import Aligned, lost_note
from votebank.calibrate.fit_arguments import MAX_SEED, MAX_TRIALS
from votebank.calibrate.inputs import refuse_a_folder_it_reads
from votebank.calibrate.target import Target
from votebank.calibrate.trials_kept import TRIALS_NAME
from votebank.commands.options import (
    AgainstOption,
    ParameterUncertaintyOption,
    SchedulerOption,
    WorkersOption,
    file_option,
    finite_between,
)
from votebank.display import DataTable as Table
from votebank.display import listed, safe
from votebank.errors import InputError
from votebank.outputs import check_outputs, write_text
from votebank.scenario.load import Scenario, load_scenario

console = Console()
err = Console(stderr=True)

ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace a scenario in --out that is no earlier result.")
]
"""``--force`` of the commands that write a scenario to --out (calibrate, match)."""


def progress_bar() -> Progress:
    """The bar of a calibration's trials, a validation's runs or a match's iterations."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        TimeElapsedColumn(),
        console=err,
    )


def aligned_or_refused(
    sc: Scenario, target: Target, *, fit: bool = True, turnout: bool = False, shares: bool = False
) -> Aligned:
    """The results on the scenario's grid, refused (exit 2) before any run if nothing to do.

    Validating needs a seat in common; fitting (``fit``) a seat whose real shares lie on the
    scenario's candidates; matching turnout (``turnout``) one with a real turnout; matching
    shares (``shares``) a candidate with real votes whose appeal the runs read.
    """
    from votebank.calibrate.match import shares_problem
    from votebank.calibrate.no_turnout import no_turnout_problem
    from votebank.calibrate.validate_inputs import require_common_seats
    from votebank.errors import InputError, Problem
    from votebank.run.contests import build_contests

    contests = build_contests(sc)
    aligned = target.align(contests, sc.name)
    require_common_seats(aligned, target, sc.name)
    if fit and not aligned.seats.any():
        lost = contests.seat_ids[aligned.unmatched_winner].astype(str).tolist()
        why = f"no seat whose real winner is a candidate of {sc.name}, nothing to fit"
        raise InputError([Problem(target.name, "winners", listed(lost), why)])
    t = aligned.turnout
    if turnout and not (aligned.seats & (t > 0) & (t < 1)).any():
        raise InputError([no_turnout_problem(target, aligned, contests, sc.name)])
    if shares and (problem := shares_problem(sc, target, aligned, contests)):
        raise InputError([problem])
    return aligned


def print_notes(notes: tuple[str, ...] | list[str]) -> None:
    """What reading and aligning the results left out, one note a line (on stderr)."""
    for note in notes:
        err.print(f"[yellow]note:[/yellow] {safe(note)}", highlight=False)


def calibrate_command(
    scenario: Annotated[str, typer.Argument(help="Scenario to fit: name, folder or TOML file.")],
    against: AgainstOption,
    params: Annotated[
        list[str],
        typer.Option(
            "--param",
            "-p",
            help="Parameter to fit, PATH or PATH=LOW:HIGH (repeat), e.g. turnout.base, "
            "mechanisms.biradari.cohesion=0.5:0.95, mood.Punjab.PPPP.",
        ),
    ],
    trials: Annotated[
        int, typer.Option(min=1, max=MAX_TRIALS, help="Trials (the first is the start).")
    ] = 30,
    runs: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Runs per trial (same seed each).")
    ] = 4,
    seed: Annotated[
        int, typer.Option(min=0, max=MAX_SEED, help="Seed of the search and the runs.")
    ] = 0,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the calibrated scenario and trial log.")
    ] = Path("votebank-out/calibrated"),
    force: ForceOption = False,
    loss: Annotated[
        str,
        typer.Option(
            help="'means' (errors of mean shares, turnout, margins) or 'distributional' (also "
            "KS distances of winner's share, margin, turnout, effective parties, independents' "
            "share; seats won with >60%; winners; stations over 100%)."
        ),
    ] = "means",
    over_roll: Annotated[
        float | None,
        typer.Option(
            callback=finite_between(0, 1),
            help="Target share of stations with turnout above 100% (0 to 1; distributional loss).",
        ),
    ] = None,
    check_seeds: Annotated[
        int,
        typer.Option(
            min=0,
            max=100,
            help="Score the start and the fit again on this many fresh seeds (0: not), to "
            "tell the gain from the noise of the search's one seed.",
        ),
    ] = 3,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Go on from a stopped search: the trials kept in --out (trials.partial.jsonl) "
            "are read back, not run again (the same scenario, results and settings only).",
        ),
    ] = False,
) -> None:
    """Fit scenario parameters to real results (seeded TPE search over ensemble summaries)."""
    check_outputs(folders={"--out": out})
    from votebank.calibrate.fit import calibrate
    from votebank.calibrate.objective import DEFAULT_WEIGHTS, DISTRIBUTIONAL_WEIGHTS
    from votebank.calibrate.params import parse_params
    from votebank.calibrate.target import load_target
    from votebank.errors import InputError, Problem

    weights = {"means": DEFAULT_WEIGHTS, "distributional": DISTRIBUTIONAL_WEIGHTS}.get(loss)
    if weights is None:
        raise typer.BadParameter(f"--loss must be 'means' or 'distributional', not {loss!r}")
    if over_roll is not None and "over_roll" not in weights:  # before a cluster starts for it
        why = "no part of the 'means' loss scores it: add --loss distributional"
        raise InputError([Problem("--over-roll", "", repr(over_roll), why)])
    sc = load_scenario(scenario)
    refuse_a_folder_it_reads(sc, against, out, force, "calibration.json")
    plist = parse_params(params, sc)
    target = load_target(against)
    aligned = aligned_or_refused(sc, target)
    notes = (*aligned.notes, *lost_note(aligned, sc.name, "calibrate leaves out of the fit"))
    print_notes(notes)
    from votebank.ensemble.cluster import cluster_client
    from votebank.run.electorate_memory import refuse_past_memory

    refuse_past_memory([sc], workers, scheduler)
    with cluster_client(workers, scheduler) as client, progress_bar() as bar:
        task = bar.add_task(f"{safe(sc.name)}: trials", total=trials, note="")
        try:
            result = calibrate(
                sc,
                target,
                plist,
                trials=trials,
                runs_per_trial=runs,
                seed=seed,
                progress=lambda done, total, best: bar.update(
                    task, completed=done, note=f"best loss {best:.3f}"
                ),
                out=out,
                weights=weights,
                over_roll=over_roll,
                client=client,
                notes=notes,
                resume=resume,
            )
        except InputError as exc:  # refused before any trial (a stopped search's file): no
            bar.remove_task(task)  # empty bar above the message
            # The function's runs (runs_per_trial) are this command's --runs.
            named = {"runs": "--runs", "runs_per_trial": "--runs"}
            raise InputError(
                [replace(p, file=named.get(p.file, p.file)) for p in exc.problems]
            ) from None
        checked = None
        if check_seeds and result.best != result.start:  # else nothing to tell apart
            from votebank.calibrate.fresh_seeds import score_on_fresh_seeds
            from votebank.calibrate.objective import Objective

            bar.update(task, description="scoring start and fit on fresh seeds")
            objective = Objective(target, result.weights, over_roll)
            checked = score_on_fresh_seeds(
                sc,
                objective,
                result.start,
                result.best,
                runs=runs,
                search_seed=seed,
                repeats=check_seeds,
                client=client,
            )
    print_notes(result.notes[len(notes) :])  # what calibrating added (a start out of range)
    table = Table(title=f"Calibrated {sc.name} against {target.name}", title_justify="left")
    for col in ("parameter", "start", "fitted", "range"):
        table.add_column(col, justify="left" if col == "parameter" else "right")
    for p in result.params:
        table.add_row(
            p.path,
            f"{result.start[p.path]:.4g}",
            f"{result.best[p.path]:.4g}",
            f"{p.low:g}..{p.high:g}",  # as the scenario.toml header: "-3-3" read badly
        )
    start = result.trials.iloc[0]
    # Without a real turnout the turnout parts are 0 by construction: say so, not "0.00".
    unmeasured = result.unmeasured
    why = {"over_roll": "no --over-roll", "ks_independent_share": "no independent stands"}

    def weight(k: str) -> str:  # the loss adds each part times its weight: say which differ
        w = result.weights.get(k, 1.0)
        return "" if w == 1 else f" (x{w:g})"

    table.caption = f"loss (points) {start['loss']:.3f} -> {result.best_loss:.3f}: " + ", ".join(
        f"{k} - ({why.get(k, 'no real turnout')})" if k in unmeasured else f"{k} {v:.2f}{weight(k)}"
        for k, v in result.best_components.items()
    )
    console.print(table)
    if checked is not None:  # the search's own seed flatters its best trial
        from votebank.calibrate.fresh_seeds import add_to_record

        add_to_record(out, checked)
        console.print(checked.text(), highlight=False)
    where = f"calibrated scenario, trials.csv and calibration.json in {safe(out)}"
    console.print(f"[dim]{where}[/dim]", soft_wrap=True)  # a path cut at 80 columns names nothing
    if resume and not result.kept:  # silence read as "went on", where every trial ran anew
        said = f"--resume: no trial of a stopped search in {out} to read back ({TRIALS_NAME})"
        console.print(
            f"[dim]{safe(said)}; all {len(result.trials):,} run now[/dim]", soft_wrap=True
        )
    if result.kept:
        ran = len(result.trials) - result.kept
        kept = f"{result.kept:,} of {len(result.trials):,} trials read back from the stopped search"
        console.print(f"[dim]{kept} ({TRIALS_NAME}), {ran:,} run now[/dim]", soft_wrap=True)


def validate_command(
    scenario: Annotated[str, typer.Argument(help="Scenario: name, folder or TOML file.")],
    results: Annotated[
        str,
        typer.Argument(
            help="Real results: pakistan:YEAR, uk:YEAR (1974 held two: uk:1974-02-28, "
            "uk:1974-10-10), a results file (FILE or FILE:DATE) in a "
            "shipped layout, a candidates CSV with actual_votes, "
            "or a scenario whose candidates have actual_votes."
        ),
    ],
    runs: Annotated[int, typer.Option(min=2, max=1_000_000, help="Runs in the ensemble.")] = 50,
    seed: Annotated[int | None, typer.Option(min=0, help="Seed (default: the scenario's).")] = None,
    out: Annotated[
        Path | None,
        file_option("--out", "a JSON file", "Also write the validation as JSON here."),
    ] = None,
    parameter_uncertainty: ParameterUncertaintyOption = False,
    over_roll: Annotated[
        float | None,
        typer.Option(
            callback=finite_between(0, 1),
            help="Observed share of stations with turnout above 100% (0 to 1), shown beside "
            "the simulated one.",
        ),
    ] = None,
) -> None:
    """Score a scenario's ensemble against real results: seats, favourites, Brier, KS."""
    check_outputs(files={"--out": out})
    from votebank.calibrate.objective import simulate_ensemble
    from votebank.calibrate.target import load_target
    from votebank.calibrate.validate import validate_ensemble

    sc = load_scenario(scenario)
    if out is not None:
        from votebank.calibrate.inputs import files_read, output_read_problems

        if problems := output_read_problems("--out", out, files_read(sc, results)):
            raise InputError(problems)
    drawn: tuple[str, ...] = ()  # said on the terminal now, and kept in the JSON's notes
    if parameter_uncertainty:
        from votebank.run.uncertainty import describe, with_parameter_draws

        sc = with_parameter_draws(sc)
        drawn = (describe(sc.spec),)
        err.print(safe(drawn[0]), highlight=False)
    target = load_target(results)
    aligned = aligned_or_refused(sc, target, fit=False)  # refused before the progress bar
    with progress_bar() as bar:
        task = bar.add_task(f"{safe(sc.name)}: runs", total=runs, note="")
        # The scenario is loaded (validate_against would check it again) and the results
        # laid on it.
        ensemble = simulate_ensemble(
            sc, runs, seed, progress=lambda done, total: bar.update(task, completed=done)
        )
    v = validate_ensemble(ensemble, target, scenario=sc.name, aligned=aligned, over_roll=over_roll)
    for table in v.tables():
        console.print(table)
    print_notes(v.notes)
    if v.unmatched_share > 0.001:
        console.print(
            f"[yellow]{v.unmatched_share:.1%} of the real votes matched no candidate[/yellow]"
        )
    if out is not None:
        v = replace(v, notes=(*drawn, *v.notes))
        write_text(v.to_json() + "\n", out)  # whole or not at all: never a cut-off JSON
        console.print(f"[dim]written {safe(out)}[/dim]", soft_wrap=True)  # the path whole
