"""``votebank forensics-power`` and ``votebank forensics-run`` (registered by the main CLI).

* ``forensics-power SCENARIO`` simulates the scenario at several levels of ballot stuffing and
  measures how often each forensic test catches it (see :mod:`votebank.forensics.power`).
* ``forensics-run`` runs the forensic tests on one stored run of ``votebank run`` and prints the
  simulation's ground truth beside the verdicts.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from votebank.commands.options import finite_between
from votebank.display import plural, safe
from votebank.errors import InputError, Interrupted, Problem
from votebank.forensics.analyze import ALPHA, MAX_BOOTSTRAP, analyze
from votebank.forensics.cli import _print_problems, print_written
from votebank.forensics.klimek_grid import F_E_GRID, F_I_GRID
from votebank.forensics.plots import output_problems, write_outputs
from votebank.forensics.power import forensics_power, subset_seats
from votebank.forensics.power_arguments import station_table_problem
from votebank.forensics.power_checkpoint import CHECKPOINT_NAME
from votebank.forensics.power_compilation import (
    DEFAULT_COMPILATION_LEVELS,
    compilation_power,
    compilation_table,
)
from votebank.forensics.power_levels import DEFAULT_LEVELS
from votebank.forensics.power_outputs import power_tables, write_power_outputs
from votebank.forensics.report import ForensicsReport
from votebank.forensics.screen import caveats, flags_table
from votebank.forensics.stored import NATIONAL, StationTruth, station_results_from_store
from votebank.forensics.stored_fraud import unrecorded_fraud
from votebank.outputs import write_text
from votebank.results.store import MAX_RUNS, STORE_NAME
from votebank.scenario.load import load_scenario

_MILITIA = "mechanisms.landlords.militia_prob"  # set by --militia-prob in a compilation study

DEFAULT_POWER_OUT = Path("votebank-out/forensics-power")


def forensics_power_command(
    scenario: str = typer.Argument(
        "pakistan-2008", help="Built-in scenario name, folder or TOML file."
    ),
    # No default of its own: the stuffing default typed out in full is levels to run, not "no
    # --levels given", and a compilation study has other defaults.
    levels: str | None = typer.Option(
        None,
        "--levels",
        help=f"Target shares of stations stuffed (default {DEFAULT_LEVELS}; of seats shifted, "
        f"with --fraud compilation: default {DEFAULT_COMPILATION_LEVELS}): none, shares (0.05) "
        "or percents (5%), max.",
    ),
    runs: int = typer.Option(
        20, "--runs", min=2, max=1_000_000, help="Simulated elections per level."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of every level and analysis."),
    bootstrap: int = typer.Option(
        100,
        "--bootstrap",
        min=0,
        max=MAX_BOOTSTRAP,
        help="Bootstrap refits per analysis (Klimek intervals and p-values; as in "
        "`votebank forensics`, since below 80 a Klimek test cannot lead the family decision).",
    ),
    out: Path = typer.Option(  # noqa: B008  (typer reads its parameters from defaults)
        DEFAULT_POWER_OUT, "--out", help="Folder for power.json, roc.png and roc.svg."
    ),
    seats: int | None = typer.Option(
        None, "--seats", min=1, help="Use this many evenly spaced constituencies (quicker)."
    ),
    leader: str = typer.Option(
        NATIONAL, "--leader", help="Leader column: national, station, or a party id."
    ),
    militia_prob: float | None = typer.Option(
        None,
        "--militia-prob",
        callback=finite_between(0, 1),
        help="Share of resident landlords with armed men (0 to 1), in every level (caps the top "
        "level; default: 1.0, and with --fraud compilation the scenario's).",
    ),
    extreme_share: float | None = typer.Option(
        None,
        "--extreme-share",
        callback=finite_between(0, 1),
        help="Share of captured stations stuffed to the extreme (0 to 1).",
    ),
    alpha: float = typer.Option(
        0.05,
        "--alpha",
        callback=finite_between(*ALPHA),
        help="Nominal level (1e-06 to 0.5).",
    ),
    fraud: str = typer.Option(
        "stuffing",
        "--fraud",
        help="Fraud kind: stuffing (levels: shares of stations stuffed) or compilation "
        "(returning officers moving votes; levels: shares of seats shifted).",
    ),
    by_constituency: bool = typer.Option(
        True,
        "--by-constituency/--national-only",
        help="Give the analysis each station's constituency as its region (the Klimek fit is "
        "standardised within constituency), or fit all stations as one cluster.",
    ),
    resume: bool = typer.Option(
        False,
        "--resume",
        help=f"Go on from a stopped study: the elections kept in OUT/{CHECKPOINT_NAME} are "
        "not made again (the same scenario, levels, seed and settings only).",
    ),
) -> None:
    """Measure how often each forensic test detects simulated stuffing or compilation fraud."""
    if fraud not in ("stuffing", "compilation"):
        _print_problems(InputError([Problem("--fraud", "", fraud, "use stuffing or compilation")]))
        raise typer.Exit(2)
    console, err = Console(), Console(stderr=True)
    try:
        problems = output_problems(out, files=("power.json", "roc.png", "roc.svg"))
        if problems:
            raise InputError(problems)
        table = station_table_problem(scenario)
        if table:
            raise InputError([table])
        sc = load_scenario(scenario)
        if seats is not None and seats > len(sc.constituencies):
            held = plural(len(sc.constituencies), "constituency", "constituencies")
            why = f"{sc.name} has {held}"
            raise InputError([Problem("--seats", "", f"{seats:,}", why)])
        if seats is not None:
            sc = subset_seats(sc, seats)
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        # Started at the first election: the study checks its levels and leader first, and a
        # bar drawn before their error read as a study begun.
        bar = Progress(*columns, console=err)
        task = bar.add_task(f"{safe(sc.name)}: elections", total=None)

        count = {"done": 0, "total": 0, "kept": 0}

        def advance(done: int, total: int) -> None:
            if not bar.live.is_started:
                if done:  # the first call: the elections a resumed study read back
                    count["kept"] = done
                    kept = f"{done:,} of {total:,} elections kept in {records}"
                    err.print(safe(f"{kept}; {total - done:,} to make"), soft_wrap=True)
                bar.start()
            bar.update(task, completed=done, total=total)
            count.update(done=done, total=total)

        records = out / CHECKPOINT_NAME
        try:
            if fraud == "compilation":
                if extreme_share is not None:
                    why = "stuffing is off in a compilation study: leave it out"
                    raise InputError([Problem("--extreme-share", "", f"{extreme_share:g}", why)])
                militias = {} if militia_prob is None else {_MILITIA: militia_prob}
                result = compilation_power(
                    sc,
                    levels=DEFAULT_COMPILATION_LEVELS if levels is None else levels,
                    runs_per_level=runs,
                    seed=seed,
                    bootstrap=bootstrap,
                    alpha=alpha,
                    leader=leader,
                    overrides=militias,
                    progress=advance,
                    by_constituency=by_constituency,
                    records=records,
                    resume=resume,
                )
            else:
                result = forensics_power(
                    sc,
                    levels=DEFAULT_LEVELS if levels is None else levels,
                    runs_per_level=runs,
                    seed=seed,
                    bootstrap=bootstrap,
                    alpha=alpha,
                    leader=leader,
                    militia_prob=1.0 if militia_prob is None else militia_prob,
                    extreme_share=extreme_share,
                    progress=advance,
                    by_constituency=by_constituency,
                    records=records,
                    resume=resume,
                )
        except KeyboardInterrupt:
            kept = f"{count['done']} of {count['total']} elections kept in {records}"
            raise Interrupted(f"{kept}; run the same command with --resume to go on") from None
        finally:
            bar.stop()
    except InputError as exc:
        # The study names its Python arguments; here they are options.
        named = [replace(p, file="--leader") if p.file == "leader" else p for p in exc.problems]
        _print_problems(InputError(named))
        raise typer.Exit(2) from None
    if fraud == "compilation":
        # Once the bar is gone: printed under it, the table's first line was drawn over.
        _report_compilation(console, result, out, count["kept"])
        records.unlink(missing_ok=True)  # the study is whole in power.json
        return
    paths = write_power_outputs(result, out)
    records.unlink(missing_ok=True)
    for table in power_tables(result):
        console.print(table)
    made = _made(len(result.records), count["kept"], result.seconds)
    console.print(
        safe(f"{made}. Wrote {paths['json']}, {paths['png'].name} and {paths['svg'].name}."),
        soft_wrap=True,
    )


def _made(elections: int, kept: int, seconds: float) -> str:
    """``36 simulated elections in 10 s``, or what a resumed study made and kept."""
    if not kept:
        return f"{elections:,} simulated elections in {seconds:.0f} s"
    made = f"{elections - kept:,} made in {seconds:.0f} s"
    return f"{elections:,} simulated elections: {kept:,} kept, {made}"


def _report_compilation(console: Console, result, out: Path, kept: int) -> None:
    """Print the compilation study's detection rates and write its power.json."""
    path = out / "power.json"
    text = json.dumps(result.to_dict(), indent=1, ensure_ascii=False, allow_nan=False)
    write_text(text + "\n", path)
    for name in ("roc.png", "roc.svg"):
        # No ROC for this kind: a stuffing study's, left here, would read as this one's.
        (out / name).unlink(missing_ok=True)
    console.print(compilation_table(result))
    console.print(
        safe(f"{_made(len(result.records), kept, result.seconds)}. Wrote {path}."),
        soft_wrap=True,
    )


def forensics_run_command(
    out: Path = typer.Option(  # noqa: B008  (as above)
        Path("votebank-out"), "--out", help="Output folder of `votebank run` (votebank.duckdb)."
    ),
    ensemble: str | None = typer.Option(None, "--ensemble", help="Ensemble id (default: latest)."),
    run: int = typer.Option(
        0, "--run", min=0, max=MAX_RUNS - 1, help="Run index (must have kept station rows)."
    ),
    leader: str = typer.Option(
        NATIONAL, "--leader", help="Leader column: national, station, or a party id."
    ),
    to: Path | None = typer.Option(  # noqa: B008
        None, "--to", help="Folder for forensics.json and plots (default: OUT/forensics-run)."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of all simulations and resamples."),
    bootstrap: int = typer.Option(
        100, "--bootstrap", min=0, max=MAX_BOOTSTRAP, help="Bootstrap resamples."
    ),
    alpha: float = typer.Option(
        0.05,
        "--alpha",
        callback=finite_between(*ALPHA),
        help="Nominal level (1e-06 to 0.5).",
    ),
    by_constituency: bool = typer.Option(
        True,
        "--by-constituency/--national-only",
        help="Give the analysis each station's constituency as its region (the Klimek fit is "
        "standardised within constituency, as forensics-power does), or fit all stations as "
        "one cluster (the constituencies' honest differences then read as misfit or fraud).",
    ),
) -> None:
    """Run the forensic tests on one stored run and show the simulated truth beside them."""
    console = Console()
    folder = to or out / "forensics-run"
    try:
        problems = output_problems(folder, option="--to" if to else "--out")
        if problems:
            raise InputError(problems)
        results, truth = station_results_from_store(
            out / STORE_NAME, ensemble, run, leader=leader, regions=by_constituency
        )
        unrecorded = unrecorded_fraud(out / STORE_NAME, ensemble)
    except InputError as exc:
        _print_problems(exc)
        raise typer.Exit(2) from None
    with console.status("Analysing..."):
        # As forensics-power: the national fit standardised within constituency, no table per
        # constituency (a full analysis of each of 272 seats would take minutes).
        report = analyze(results, seed=seed, bootstrap=bootstrap, alpha=alpha, per_region=False)
        truth_line = " ".join(
            filter(
                None, (truth_text(truth, results.leader_name), unrecorded, missed(report, truth))
            )
        )
        # Kept beside the verdicts, so the report can show what the run really did.
        paths = write_outputs(
            report, results, folder, extra={"simulated_truth": truth_fields(truth, truth_line)}
        )
    console.print(flags_table(report.flags, report.source, results.n_stations))
    if (said := caveats(report)) is not None:
        console.print(said)
    console.print(safe(report.headline))
    console.print(safe(truth_line))  # wrapped at the terminal width, as the headline
    print_written(console, paths)  # as `votebank forensics` names them: the folder whole


def truth_text(truth: StationTruth, leader: str) -> str:
    """One paragraph on what the simulation really did at the analysed stations."""
    pct = _pct
    text = (
        f"Simulated truth: {pct(truth.share('stuffed'))} of the {truth.n_stations:,} analysed "
        f"stations were stuffed ({pct(truth.share('incremental'))} incrementally, "
        f"{pct(truth.share('extreme'))} to the extreme) and {pct(truth.share('fabricated'))} "
        f"had their result written. The leader column is {leader}."
    )
    if truth.dropped:
        were = "was" if truth.dropped == 1 else "were"
        text += f" {plural(truth.dropped, 'station')} {were} left out (no {leader} candidate in "
        text += "the seat)."
    if truth.for_leader is None:
        text += " The store does not record for whom each station was stuffed."
    return text


def truth_fields(truth: StationTruth, reading: str) -> dict[str, object]:
    """The run's simulated truth as ``forensics.json`` keeps it: shares of analysed stations."""
    mine = truth.for_leader is not None
    shares = {
        kind: truth.share(kind) for kind in ("stuffed", "incremental", "extreme", "fabricated")
    }
    if mine:
        shares |= {
            f"{k}_for_leader": truth.share(k, for_leader=True) for k in ("incremental", "extreme")
        }
    return {"reading": reading, "stations": truth.n_stations, **shares}


def missed(report: ForensicsReport, truth: StationTruth) -> str:
    """A sentence for each Klimek interval that does not hold the simulated share ('' if none).

    Side by side, a flag at f_i 90% beside 8.3% stuffed incrementally read as a detection; the
    fit misread the run (tiny's honest stations are not one fair cluster: docs/forensics.md).
    """
    k, mine = report.klimek, truth.for_leader is not None
    said = []
    for name, value, (low, high), kind, grid in (
        ("f_i", k.f_i, k.f_i_interval, "incremental", F_I_GRID),
        ("f_e", k.f_e, k.f_e_interval, "extreme", F_E_GRID),
    ):
        real = truth.share(kind, for_leader=mine)
        # The fit takes grid values only (f_e every 0.5 points): 0.46% stuffed is held by an
        # interval of 0.5% to 0.5%, which was said to miss it ("does not hold the simulated 0.5%").
        near = grid[np.argmin(np.abs(grid - real))] if np.isfinite(real) else real
        if np.isfinite(low) and np.isfinite(high) and not low - 1e-9 <= near <= high + 1e-9:
            said.append(
                f"The Klimek {name} interval ({_pct(low)} to {_pct(high)}, best fit "
                f"{_pct(value)}) does not hold the simulated {_pct(real)}: the fit misreads "
                "this run (the model takes the honest stations for one cluster; "
                "docs/forensics.md says when they are not)."
            )
    return " ".join(said)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"
