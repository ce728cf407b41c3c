"""The ``deciding_routes`` table of the results store: which mechanism decides each seat.

One row per (ensemble, constituency, mechanism): the probability that the seat's winning party
changes when that mechanism is switched off in paired runs (common random numbers), with its
standard error, and the usual winner with and without it. The rows are computed on request
(``votebank explain --all``, see :mod:`votebank.explain`) and kept in their own table, apart
from the per-run tables, so that ensembles stored without them are unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from votebank.display import DataTable as Table
from votebank.display import plural
from votebank.results.queries import has_table
from votebank.results.store import ResultsStore
from votebank.results.transaction import now, replace_ensemble_rows

TABLE = "deciding_routes"
COLUMNS = (
    "constituency_id",
    "mechanism",
    "runs",
    "p_changed",
    "p_changed_se",
    "winner_with",
    "winner_without",
    "changed_se",
)
_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    ensemble_id VARCHAR NOT NULL,
    constituency_id VARCHAR NOT NULL,
    mechanism VARCHAR NOT NULL,
    runs INTEGER NOT NULL,
    p_changed DOUBLE NOT NULL,
    p_changed_se DOUBLE,
    winner_with VARCHAR,
    winner_without VARCHAR,
    computed TIMESTAMP NOT NULL,
    changed_se DOUBLE,
    PRIMARY KEY (ensemble_id, constituency_id, mechanism)
)"""
# Stores written before it lack the column: added (NULL in their rows) before a write.
_ADD_CHANGED_SE = f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS changed_se DOUBLE"
DECIDES = 0.5
"""A mechanism *decides* a seat where switching it off changes the winner in most runs."""
MAY_DECIDE = 0.1
"""... and *may decide* it where it changes the winner in at least one run in ten."""


def write_deciding(path: str | Path, ensemble_id: str, rows: pd.DataFrame) -> int:
    """Replace the ensemble's deciding-route rows with ``rows`` (columns :data:`COLUMNS`).

    ``changed_se`` may be left out (stored as unknown, as in an older store's rows).

    Returns:
        The number of rows written.
    """
    if "changed_se" not in rows:  # rows made before it was kept: unknown, as in older stores
        rows = rows.assign(changed_se=float("nan"))
    df = rows.loc[:, list(COLUMNS)].copy()
    df.insert(0, "ensemble_id", ensemble_id)
    df["computed"] = now()
    df = df[["ensemble_id", *(c for c in COLUMNS if c != "changed_se"), "computed", "changed_se"]]
    with ResultsStore(path) as store:
        if has_table(store.connection, TABLE):
            store.connection.execute(_ADD_CHANGED_SE)
        replace_ensemble_rows(store.connection, TABLE, _DDL, ensemble_id, df)
    return len(df)


def read_deciding(store: ResultsStore, ensemble_id: str) -> pd.DataFrame | None:
    """The ensemble's deciding-route rows (:data:`COLUMNS`), or None if none are stored."""
    if not has_table(store.connection, TABLE):
        return None
    have = {r[0] for r in store.connection.execute(f"DESCRIBE {TABLE}").fetchall()}
    # An older store's table has no changed_se: read as unknown (by_mechanism says how).
    cols = ", ".join(c if c in have else f"NULL::DOUBLE AS {c}" for c in COLUMNS)
    df = store.query(
        f"SELECT {cols} FROM {TABLE} WHERE ensemble_id = ?"  # noqa: S608 - fixed names
        " ORDER BY constituency_id, p_changed DESC, mechanism",
        [ensemble_id],
    )
    return None if df.empty else df


def by_mechanism(rows: pd.DataFrame) -> pd.DataFrame:
    """Per mechanism: seats it decides, seats it may decide, and expected winners changed.

    ``expected`` is the sum over seats of P(the winner changes), the mean number of winners
    changed per run; its standard error is the spread of that number over the runs
    (``changed_se``, as ``votebank compare`` gives it). Rows stored before ``changed_se`` was
    kept hold none: there the seats' estimates are taken as independent (they share runs).
    """
    if "changed_se" not in rows:
        rows = rows.assign(changed_se=float("nan"))
    g = rows.groupby("mechanism", sort=False)
    out = pd.DataFrame(
        {
            "decides": g["p_changed"].apply(lambda p: int((p >= DECIDES).sum())),
            "may_decide": g["p_changed"].apply(lambda p: int((p >= MAY_DECIDE).sum())),
            "expected": g["p_changed"].sum(),
            "expected_se": g[["p_changed_se", "changed_se"]].apply(_changed_se),
            "runs": g["runs"].max(),
        }
    ).reset_index()
    return out.sort_values(["expected", "mechanism"], ascending=[False, True], ignore_index=True)


def _changed_se(rows: pd.DataFrame) -> float:
    """A mechanism's s.e. of winners changed per run: stored, else seats taken as independent."""
    stored = rows["changed_se"].dropna()
    if len(stored):
        return float(stored.iloc[0])
    return float((rows["p_changed_se"].fillna(0) ** 2).sum() ** 0.5)


def render_deciding(rows: pd.DataFrame, seats: int) -> Table:
    """The summary's table: per mechanism switched off, how many seats' winners it decides."""
    runs = int(rows["runs"].max())
    table = Table(
        title=f"Deciding routes: paired runs with one mechanism off ({runs} runs)",
        caption=f"decides: P(winner changes) ≥ {DECIDES:.0%}; may decide: ≥ {MAY_DECIDE:.0%}; "
        f"of {plural(seats, 'seat')}",
        title_justify="left",
    )
    for head in ("Switched off", "Decides", "May decide", "Winners changed", "± s.e."):
        table.add_column(head, justify="left" if head == "Switched off" else "right")
    for r in by_mechanism(rows).itertuples(index=False):
        table.add_row(
            r.mechanism, f"{r.decides:,}", f"{r.may_decide:,}", f"{r.expected:.1f}",
            f"{r.expected_se:.1f}",
        )  # fmt: skip
    return table
