"""The ``real_votes`` table of the results store: each candidate's real votes, per ensemble.

The scenario's ``actual_votes`` live in its candidates CSV, not in the stored scenario JSON, so
``votebank summary`` could not show them beside the simulated votes as ``votebank run`` does.
Every candidate gets a row (votes NULL where unknown): an ensemble with no rows was stored by
an earlier votebank, which kept none. The table is apart from the per-run tables, so stores
written before it are unchanged and still read.
"""

from __future__ import annotations

import pandas as pd

from votebank.results.queries import has_table
from votebank.results.store import ResultsStore
from votebank.results.transaction import replace_ensemble_rows

TABLE = "real_votes"
_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    ensemble_id VARCHAR NOT NULL,
    candidate_id VARCHAR NOT NULL,
    votes BIGINT,
    PRIMARY KEY (ensemble_id, candidate_id)
)"""


def write_real_votes(store: ResultsStore, ensemble_id: str, candidates: pd.DataFrame) -> None:
    """Replace the ensemble's rows with the scenario's ``candidate, actual_votes`` (-1: unknown)."""
    votes = candidates["actual_votes"].astype("int64")
    df = pd.DataFrame(
        {
            "ensemble_id": ensemble_id,
            "candidate_id": candidates["candidate"].astype(str),
            "votes": votes.where(votes >= 0).astype("Int64"),
        }
    )
    replace_ensemble_rows(store.connection, TABLE, _DDL, ensemble_id, df)


def read_real_votes(store: ResultsStore, ensemble_id: str) -> dict[str, int] | None:
    """Real votes by candidate id (only those known), or None if the ensemble has no rows."""
    if not has_table(store.connection, TABLE):
        return None
    rows = store.connection.execute(
        f"SELECT candidate_id, votes FROM {TABLE} WHERE ensemble_id = ?",  # noqa: S608
        [ensemble_id],
    ).fetchall()
    if not rows:
        return None
    return {str(c): int(v) for c, v in rows if v is not None}
