"""The ``votebank report`` command (registered by the main CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from votebank.errors import VotebankError
from votebank.outputs import check_outputs, output_problems
from votebank.results.store import STORE_NAME
from votebank.results.store_errors import require_store

REPORT_NAME = "report.html"


def report_command(
    out: Annotated[
        Path, typer.Option("--out", help="Output folder (holds votebank.duckdb).")
    ] = Path("votebank-out"),
    ensemble: Annotated[
        str | None, typer.Option("--ensemble", help="Ensemble id (default: the latest).")
    ] = None,
    to: Annotated[
        Path | None, typer.Option("--to", help="HTML file to write (default: OUT/report.html).")
    ] = None,
) -> None:
    """Write a self-contained HTML report of a stored ensemble and print its path.

    It also shows forensics.json, validation.json, backtest.json and counterfactuals.json found
    in OUT (or in OUT/forensics/, OUT/validation/, OUT/backtest/), except those that name another
    ensemble.
    """
    from votebank.report.build import build_report
    from votebank.report.render import write_report

    target = to if to is not None else out / REPORT_NAME
    # The default --to is inside --out: where --out is a file, that is the one problem.
    default_blocked = to is None and output_problems(folders={"--out": out})
    check_outputs(folders={"--out": out}, files={"--to": None if default_blocked else target})
    data = build_report(require_store(out / STORE_NAME), ensemble)
    try:
        path = write_report(data, target)
    except OSError as exc:
        raise VotebankError(f"cannot write the report to {target}: {exc}") from exc
    Console().print(str(path), soft_wrap=True, highlight=False)
