"""How the store is written: in one transaction, rolled back whole, stamped in naive UTC."""

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


def now() -> datetime:
    """The time to stamp a row with (TIMESTAMP columns hold naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
