"""Export store tables to Parquet or CSV files with DuckDB's ``COPY ... TO``.

Beside the stored tables goes ``station_votes``: the polling stations' votes long, one row per
station and candidate (the store keeps a station's votes as one list in candidate order).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from votebank.errors import InputError, Problem
from votebank.results.store import TABLES, ResultsStore, check_table

STATION_VOTES = "station_votes"
# A station's list of votes is in its candidates' slot order, the order in which a run's
# candidates rows were written (rowid): number both and join.
STATION_VOTES_QUERY = """
WITH c AS (
    SELECT ensemble_id, run_index, constituency_id, candidate_id, party,
        row_number() OVER (
            PARTITION BY ensemble_id, run_index, constituency_id ORDER BY rowid) AS slot
    FROM candidates {where}),
s AS (
    SELECT ensemble_id, run_index, station_id, constituency_id,
        unnest(votes) AS votes, unnest(range(1, len(votes) + 1)) AS slot
    FROM polling_stations {where})
SELECT s.ensemble_id, s.run_index, s.station_id, s.constituency_id, c.candidate_id, c.party,
    s.votes
FROM s JOIN c USING (ensemble_id, run_index, constituency_id, slot)
ORDER BY s.ensemble_id, s.run_index, s.station_id, s.slot
"""

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
        The files written, in table order, then ``station_votes`` when every table was
        asked for.

    Raises:
        InputError: If the format, a table or the ensemble is unknown.
    """
    outdir = Path(outdir)
    fmt = str(fmt).lower()  # CSV is csv
    if fmt not in FORMATS:
        raise InputError([Problem("format", "", fmt, f"choose one of {list(FORMATS)}")])
    names = list(TABLES if tables is None else tables)
    for table in names:
        check_table(table, str(outdir))
    if ensemble_id is not None:
        store.require_ensemble(ensemble_id)
    outdir.mkdir(parents=True, exist_ok=True)
    where = "" if ensemble_id is None else f"WHERE ensemble_id = {_literal(ensemble_id)}"
    queries = {t: f"SELECT * FROM {t} {where}" for t in names}  # noqa: S608 - names checked
    if tables is None:  # everything: the long station votes too
        queries[STATION_VOTES] = STATION_VOTES_QUERY.format(where=where)
    written = []
    for table, query in queries.items():
        final = outdir / f"{table}.{fmt}"
        tmp = outdir / f".{table}.{fmt}.{os.getpid()}.tmp"
        try:
            store.connection.execute(f"COPY ({query}) TO {_literal(str(tmp))} {FORMATS[fmt]}")
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        written.append(final)
    return written
