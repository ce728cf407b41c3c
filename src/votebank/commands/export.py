"""``votebank export``: the stored tables as Parquet or CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from votebank.commands.ensemble import OutOption, existing_store
from votebank.outputs import check_outputs
from votebank.results.export import export_tables
from votebank.results.store import ResultsStore
from votebank.terminal import console


def export(
    out: OutOption = Path("votebank-out"),
    to: Annotated[Path, typer.Option(help="Folder for the exported files.")] = Path(
        "votebank-out/export"
    ),
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    ensemble: Annotated[str | None, typer.Option(help="Ensemble id (default: all).")] = None,
) -> None:
    """Write the stored tables as Parquet or CSV files."""
    check_outputs(folders={"--to": to})
    path = existing_store(out)
    with ResultsStore(path, read_only=True) as store:
        written = export_tables(store, to, fmt=fmt, ensemble_id=ensemble)
    for f in written:
        console.print(str(f))
