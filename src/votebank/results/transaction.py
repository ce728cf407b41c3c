"""How the store is written: in one transaction, rolled back whole, stamped in naive UTC.

A study's table (deciding routes, real votes) has an ensemble's rows replaced at once. On
close, a writer's write-ahead log is merged into the store's one file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime

import duckdb


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT, rolled back on any error, which is raised unmasked.

    DuckDB aborts a transaction whose write failed; a ROLLBACK then fails too ("no transaction
    is active") and used to hide the real cause (a full disk).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def replace_ensemble_rows(
    con: duckdb.DuckDBPyConnection, table: str, ddl: str, ensemble_id: str, rows
) -> None:
    """An ensemble's rows of ``table`` (made by ``ddl`` if new) replaced by ``rows``, at once."""
    with transaction(con):
        con.execute(ddl)
        con.execute(f"DELETE FROM {table} WHERE ensemble_id = ?", [ensemble_id])  # noqa: S608
        con.register("_vb_rows", rows)
        try:
            con.execute(f"INSERT INTO {table} SELECT * FROM _vb_rows")  # noqa: S608
        finally:
            con.unregister("_vb_rows")


def close_merged(con: duckdb.DuckDBPyConnection, *, wrote: bool) -> None:
    """Close the connection; a writer's first merges the write-ahead log into the file.

    DuckDB merges ``votebank.duckdb.wal`` into the file when it shuts the database down, which
    it does not while another connection of this process has it open: a copy of the one file
    then lacked the runs. A merge that fails (a full disk) leaves them in the log, whence the
    next open takes them; closing after a failed write may fail too.
    """
    try:
        if wrote:
            with contextlib.suppress(duckdb.Error):
                con.execute("CHECKPOINT")
    finally:
        with contextlib.suppress(duckdb.Error):
            con.close()


def now() -> datetime:
    """The time to stamp a row with (TIMESTAMP columns hold naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
