"""``votebank export``: the stored tables as Parquet or CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from votebank.commands.ensemble import OutOption, existing_store
from votebank.errors import Interrupted
from votebank.outputs import check_outputs
from votebank.results.export import export_tables
from votebank.results.store import ResultsStore
from votebank.terminal import console


def export(
    out: OutOption = Path("votebank-out"),
    to: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the exported files, default OUT/export (other files in it are"
            " left alone)."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    ensemble: Annotated[str | None, typer.Option(help="Ensemble id (default: all).")] = None,
) -> None:
    """Write the stored tables as Parquet or CSV files.

    Every table of ensemble rows is written (deciding_routes too, once `votebank explain --all`
    has stored it), with station_votes: one row per station and candidate. The files are moved
    in only when every one is complete: an interrupted export leaves the previous one as it was.
    """
    # Without --to the files go to OUT/export: a problem there is --out's, not an unnamed --to.
    option = "--out" if to is None else "--to"
    to = out / "export" if to is None else to  # beside the store it exports
    check_outputs(folders={option: to})
    path = existing_store(out)
    try:
        with ResultsStore(path, read_only=True) as store:
            if ensemble is None:  # every ensemble: there must be one (empty files are none)
                store.chosen_ensemble(None)
            written = export_tables(
                store,
                to,
                fmt=fmt,
                ensemble_id=ensemble,
                names={"fmt": "--format", "outdir": option},  # errors name the options given
            )
    except KeyboardInterrupt:  # at any point: the CLI's own message is for runs
        raise Interrupted(f"export stopped; {to} is as it was") from None
    for f in written:  # one whole path a line (a script reads them): not wrapped, not markup
        console.print(str(f), soft_wrap=True, markup=False, highlight=False)
