"""The shape of one run's results: table names, columns, dtype kinds, and a checker.

The engine hands the store a ``dict[str, pandas.DataFrame]`` per run. This module is the single
place that says which tables and columns that dict holds, so the engine, the store and the
summaries agree. It also builds small synthetic runs (:func:`example_frames`) for tests.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from votebank.core.labels import ROUTES, STUFFING_KINDS

# Column kinds. Each maps to a pandas dtype check, an Arrow type and a DuckDB type.
STR = "str"
INT = "int"
FLOAT = "float"
BOOL = "bool"
INT_LIST = "int_list"

ARROW_TYPES: dict[str, pa.DataType] = {
    STR: pa.string(),
    INT: pa.int64(),
    FLOAT: pa.float64(),
    BOOL: pa.bool_(),
    INT_LIST: pa.list_(pa.int64()),
}
DUCKDB_TYPES: dict[str, str] = {
    STR: "VARCHAR",
    INT: "BIGINT",
    FLOAT: "DOUBLE",
    BOOL: "BOOLEAN",
    INT_LIST: "BIGINT[]",
}
# numpy dtype kinds accepted for each column kind (pandas' string dtypes report kind "O").
_DTYPE_KINDS: dict[str, frozenset[str]] = {
    STR: frozenset("OUT"),
    INT: frozenset("i"),
    FLOAT: frozenset("f"),
    BOOL: frozenset("b"),
    INT_LIST: frozenset("O"),
}


ROUTE_COLUMNS: tuple[str, ...] = tuple(f"votes_{r}" for r in ROUTES)

CONSTITUENCIES: dict[str, str] = {
    "constituency_id": STR,
    "name": STR,
    "region": STR,
    "registered": INT,
    "ballots": INT,
    "rejected": INT,
    "valid": INT,
    "turnout": FLOAT,
    "winner_candidate": STR,
    "winner_party": STR,
    "runner_up_party": STR,
    "margin": INT,
    "tie_by_lot": BOOL,
}
CANDIDATES: dict[str, str] = {
    "constituency_id": STR,
    "candidate_id": STR,
    "name": STR,
    "party": STR,
    "background": STR,
    "background_sourced": BOOL,
    "votes": INT,
    **dict.fromkeys(ROUTE_COLUMNS, INT),
    "rank": INT,
    "elected": BOOL,
}
POLLING_STATIONS: dict[str, str] = {
    "station_id": INT,
    "constituency_id": STR,
    "registered": INT,
    "ballots": INT,
    "rejected": INT,
    "valid": INT,
    "leader_votes": INT,
    "votes": INT_LIST,
    "stuffing": STR,
    "stuffed_ballots": INT,
    "fabricated": BOOL,
}
SEATS: dict[str, str] = {
    "party": STR,
    "general": INT,
    "women": INT,
    "non_muslim": INT,
    "total": INT,
}
BYELECTIONS: dict[str, str] = {
    "constituency_id": STR,
    "vacated_by": STR,
    "winner_candidate": STR,
    "winner_party": STR,
    "turnout": FLOAT,
}
CANVASS: dict[str, str] = {
    "constituency_id": STR,
    "party": STR,
    "contacts": INT,
    "stated_support": INT,
    "stated_other": INT,
}

FRAME_COLUMNS: dict[str, dict[str, str]] = {
    "constituencies": CONSTITUENCIES,
    "candidates": CANDIDATES,
    "polling_stations": POLLING_STATIONS,
    "seats": SEATS,
    "byelections": BYELECTIONS,
    "canvass": CANVASS,
}
"""Every per-run table, in write order, with its columns and their kinds."""

FRAME_TABLES: tuple[str, ...] = tuple(FRAME_COLUMNS)
STATIONS_TABLE = "polling_stations"


def check_frames(frames: Mapping[str, pd.DataFrame]) -> None:
    """Check that one run's frames have every table and column with the right dtype kind.

    ``polling_stations`` may be absent (runs that keep no station detail). Extra columns are
    allowed and ignored by the store; unknown tables are not, since they are usually typos.

    Args:
        frames: Table name to DataFrame, as produced by the engine for one run.

    Raises:
        ValueError: Naming the table (and column) that is missing, unknown or mistyped.
    """
    unknown = sorted(set(frames) - set(FRAME_COLUMNS))
    if unknown:
        raise ValueError(f"unknown results table(s) {unknown}; expected {list(FRAME_TABLES)}")
    for table, columns in FRAME_COLUMNS.items():
        if table not in frames:
            if table == STATIONS_TABLE:
                continue
            raise ValueError(f"results table {table!r} is missing")
        df = frames[table]
        if not isinstance(df, pd.DataFrame):
            raise ValueError(f"results table {table!r} is a {type(df).__name__}, not a DataFrame")
        for column, kind in columns.items():
            if column not in df.columns:
                raise ValueError(f"results table {table!r} lacks column {column!r}")
            dtype = df[column].dtype
            if dtype.kind not in _DTYPE_KINDS[kind]:
                raise ValueError(
                    f"results table {table!r} column {column!r} has dtype {dtype}, expected {kind}"
                )


def arrow_schema(table: str) -> pa.Schema:
    """Return the Arrow schema of a per-run table (without ``ensemble_id``/``run_index``)."""
    return pa.schema([(c, ARROW_TYPES[k]) for c, k in FRAME_COLUMNS[table].items()])


def to_arrow(table: str, df: pd.DataFrame) -> pa.Table:
    """Convert one frame to an Arrow table with the canonical column order and types.

    Raises:
        ValueError: If a value cannot be converted (for example text in ``votes``).
    """
    columns = list(FRAME_COLUMNS[table])
    try:
        return pa.Table.from_pandas(
            df[columns], schema=arrow_schema(table), preserve_index=False, safe=True
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ValueError(f"results table {table!r}: {exc}") from exc


def empty_frame(table: str) -> pd.DataFrame:
    """Return a 0-row frame of ``table`` with the right columns and dtypes."""
    return arrow_schema(table).empty_table().to_pandas()


def example_frames(
    run_index: int,
    *,
    seed: int = 0,
    n_constituencies: int = 12,
    n_candidates: int = 3,
    stations_per_constituency: int = 10,
    parties: tuple[str, ...] = ("PPP", "PML-N", "PML-Q", "IND"),
) -> dict[str, pd.DataFrame]:
    """Build one small, internally consistent synthetic run (for tests and demos).

    Row counts depend only on the sizes and on ``run_index`` (byelections are present in even
    runs, canvass is empty when ``run_index % 3 == 2``), so a reader can tell what a whole run
    holds. Values depend on ``seed`` and ``run_index``.

    Args:
        run_index: Index of the run; also seeds the generator together with ``seed``.
        seed: Base seed.
        n_constituencies: Number of constituencies.
        n_candidates: Candidates per constituency (at least 2).
        stations_per_constituency: Polling stations per constituency.
        parties: Party names; candidate ``j`` of constituency ``c`` stands for party
            ``(c + j) % len(parties)``.

    Returns:
        Table name to DataFrame, passing :func:`check_frames`.
    """
    rng = np.random.default_rng([seed, run_index])
    n_c, n_k, n_s = n_constituencies, n_candidates, stations_per_constituency
    cids = np.array([f"NA-{i + 1:03d}" for i in range(n_c)], dtype=object)
    party_idx = (np.arange(n_c)[:, None] + np.arange(n_k)[None, :]) % len(parties)
    party_names = np.asarray(parties, dtype=object)[party_idx]  # (C, K)
    cand_ids = np.char.add(
        np.repeat(cids.astype(str), n_k), np.tile([f"-{k}" for k in range(n_k)], n_c)
    )

    # Station-level votes per candidate slot, then constituency totals.
    station_votes = rng.poisson(rng.uniform(20, 120, size=(n_c, 1, n_k)), size=(n_c, n_s, n_k))
    station_votes = station_votes.astype(np.int64)
    valid_s = station_votes.sum(axis=2)
    rejected_s = rng.poisson(3, size=(n_c, n_s)).astype(np.int64)
    ballots_s = valid_s + rejected_s
    registered_s = ballots_s + rng.poisson(150, size=(n_c, n_s)).astype(np.int64)
    stuff_level = rng.choice(len(STUFFING_KINDS), size=(n_c, n_s), p=[0.8, 0.15, 0.05])
    stuffed_s = np.where(stuff_level > 0, rng.poisson(10, size=(n_c, n_s)), 0).astype(np.int64)

    votes = station_votes.sum(axis=1)  # (C, K)
    order = np.argsort(-votes, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(1, n_k + 1)[None, :].repeat(n_c, 0), axis=1)
    top = np.take_along_axis(votes, order[:, :2], axis=1)
    rows = np.arange(n_c)
    winner = order[:, 0]
    # Split each candidate's votes over the provenance routes.
    routes = rng.multinomial(votes.ravel(), np.full(len(ROUTES), 1 / len(ROUTES)))

    registered = registered_s.sum(axis=1)
    ballots = ballots_s.sum(axis=1)
    constituencies = pd.DataFrame(
        {
            "constituency_id": cids,
            "name": np.char.add("Seat ", np.arange(1, n_c + 1).astype(str)).astype(object),
            "region": np.asarray(["Punjab", "Sindh", "KP"], dtype=object)[rows % 3],
            "registered": registered,
            "ballots": ballots,
            "rejected": rejected_s.sum(axis=1),
            "valid": valid_s.sum(axis=1),
            "turnout": ballots / registered,
            "winner_candidate": cand_ids.reshape(n_c, n_k)[rows, winner].astype(object),
            "winner_party": party_names[rows, winner],
            "runner_up_party": party_names[rows, order[:, 1]],
            "margin": (top[:, 0] - top[:, 1]).astype(np.int64),
            "tie_by_lot": top[:, 0] == top[:, 1],
        }
    )
    candidates = pd.DataFrame(
        {
            "constituency_id": np.repeat(cids, n_k),
            "candidate_id": cand_ids.astype(object),
            "name": np.char.add("Candidate ", cand_ids).astype(object),
            "party": party_names.ravel(),
            "background": np.where(np.arange(n_c * n_k) % 2 == 0, "feudal", "middle_class").astype(
                object
            ),
            "background_sourced": np.arange(n_c * n_k) % 4 == 0,
            "votes": votes.ravel(),
            **{col: routes[:, i].astype(np.int64) for i, col in enumerate(ROUTE_COLUMNS)},
            "rank": rank.ravel().astype(np.int64),
            "elected": (rank == 1).ravel(),
        }
    )
    flat_votes = station_votes.reshape(n_c * n_s, n_k)
    polling_stations = pd.DataFrame(
        {
            "station_id": np.arange(n_c * n_s, dtype=np.int64),
            "constituency_id": np.repeat(cids, n_s),
            "registered": registered_s.ravel(),
            "ballots": ballots_s.ravel(),
            "rejected": rejected_s.ravel(),
            "valid": valid_s.ravel(),
            "leader_votes": flat_votes.max(axis=1),
            "votes": pd.Series(list(flat_votes), dtype=object),
            "stuffing": np.asarray(STUFFING_KINDS, dtype=object)[stuff_level.ravel()],
            "stuffed_ballots": stuffed_s.ravel(),
            "fabricated": (stuff_level == 2).ravel(),
        }
    )
    general = np.bincount(party_idx[rows, winner], minlength=len(parties)).astype(np.int64)
    women, non_muslim = general // 3, general // 8
    seats = pd.DataFrame(
        {
            "party": np.asarray(parties, dtype=object),
            "general": general,
            "women": women,
            "non_muslim": non_muslim,
            "total": general + women + non_muslim,
        }
    )
    byelections = empty_frame("byelections")
    if run_index % 2 == 0:
        byelections = pd.DataFrame(
            {
                "constituency_id": cids[:1],
                "vacated_by": constituencies["winner_candidate"].to_numpy()[:1],
                "winner_candidate": cand_ids[1:2].astype(object),
                "winner_party": party_names[0, 1:2],
                "turnout": np.array([0.31]),
            }
        )
    canvass = empty_frame("canvass")
    if run_index % 3 != 2:
        n_rows = n_c * 2
        contacts = rng.integers(50, 500, size=n_rows)
        support = rng.binomial(contacts, 0.4)
        other = rng.binomial(contacts - support, 0.5)
        canvass = pd.DataFrame(
            {
                "constituency_id": np.repeat(cids, 2),
                "party": np.asarray(parties[:2], dtype=object)[np.arange(n_rows) % 2],
                "contacts": contacts.astype(np.int64),
                "stated_support": support.astype(np.int64),
                "stated_other": other.astype(np.int64),
            }
        )
    return {
        "constituencies": constituencies,
        "candidates": candidates,
        "polling_stations": polling_stations,
        "seats": seats,
        "byelections": byelections,
        "canvass": canvass,
    }


def example_meta(run_index: int, *, seed_entropy: int = 2**70 + 1) -> dict:
    """Return run metadata matching :func:`example_frames` (for tests and demos)."""
    return {
        "run_index": run_index,
        "seed_entropy": seed_entropy + run_index,
        "version": "0.1.0",
        "seconds": 0.01,
        "step_seconds": {"draw": 0.004, "count": 0.006},
    }
