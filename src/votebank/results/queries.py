"""The read-only questions asked of a results store: which ensembles and runs it holds, a table.

Each takes the store's connection; :class:`~votebank.results.store.ResultsStore` answers its
methods of the same names with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Integral
from pathlib import Path

import duckdb
import pandas as pd

from votebank.errors import InputError, Problem
from votebank.results.frames import FRAME_COLUMNS, FRAME_TABLES
from votebank.results.store_errors import check_table

# Every ensemble with its number of stored runs.
_ENSEMBLES = (
    "SELECT e.*, COALESCE(r.n, 0)::INTEGER AS runs_done FROM ensembles e"
    " LEFT JOIN (SELECT ensemble_id, count(*) AS n FROM runs GROUP BY ensemble_id) r"
    " USING (ensemble_id)"
)


def holds_no_tables(path: Path) -> bool:
    """Whether the file is a DuckDB database with no table at all, nothing of anyone's.

    A run killed between making the file and its tables leaves one: a new store, not a damaged
    one. A file that cannot be read says False, and is refused when opened as a store.
    """
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        return table_count(con) == 0
    except duckdb.Error:
        return False
    finally:
        con.close()


def table_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many tables the database holds, anyone's (a store killed before its schema: 0)."""
    found = con.execute("SELECT count(*) FROM information_schema.tables").fetchone()
    return int(found[0]) if found else 0


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the store holds ``table`` (tables a command adds exist once it has run)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    return bool(found and found[0])


def n_plans(con: duckdb.DuckDBPyConnection) -> int:
    """How many canvass plans the store holds (named when it holds no ensemble)."""
    if not has_table(con, "canvass_plan"):
        return 0
    return int(con.execute("SELECT count(DISTINCT plan_id) FROM canvass_plan").fetchone()[0])


def ensembles(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return every ensemble with its number of stored runs (``runs_done``), oldest first."""
    return con.execute(_ENSEMBLES + " ORDER BY e.created, e.ensemble_id").df()


def ensemble(con: duckdb.DuckDBPyConnection, ensemble_id: str) -> pd.Series | None:
    """Return one ensemble's row, as in :func:`ensembles`, or None if it is not stored."""
    found = con.execute(_ENSEMBLES + " WHERE e.ensemble_id = ?", [ensemble_id]).df()
    return None if found.empty else found.iloc[0]


def latest_ensemble(con: duckdb.DuckDBPyConnection) -> str | None:
    """Return the id of the ensemble last run or resumed, or None if there is none.

    An older ensemble resumed is the one just worked on, even by a ``--resume`` with nothing
    left to run: its ``last_run`` says when. An ensemble of an older store has none (NULL,
    which ``greatest`` skips): when it was created or last given a run tells, as it did.
    """
    row = con.execute(
        "SELECT e.ensemble_id FROM ensembles e"
        " LEFT JOIN (SELECT ensemble_id, max(finished) AS last FROM runs GROUP BY ensemble_id) r"
        " USING (ensemble_id)"
        " ORDER BY greatest(e.created, e.last_run, r.last) DESC, e.ensemble_id DESC"
        " LIMIT 1"
    ).fetchone()
    return None if row is None else row[0]


def has_ensemble(con: duckdb.DuckDBPyConnection, ensemble_id: str) -> bool:
    """Return whether the ensemble exists."""
    row = con.execute("SELECT 1 FROM ensembles WHERE ensemble_id = ?", [ensemble_id]).fetchone()
    return row is not None


def done_runs(con: duckdb.DuckDBPyConnection, ensemble_id: str) -> set[int]:
    """Return the run indices stored for the ensemble."""
    rows = con.execute("SELECT run_index FROM runs WHERE ensemble_id = ?", [ensemble_id]).fetchall()
    return {r[0] for r in rows}


def n_runs(con: duckdb.DuckDBPyConnection, ensemble_id: str) -> int:
    """Return the number of runs stored for the ensemble."""
    row = con.execute("SELECT count(*) FROM runs WHERE ensemble_id = ?", [ensemble_id]).fetchone()
    return int(row[0]) if row else 0


def read(
    con: duckdb.DuckDBPyConnection,
    file: str,
    table: str,
    ensemble_id: str | None = None,
    runs: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Read a table, optionally for one ensemble and some runs.

    Rows come ordered by ensemble and run, and within a run in the order written.

    Args:
        con: The store's connection.
        file: What to name as the file if the table is unknown (the store's path).
        table: One of :data:`votebank.results.schema.TABLES`.
        ensemble_id: Only this ensemble.
        runs: Only these run indices (ignored for ``ensembles``).

    Raises:
        InputError: If the table is unknown, or ``runs`` is no collection of run indices.
    """
    check_table(table, file)
    if runs is not None:
        runs = _run_indices(runs, file)
    where, params = [], []
    if ensemble_id is not None:
        where.append("ensemble_id = ?")
        params.append(ensemble_id)
    if runs is not None and table != "ensembles":
        where.append("list_contains(?::INTEGER[], run_index)")
        params.append([int(r) for r in runs])
    # Named columns: a store migrated by create_schema holds new ones last.
    what = "*"
    if table in FRAME_TABLES:
        what = ", ".join(f'"{c}"' for c in ("ensemble_id", "run_index", *FRAME_COLUMNS[table]))
    sql = f"SELECT {what} FROM {table}"  # noqa: S608 - table name checked above
    if where:
        sql += " WHERE " + " AND ".join(where)
    df = con.execute(sql, params).df()
    # DuckDB keeps insertion order; a stable sort groups runs without reordering within one.
    keys = ["ensemble_id"] if table == "ensembles" else ["ensemble_id", "run_index"]
    return df.sort_values(keys, kind="stable", ignore_index=True)


def _run_indices(runs: object, file: str) -> list[int]:
    """``runs`` as a list of run indices; a number or text refused (``"10"`` read runs 1 and 0)."""
    items = list(runs) if isinstance(runs, Iterable) and not isinstance(runs, str | bytes) else None
    if items is None or not all(isinstance(r, Integral) and not isinstance(r, bool) for r in items):
        why = "give a list of run indices, e.g. [0, 1]"
        raise InputError([Problem(file, "runs", repr(runs)[:80], why)])
    return [int(r) for r in items]
