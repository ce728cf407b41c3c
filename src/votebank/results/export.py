"""Export store tables to Parquet or CSV files with DuckDB's ``COPY ... TO``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from votebank.errors import InputError, Problem
from votebank.results.store import TABLES, ResultsStore, check_table

FORMATS: dict[str, str] = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)"}


def _literal(text: str) -> str:
    # COPY takes no bound parameters: quote as a SQL string literal.
    return "'" + text.replace("'", "''") + "'"


def export_tables(
    store: ResultsStore,
    outdir: str | Path,
    *,
    fmt: str = "parquet",
    ensemble_id: str | None = None,
    tables: Iterable[str] | None = None,
) -> list[Path]:
    """Write store tables to ``outdir/<table>.<fmt>``, one file per table.

    Each file is written to a temporary name and moved into place, so an interrupted export
    leaves no half-written file under the final name.

    Args:
        store: An open results store.
        outdir: Output folder (created if missing).
        fmt: ``"parquet"`` or ``"csv"``.
        ensemble_id: Only rows of this ensemble; default every ensemble.
        tables: Tables to export (see :data:`~votebank.results.store.TABLES`); default all.

    Returns:
        The files written, in table order.

    Raises:
        InputError: If the format, a table or the ensemble is unknown.
    """
    outdir = Path(outdir)
    if fmt not in FORMATS:
        raise InputError(
            [Problem(str(outdir), "format", repr(fmt), f"choose one of {list(FORMATS)}")]
        )
    names = list(TABLES if tables is None else tables)
    for table in names:
        check_table(table, str(outdir))
    if ensemble_id is not None:
        store.require_ensemble(ensemble_id)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in names:
        query = f"SELECT * FROM {table}"  # noqa: S608 - table name checked above
        if ensemble_id is not None:
            query += f" WHERE ensemble_id = {_literal(ensemble_id)}"
        final = outdir / f"{table}.{fmt}"
        tmp = outdir / f".{table}.{fmt}.{os.getpid()}.tmp"
        try:
            store.connection.execute(f"COPY ({query}) TO {_literal(str(tmp))} {FORMATS[fmt]}")
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        written.append(final)
    return written
