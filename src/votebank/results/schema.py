"""The store's tables: created when missing, and given the columns added since a store was made.

A frame table holds ``ensemble_id`` and ``run_index`` and then the columns of
:data:`votebank.results.frames.FRAME_COLUMNS`; ``ensembles`` and ``runs`` describe them.
"""

from __future__ import annotations

import duckdb

from votebank.results.frames import BOOL, DUCKDB_TYPES, FRAME_COLUMNS, FRAME_TABLES

META_TABLES: tuple[str, ...] = ("ensembles", "runs")
TABLES: tuple[str, ...] = (*META_TABLES, *FRAME_TABLES)
"""Every table of the store."""

_ENSEMBLES_DDL = """
CREATE TABLE IF NOT EXISTS ensembles (
    ensemble_id VARCHAR PRIMARY KEY,
    scenario_name VARCHAR NOT NULL,
    scenario_hash VARCHAR NOT NULL,
    seed_entropy VARCHAR NOT NULL,
    runs_requested INTEGER NOT NULL,
    created TIMESTAMP NOT NULL,
    version VARCHAR NOT NULL,
    scenario_json VARCHAR,
    last_run TIMESTAMP
)"""
_RUNS_DDL = """
CREATE TABLE IF NOT EXISTS runs (
    ensemble_id VARCHAR NOT NULL,
    run_index INTEGER NOT NULL,
    seed_entropy VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    seconds DOUBLE,
    step_seconds_json VARCHAR,
    finished TIMESTAMP NOT NULL,
    has_stations BOOLEAN NOT NULL,
    PRIMARY KEY (ensemble_id, run_index)
)"""

_META_COLUMNS = {
    "ensembles": ("ensemble_id", "scenario_name", "scenario_hash", "seed_entropy",
                  "runs_requested", "created", "version", "scenario_json", "last_run"),
    "runs": ("ensemble_id", "run_index", "seed_entropy", "version", "seconds",
             "step_seconds_json", "finished", "has_stations"),
}  # fmt: skip
"""The columns of the meta tables, in the order of their DDL (the rows are inserted so)."""

ADDED_META_COLUMNS: dict[tuple[str, str], str] = {("ensembles", "last_run"): "TIMESTAMP"}
"""``(table, column)``: type of each column added to a meta table; older rows hold NULL there.

``last_run`` is when the ensemble was last run or resumed (a resume with nothing left to run
too); NULL in an ensemble of an older store, whose latest runs then tell (as they did).
"""
ADDED_COLUMNS: frozenset[tuple[str, str]] = frozenset(
    {("candidates", "background"), ("candidates", "background_sourced"), *ADDED_META_COLUMNS}
)
"""``(table, column)`` of each column added since the first store; every other was always kept."""


def _frame_ddl(table: str) -> str:
    cols = ",\n    ".join(f'"{c}" {DUCKDB_TYPES[k]}' for c, k in FRAME_COLUMNS[table].items())
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (\n"
        f"    ensemble_id VARCHAR NOT NULL,\n    run_index INTEGER NOT NULL,\n    {cols}\n)"
    )


def _add_missing_columns(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Give a store written by an older votebank the columns added since.

    Without them every later write to the store fails. Runs stored before a column existed
    read it as unknown (NULL), a flag as false (``background_sourced``: no background was
    sourced then).
    """
    have = set(_columns(con, table))
    for col, kind in FRAME_COLUMNS[table].items():
        if col not in have:
            default = " DEFAULT false" if kind == BOOL else ""
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{col}" {DUCKDB_TYPES[kind]}{default}')


def _add_missing_meta_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Give an older store's meta tables the columns added since (NULL in its rows)."""
    missing = set(_missing(con))
    for (table, col), kind in ADDED_META_COLUMNS.items():
        if (table, col) in missing:
            con.execute(f'ALTER TABLE {table} ADD COLUMN "{col}" {kind}')


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def unknown_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """``table.column`` of each column this votebank does not know (a newer one wrote it).

    Writing such a store would fail (the ``runs`` and ``ensembles`` rows) or leave the newer
    columns empty in the new runs (the result tables).
    """
    found = []
    for table in _present(con):
        found += [f"{table}.{c}" for c in _columns(con, table) if c not in _ours(table)]
    return found


def lost_columns(con: duckdb.DuckDBPyConnection) -> str:
    """Why the store lacks a table or column votebank has always kept (so it was edited), or ''.

    No default would be true of the runs stored without it: the store is refused, not read.
    """
    present = _present(con)
    lost = [f"the table {t}" for t in TABLES if t not in present]
    lost += [
        f"the column {c} of table {t}" for t, c in _missing(con) if (t, c) not in ADDED_COLUMNS
    ]
    if not lost:
        return ""
    return (
        f"it lacks {', '.join(lost)}, which votebank has always kept, so the store "
        "was edited or damaged; it was left as it was (restore it, or run the scenario again "
        "into another --out)"
    )


def read_added_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Let a read-only connection read an older store's missing columns as an upgrade fills them.

    A temporary view shadows each such table, so the file itself is never changed by a read.
    """
    missing = set(_missing(con))
    for table in FRAME_TABLES:
        added = [(c, k) for c, k in FRAME_COLUMNS[table].items() if (table, c) in missing]
        _shadow(
            con,
            table,
            [(c, "false" if k == BOOL else "NULL", DUCKDB_TYPES[k]) for c, k in added],
        )
    for table in META_TABLES:
        meta = [(c, k) for (t, c), k in ADDED_META_COLUMNS.items() if t == table]
        _shadow(con, table, [(c, "NULL", k) for c, k in meta if (table, c) in missing])


def _shadow(con: duckdb.DuckDBPyConnection, table: str, added: list[tuple[str, str, str]]) -> None:
    """A temporary view of ``table`` with each ``(column, value, type)`` of ``added`` last."""
    if added:
        cols = ", ".join(f'CAST({value} AS {kind}) AS "{c}"' for c, value, kind in added)
        con.execute(
            f"CREATE TEMP VIEW {table} AS SELECT *, {cols} FROM {stored_table(con, table)}"  # noqa: S608 - fixed names
        )


def stored_table(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """``table`` as the file holds it, past the view that reads an older one (no ``rowid``)."""
    db = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
    return f'"{db}".main.{table}'


def _present(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's tables that votebank knows, in :data:`TABLES` order."""
    sql = "SELECT table_name FROM information_schema.tables"
    present = {r[0] for r in con.execute(sql).fetchall()}
    return [t for t in TABLES if t in present]


def _ours(table: str) -> tuple[str, ...]:
    return _META_COLUMNS.get(table) or ("ensemble_id", "run_index", *FRAME_COLUMNS[table])


def _missing(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """``(table, column)`` of each column this votebank knows that a present table lacks."""
    found = []
    for table in _present(con):
        have = set(_columns(con, table))
        found += [(table, c) for c in _ours(table) if c not in have]
    return found


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every missing table, and add the columns an older store lacks."""
    con.execute(_ENSEMBLES_DDL)
    con.execute(_RUNS_DDL)
    _add_missing_meta_columns(con)
    for table in FRAME_TABLES:
        con.execute(_frame_ddl(table))
        _add_missing_columns(con, table)
