"""The ``votebank forensics INPUT`` command (registered by the main CLI)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from votebank.commands.options import finite_between
from votebank.display import plural, safe
from votebank.errors import InputError
from votebank.forensics.analyze import ALPHA, MAX_BOOTSTRAP, analyze
from votebank.forensics.plots import output_problems, write_outputs
from votebank.forensics.reader import read_station_results
from votebank.forensics.screen import caveats, flags_table, region_table
from votebank.outputs import file_path
from votebank.terminal import transient_bar

DEFAULT_OUT = Path("votebank-out/forensics")


FLAGGED_FILE = file_path("--flagged-stations", "a CSV file")  # a value ending in / refused


def forensics_command(
    input: Path = typer.Argument(  # noqa: B008  (typer reads its parameters from defaults)
        ..., help="Polling-station results: .csv, .tsv, .parquet (or .xlsx with openpyxl)."
    ),
    registered: str = typer.Option(
        ..., "--registered", help="Column of registered voters (name or 0-based position)."
    ),
    ballots: str = typer.Option(
        ..., "--ballots", help="Column of ballots cast, or a sum of columns: 'A + B + C'."
    ),
    leader: str = typer.Option(
        "auto", "--leader", help="Column of the leader's votes, or 'auto' (largest of --others)."
    ),
    others: str | None = typer.Option(
        None, "--others", help="Other parties' columns, comma-separated names or positions."
    ),
    valid: str | None = typer.Option(
        None, "--valid", help="Column of valid ballots (default: ballots cast)."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Text encoding of a CSV (default: try utf-8, cp1251, ...)."
    ),
    out: Path = typer.Option(  # noqa: B008  (as for INPUT)
        DEFAULT_OUT, "--out", help="Folder for forensics.json and plots."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of all simulations and resamples."),
    bootstrap: int = typer.Option(
        100,
        "--bootstrap",
        min=0,
        max=MAX_BOOTSTRAP,
        help="Bootstrap resamples (more: steadier intervals; the Klimek p-values are at least "
        "1/(B+1): at alpha 0.05, below 80 a Klimek test cannot lead the family decision).",
    ),
    alpha: float = typer.Option(
        0.05,
        "--alpha",
        callback=finite_between(*ALPHA),
        help="Nominal level of the flags (1e-06 to 0.5).",
    ),
    region: str | None = typer.Option(
        None,
        "--region",
        help="Column of regions: every test per region, ranked; the Klimek fit of all "
        "stations is standardised within region.",
    ),
    station_id: str | None = typer.Option(
        None,
        "--id",
        help="Column naming each station (its number on the protocol), written in the "
        "flagged-stations CSV (default: the file's row number).",
    ),
    keep_rows: str | None = typer.Option(
        None,
        "--keep-rows",
        help="Rows to read as stations though they look like totals or subtotals, "
        "comma-separated, numbered as in the file's problems (the header is row 1).",
    ),
    leave_out_unregistered: bool = typer.Option(
        False,
        "--leave-out-unregistered",
        help="Leave out stations with ballots cast but 0 registered voters (turnout undefined), "
        "counting and naming them, instead of refusing the file.",
    ),
    thousands: str | None = typer.Option(
        None,
        "--thousands",
        help="'.' when the file writes counts as 1.234.567 (read only when given: 1.234 may "
        "be a decimal); commas, spaces and apostrophes are read without it.",
    ),
    flagged_stations: Path | None = typer.Option(  # noqa: B008  (as for INPUT)
        None,
        "--flagged-stations",
        parser=FLAGGED_FILE,
        metavar="<path>",
        help="CSV of the stations behind each flag (default: flagged_stations.csv in --out).",
    ),
) -> None:
    """Test polling-station results for statistical fingerprints of fraud."""
    console = Console()
    try:
        problems = output_problems(out, flagged_stations, inputs=(input,))
        if problems:
            raise InputError(problems)
        results = read_station_results(
            input,
            registered=registered,
            ballots=ballots,
            leader=leader,
            others=others,
            valid=valid,
            encoding=encoding,
            region=region,
            id_column=station_id,
            keep_rows=keep_rows,
            leave_out_unregistered=leave_out_unregistered,
            thousands=thousands,
        )
    except InputError as err:
        _print_problems(err)
        raise typer.Exit(2) from None
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with transient_bar(*columns, console=console) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done)

        report = analyze(results, seed=seed, bootstrap=bootstrap, alpha=alpha, progress=progress)
        paths = write_outputs(report, results, out, flagged_path=flagged_stations)
        _drop_stale_flagged(out, flagged_stations, input)
    console.print(flags_table(report.flags, report.source, results.n_stations))
    if (said := caveats(report)) is not None:
        console.print(said)
    if report.empty:
        shown = _listed(report.empty)
        console.print(
            safe(
                f"Left out {plural(len(report.empty), 'station')} with no registered voter and "
                f"nothing counted (closed or cancelled): {shown}."
            ),
        )
    if report.unregistered:
        _print_unregistered(console, report)
    if report.over_roll:
        _print_over_roll(console, report)
    if report.no_ballots:
        _print_no_ballots(console, report)
    if report.repeated:
        shown = _listed([f"row {r} (as row {f})" for r, f in report.repeated])
        one = len(report.repeated) == 1
        console.print(
            f"[yellow]{plural(len(report.repeated), 'row')} "
            + (
                "repeats an earlier row cell for cell and is counted as a station of its own"
                if one
                else "repeat an earlier row cell for cell and are counted as stations of their own"
            )
            + f": {shown}. If the file was pasted twice, "
            "delete the copy; with --id, repeated rows are refused.[/yellow]",
        )
    if report.labels_twice:
        twice = [
            f"{k} ({n} rows)" if r is None else f"{k} in {r} ({n} rows)"
            for k, r, n in report.labels_twice
        ]
        console.print(
            safe(
                f"{plural(len(twice), 'station label')} given to more than one row, each "
                f"analysed as a station of its own: {_listed(twice)}. Check the --id column: "
                "the flagged-stations CSV names stations by it."
            ),
            style="yellow",
        )
    if report.regions:
        console.print(region_table(report, results.region_name))
    # Labels and paths are data: "[/x]" in a station, region or folder name is no markup.
    console.print(safe(report.headline))
    print_written(console, paths)


def print_written(console: Console, paths: dict) -> None:
    """Say what was written: the folder on a line of its own, then the files' names.

    The folder is whole (copied from the screen, it names the folder); the names under it wrap
    between names, at any terminal's width.
    """
    folder = paths["json"].parent
    console.print(safe(f"Wrote to {folder}:"), soft_wrap=True)
    names = [p.name if p.parent == folder else str(p) for p in paths.values()]
    console.print(safe("  " + ", ".join(names) + "."))


def _print_unregistered(console: Console, report) -> None:
    """The stations left out for ballots with no voter on the roll, and the ballots they held."""
    left = report.unregistered
    held = sum(b for _, b in left)
    share = held / (held + report.totals["ballots"]) if held else 0.0
    shown = _listed([f"{s} ({b:,} ballots)" for s, b in left])
    console.print(
        safe(
            f"Left out {plural(len(left), 'station')} with ballots cast but no registered "
            f"voter (turnout undefined), as --leave-out-unregistered asks: {shown}. Their "
            f"{held:,} ballots ({100 * share:.2g}% of all) are in no test."
        ),
        style="yellow",
    )


def _print_over_roll(console: Console, report) -> None:
    """The stations with more ballots than registered voters: kept, and named."""
    over = report.over_roll
    share = len(over) / report.n_stations
    shown = _listed([f"{s} ({b:,} ballots, {r:,} registered)" for s, r, b in over])
    console.print(
        safe(
            f"{plural(len(over), 'station')} ({100 * share:.2g}% of all) "
            f"{'reports' if len(over) == 1 else 'report'} more ballots than registered voters: "
            f"{shown}. Kept in every test (mobile boxes and voters added on the day do this); "
            "check them against their protocols."
        ),
        style="yellow",
    )


def _print_no_ballots(console: Console, report) -> None:
    """The stations with voters on the roll and no ballot: kept at turnout 0, and named."""
    none = report.no_ballots
    voters = sum(r for _, r in none)
    shown = _listed([f"{s} ({r:,} registered)" for s, r in none])
    console.print(
        safe(
            f"{plural(len(none), 'station')} with voters on the roll "
            f"{'reports' if len(none) == 1 else 'report'} no ballot cast "
            f"({voters:,} registered voters in all): {shown}. Kept at 0% turnout (the Klimek "
            "fit leaves them out); a station that did not open, or whose result was not "
            "entered, reads so."
        ),
        style="yellow",
    )


def _listed(items: list[str] | tuple[str, ...], shown: int = 10) -> str:
    """The first items, then how many more: ", ..." before a full stop read as four dots."""
    more = f", and {len(items) - shown:,} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def _print_problems(err: InputError) -> None:
    console = Console(stderr=True)
    n = len(err.problems)
    head = f"{n} problem{'s' if n != 1 else ''} in the input:"
    console.print(Text(head, style="bold red"), soft_wrap=True)
    for p in err.problems:
        # soft_wrap: long paths stay on one line, so each problem can be copied or grepped.
        # str(p): no "(got )" after an empty cell, and a huge value cut short.
        console.print(Text(f"  - {p}", style="red"), soft_wrap=True)
    console.print("Nothing was written.")


def _drop_stale_flagged(out: Path, flagged: Path | None, input: Path) -> None:
    """An earlier run's flagged stations in --out, when this run writes its own elsewhere.

    Beside this run's report they would read as its stations (the CSV does not name its
    file). An input file of that name is the user's, not an earlier run's.
    """
    stale = out / "flagged_stations.csv"
    if flagged is not None and stale.resolve() not in (flagged.resolve(), input.resolve()):
        stale.unlink(missing_ok=True)
