"""The ``votebank report`` command (registered by the main CLI)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from votebank.errors import InputError, Problem, VotebankError
from votebank.outputs import (
    file_path,
    html_name_problems,
    input_folder_problems,
    output_problems,
)
from votebank.results.store import STORE_NAME
from votebank.results.store_errors import require_store

REPORT_NAME = "report.html"
ELSEWHERE = "the report goes there unless --to names a file elsewhere"


def report_command(
    out: Annotated[
        Path, typer.Option("--out", help="Output folder (holds votebank.duckdb).")
    ] = Path("votebank-out"),
    ensemble: Annotated[
        str | None, typer.Option("--ensemble", help="Ensemble id (default: the latest).")
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            parser=file_path("--to", "an .html file"),
            metavar="<path>",
            help="HTML file to write (default: OUT/report.html).",
        ),
    ] = None,
) -> None:
    """Write a self-contained HTML report of a stored ensemble and print its path.

    It also shows forensics.json, validation.json, backtest.json and counterfactuals.json found
    in OUT (or in OUT/forensics/, OUT/forensics-run/, OUT/validation/, OUT/backtest/), except
    those that name another ensemble.
    """
    from votebank.report.build import build_report
    from votebank.report.render import write_report

    target = to if to is not None else out / REPORT_NAME
    problems = report_problems(out, to)
    if problems:
        raise InputError(problems)
    data = build_report(_store_of(out), ensemble)
    try:
        path = write_report(data, target)
    except OSError as exc:
        raise VotebankError(f"cannot write the report to {target}: {exc}") from exc
    Console().print(str(path), soft_wrap=True, markup=False, highlight=False)
    _plans_note(data.get("plans"), out)


def _store_of(out: Path) -> Path:
    """OUT's results store; where there is none, the sections' files found there are named.

    A folder `votebank backtest --out` wrote was told "run `votebank run` first" alone, as
    if the backtest had left nothing to read: its own page is written beside its JSON.
    """
    from votebank.report.extrafiles import EXTRA_FILES

    try:
        return require_store(out / STORE_NAME)
    except InputError as exc:
        found = [f for names in EXTRA_FILES.values() for f in names if (out / f).is_file()]
        if not found or (out / STORE_NAME).exists():
            raise
        pages = [f for f in found if (out / f).with_suffix(".html").is_file()]
        why = f"{exc.problems[0].message} ({', '.join(found)} here shows as a section of a"
        why += " stored ensemble's report"
        if pages:
            why += (
                f"; its own page is {', '.join(str(Path(f).with_suffix('.html')) for f in pages)}"
            )
        why += ")"
        raise InputError([replace(exc.problems[0], message=why)]) from exc


def _plans_note(plans: dict | None, out: Path) -> None:
    """Say on stderr that the store's plans of other scenarios are not in the report.

    A plan stored beside the runs of another scenario was found in no report and named by
    nothing; the plans of the ensemble's own scenario have their section.
    """
    import shlex

    from votebank.display import plural, safe
    from votebank.terminal import err

    if plans and (n := plans["other_scenarios"]):
        shown = f"`votebank plans --out {shlex.quote(str(out))}`"
        err.print(
            f"note: the report shows the plans made on this ensemble's scenario; the store also "
            f"holds {plural(n, 'canvass plan')} of other scenarios: {safe(shown)} lists them",
            highlight=False,
        )


def report_problems(out: Path, to: Path | None, hint: str = ELSEWHERE) -> list[Problem]:
    """What would stop the report being written (checked before a store is read or run).

    ``hint`` ends the message of an --out that holds no report: what the user can do instead.
    """
    if to is not None:  # --out is only read: a store on a read-only share can be reported elsewhere
        problems = input_folder_problems("--out", out) + output_problems(files={"--to": to})
        return problems + html_name_problems("--to", to)
    # The report goes in --out, which must then be writable, as OUT/report.html.
    problems = output_problems(folders={"--out": out}, files={"--out": out / REPORT_NAME})
    if problems and not input_folder_problems("--out", out):  # a folder, not writable
        problems = [replace(p, message=f"{p.message}; {hint}") for p in problems]
    return problems
