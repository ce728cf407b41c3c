"""The ``votebank forensics INPUT`` command (registered by the main CLI)."""

from __future__ import annotations

import math
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from votebank.display import DataTable as Table
from votebank.errors import InputError
from votebank.forensics.analyze import Flag, analyze
from votebank.forensics.io import read_station_results
from votebank.forensics.plots import write_outputs

DEFAULT_OUT = Path("votebank-out/forensics")


def forensics_command(
    input: Path = typer.Argument(  # noqa: B008  (typer reads its parameters from defaults)
        ..., help="Polling-station results: .csv, .tsv, .parquet (or .xlsx with openpyxl)."
    ),
    registered: str = typer.Option(
        ..., "--registered", help="Column of registered voters (name or 0-based position)."
    ),
    ballots: str = typer.Option(..., "--ballots", help="Column of ballots cast."),
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
    seed: int = typer.Option(0, "--seed", help="Seed of all simulations and resamples."),
    bootstrap: int = typer.Option(
        100, "--bootstrap", min=0, help="Bootstrap resamples (more: steadier intervals)."
    ),
    alpha: float = typer.Option(
        0.05, "--alpha", min=1e-6, max=0.5, help="Nominal level of the flags."
    ),
) -> None:
    """Test polling-station results for statistical fingerprints of fraud."""
    console = Console()
    try:
        results = read_station_results(
            input,
            registered=registered,
            ballots=ballots,
            leader=leader,
            others=others,
            valid=valid,
            encoding=encoding,
        )
    except InputError as err:
        _print_problems(err)
        raise typer.Exit(2) from None
    with console.status("Analysing..."):
        report = analyze(results, seed=seed, bootstrap=bootstrap, alpha=alpha)
        paths = write_outputs(report, results, out)
    console.print(_table(report.flags, report.source, results.n_stations))
    console.print(report.headline)
    console.print(
        f"Wrote {paths['json']}, {paths['png'].name} and {paths['svg'].name}.", soft_wrap=True
    )


def _print_problems(err: InputError) -> None:
    console = Console(stderr=True)
    n = len(err.problems)
    head = f"{n} problem{'s' if n != 1 else ''} in the input:"
    console.print(Text(head, style="bold red"), soft_wrap=True)
    for p in err.problems:
        where = f"{p.file}: {p.location}" if p.location else p.file
        # soft_wrap: long paths stay on one line, so each problem can be copied or grepped.
        console.print(
            Text(f"  - {where}: {p.message} (got {p.value})", style="red"), soft_wrap=True
        )
    console.print("Nothing was written.")


def _num(x: float | None, fmt: str = ".3g") -> str:
    if x is None or not math.isfinite(x):
        return "-"
    return format(x, fmt)


def _table(flags: tuple[Flag, ...], source: str, n: int) -> Table:
    table = Table(title=f"Forensics: {source} ({n:,} stations)", show_lines=True)
    table.add_column("Test", max_width=20)
    table.add_column("Statistic", justify="right", no_wrap=True)
    table.add_column("p / interval", justify="right", no_wrap=True)
    table.add_column("Flag", justify="center", no_wrap=True)
    table.add_column("Reading", ratio=1)
    for f in flags:
        if f.p_value is not None:
            evidence = "< 0.0001" if f.p_value < 1e-4 else _num(f.p_value, ".4f")
        elif f.interval is not None:
            evidence = f"[{_num(f.interval[0])}, {_num(f.interval[1])}]"
        else:
            evidence = "-"
        if f.flagged:
            mark = Text("YES" if f.counted else "weak", style="bold red")
        else:
            mark = Text("no", style="green")
        table.add_row(f.test, _num(f.statistic), evidence, mark, f.reading)
    return table
