"""An embedded DuckDB store of ensembles, runs and every run's result tables.

Each run is written in one transaction, with the ``runs`` row last, so a run is either wholly
stored or absent, even if the process is killed mid-write (DuckDB's write-ahead log is replayed,
and an uncommitted tail is discarded, when the file is next opened). The store's read-only
questions are asked in :mod:`votebank.results.queries`, its tables made in
:mod:`votebank.results.schema`, and its failures told in :mod:`votebank.results.store_errors`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from votebank.errors import InputError, Problem, StoreError
from votebank.results import queries, schema, store_errors
from votebank.results.frames import FRAME_COLUMNS, FRAME_TABLES
from votebank.results.staging import StagedRun, stage_run
from votebank.results.transaction import close_merged, now, transaction

STORE_NAME = "votebank.duckdb"
DEFAULT_PATH = Path("votebank-out") / STORE_NAME
DEFAULT_STATION_RUNS = 5
"""By default, ensembles keep polling-station detail for this many runs (the first ones)."""
MAX_RUNS = 1_000_000
"""Most runs in an ensemble: run indices and counts are 32-bit integers in the store."""


def ensemble_id_for(scenario_hash: str, seed_entropy: int | str) -> str:
    """Return the deterministic ensemble id of a scenario hash and seed (16 hex digits)."""
    digest = hashlib.sha256(f"{scenario_hash}:{seed_entropy}".encode()).hexdigest()
    return digest[:16]


class ResultsStore:
    """Results of ensembles of runs in one DuckDB file.

    Use as a context manager, or call :meth:`open` and :meth:`close`::

        with ResultsStore("out/votebank.duckdb") as store:
            eid = store.begin_ensemble(...)
            store.write_run(eid, meta, frames)

    Args:
        path: The DuckDB file (its folder is created on open), or a folder holding the store.
        read_only: Open without write access (several readers may then share the file).
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False):
        self.path = store_errors.in_folder(path, STORE_NAME)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None

    def __repr__(self) -> str:
        state = "open" if self._con is not None else "not open"
        return f"ResultsStore({str(self.path)!r}, read_only={self.read_only}; {state})"

    # -- connection -------------------------------------------------------------------------

    def open(self) -> ResultsStore:
        """Connect to the file, creating it and the schema if missing; return ``self``.

        Raises:
            StoreError: If the file cannot be opened (for example another process holds it).
        """
        if self._con is not None:
            return self
        try:
            if not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = duckdb.connect(str(self.path), read_only=self.read_only)
            # Another DuckDB database is never written into; an empty file is a new store.
            if (self.read_only or self._has_tables()) and (why := self._not_ours()):
                raise duckdb.CatalogException(why)
            if self.read_only:  # an older store's added columns read at their defaults
                schema.read_added_columns(self.connection)
            elif newer := schema.unknown_columns(self.connection):
                raise store_errors.newer_store(self.path, newer)
            else:
                self._create_schema()
        except (duckdb.Error, OSError) as exc:
            self.close()
            raise store_errors.store_error(self.path, exc) from exc
        except StoreError:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Close the connection (a no-op if not open), everything written left in the file."""
        if self._con is not None:
            con, self._con = self._con, None
            close_merged(con, wrote=not self.read_only)

    def __enter__(self) -> ResultsStore:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
        if isinstance(exc, duckdb.Error | OSError) and not isinstance(exc, StoreError):
            raise store_errors.store_error(self.path, exc) from exc

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection.

        Raises:
            StoreError: If the store is not open.
        """
        if self._con is None:
            how = "use `with ResultsStore(...) as store:`, or call store.open()"
            raise StoreError(f"results store {self.path} is not open: {how}")
        return self._con

    def query(self, sql: str, params: list[Any] | Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a SQL query with bound parameters and return the result as a DataFrame."""
        return self.connection.execute(sql, params).df()

    def _has_tables(self) -> bool:
        """Whether the file holds any table (a store killed before its schema was made has none)."""
        return queries.table_count(self.connection) > 0

    def _not_ours(self) -> str:
        """Why the file is not a votebank store (another database, or an edited one), or ''.

        A table of another's named ``ensembles`` is not enough: its own columns are checked.
        """
        found = self.connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_name IN ('ensembles', 'runs')"
        ).fetchall()
        if not any(table == "ensembles" for table, _ in found):
            if not self._has_tables():  # not damaged: never written, or copied without its log
                return (
                    "it holds no tables yet (a run stopped before making them, or a copy "
                    "taken without the votebank.duckdb.wal beside it)"
                )
            return "it holds no ensembles table"
        if not {("ensembles", "ensemble_id"), ("runs", "run_index")} <= set(found):
            return "its ensembles and runs tables are not votebank's"
        return schema.lost_columns(self.connection)

    def _create_schema(self) -> None:
        con = self.connection
        with transaction(con):
            schema.create_schema(con)

    # -- ensembles --------------------------------------------------------------------------

    def begin_ensemble(
        self,
        *,
        scenario_name: str,
        scenario_hash: str,
        seed_entropy: int | str,
        runs_requested: int,
        scenario_json: str,
        version: str,
        allow_mixing: bool = False,
        ensemble_id: str | None = None,
        exact: bool = False,
    ) -> str:
        """Create an ensemble, or find the existing one to resume; stamp it as last run.

        The id is :func:`ensemble_id_for` the scenario hash and seed unless given. If the
        ensemble exists its id is returned, and ``runs_requested`` is raised if larger. Its
        ``last_run`` makes a resume with nothing left to run the :meth:`latest_ensemble` too.

        Args:
            scenario_name: Human name of the scenario.
            scenario_hash: Hash of the resolved scenario; runs of different hashes never mix.
            seed_entropy: The ensemble's root seed entropy (any size; stored as text).
            runs_requested: Number of runs asked for.
            scenario_json: The resolved scenario, as JSON.
            version: votebank version.
            allow_mixing: Accept an existing ensemble whose scenario hash or seed differs.
            ensemble_id: Explicit id (to name or resume an ensemble); default derived.
            exact: Set an existing ensemble's ``runs_requested`` to ``runs_requested``, lower
                too (a resume's --runs), rather than only raise it.

        Returns:
            The ensemble id.

        Raises:
            StoreError: If the ensemble exists with another scenario hash or seed and mixing
                was not allowed.
        """
        if not 0 <= int(runs_requested) <= MAX_RUNS:
            raise InputError(
                [Problem("--runs", "runs", str(runs_requested), f"must be 1 to {MAX_RUNS:,}")]
            )
        seed = str(seed_entropy)
        eid = ensemble_id or ensemble_id_for(scenario_hash, seed)
        con = self.connection
        with transaction(con):
            row = con.execute(
                "SELECT scenario_hash, seed_entropy, runs_requested FROM ensembles"
                " WHERE ensemble_id = ?",
                [eid],
            ).fetchone()
            stamp = now()
            if row is None:  # created and last run now; the columns in their DDL's order
                values = [eid, scenario_name, scenario_hash, seed, int(runs_requested), stamp]
                values += [version, scenario_json, stamp]
                con.execute("INSERT INTO ensembles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
            else:
                old_hash, old_seed, old_runs = row
                if (old_hash, old_seed) != (scenario_hash, seed) and not allow_mixing:
                    raise StoreError(
                        f"ensemble {eid} in {self.path} holds runs of scenario hash {old_hash} "
                        f"with seed {old_seed}; refusing to add runs of scenario hash "
                        f"{scenario_hash} with seed {seed} (allow mixing to override)"
                    )
                runs = int(runs_requested) if exact else max(int(runs_requested), old_runs)
                con.execute(
                    "UPDATE ensembles SET runs_requested = ?, last_run = ? WHERE ensemble_id = ?",
                    [runs, stamp, eid],
                )
        return eid

    def ensembles(self) -> pd.DataFrame:
        """Return every ensemble with its number of stored runs (``runs_done``), oldest first."""
        return queries.ensembles(self.connection)

    def ensemble(self, ensemble_id: str) -> pd.Series | None:
        """Return one ensemble's row, as in :meth:`ensembles`, or None if it is not stored."""
        return queries.ensemble(self.connection, ensemble_id)

    def chosen_ensemble(self, ensemble_id: str | None) -> str:
        """The ensemble a command asks for: ``None`` is the latest; it must exist.

        Only no id means the latest: an empty one (``--ensemble "$UNSET"``) is refused.

        Raises:
            InputError: If the store holds no ensemble, or none of that id.
        """
        eid = self.latest_ensemble() if ensemble_id is None else ensemble_id
        if eid is None:
            raise store_errors.no_ensemble(self.path, queries.n_plans(self.connection))
        self.require_ensemble(eid)
        return eid

    def require_ensemble(self, ensemble_id: str) -> None:
        """Raise :class:`InputError` (naming the store and the id) unless the ensemble exists."""
        if ensemble_id is None:  # what latest_ensemble() gives for an empty store
            if self.latest_ensemble() is None:
                raise InputError(
                    [Problem(str(self.path), "ensemble", "", "no ensemble in the store")]
                )
            # From Python None is no id, not "the latest": say how to get that one.
            why = "give an ensemble's id; store.latest_ensemble() is the latest"
            raise InputError([Problem(str(self.path), "ensemble", "None", why)])
        if not isinstance(ensemble_id, str):  # DuckDB would cast it, and fail as a store error
            why = "give an ensemble's id, as text"
            raise InputError([Problem(str(self.path), "ensemble", repr(ensemble_id), why)])
        if not self.has_ensemble(ensemble_id):
            raise store_errors.unknown_ensemble(self.path, ensemble_id, self.ensembles())

    def require_runs(self, ensemble_id: str) -> int:
        """The ensemble's number of stored runs; an unknown ensemble or one with none is refused."""
        self.require_ensemble(ensemble_id)
        n = self.n_runs(ensemble_id)
        if n == 0:
            raise store_errors.no_runs(self.path, ensemble_id, self.ensembles())
        return n

    def latest_ensemble(self) -> str | None:
        """Return the id of the ensemble last run or resumed, or None if there is none."""
        return queries.latest_ensemble(self.connection)

    def has_ensemble(self, ensemble_id: str) -> bool:
        """Return whether the ensemble exists."""
        return queries.has_ensemble(self.connection, ensemble_id)

    # -- runs -------------------------------------------------------------------------------

    def write_run(
        self,
        ensemble_id: str,
        meta: Mapping[str, Any],
        frames: Mapping[str, pd.DataFrame],
        *,
        stations: bool = True,
    ) -> None:
        """Write one run's tables and its ``runs`` row in a single transaction.

        Args:
            ensemble_id: An ensemble made by :meth:`begin_ensemble`.
            meta: ``run_index``, ``seed_entropy``, ``version``, ``seconds``, ``step_seconds``.
            frames: The run's tables (see :mod:`votebank.results.frames`).
            stations: Write the ``polling_stations`` rows; False keeps no station detail.

        Raises:
            ValueError: If ``meta`` lacks a key or a frame is malformed.
            StoreError: If the ensemble is unknown or the run is already stored.
        """
        self.write_runs(ensemble_id, [stage_run(meta, frames, stations=stations)])

    def write_runs(self, ensemble_id: str, staged: Sequence[StagedRun]) -> None:
        """Write a batch of staged runs in a single transaction: all of them, or none.

        Each table gets one insert for the whole batch; the ``runs`` rows go last, since they
        mark the runs as done.

        Raises:
            ValueError: If the batch names a run twice.
            StoreError: If the ensemble is unknown or a run is already stored.
        """
        if not staged:
            return
        indices = [s.run_index for s in staged]
        if len(set(indices)) != len(indices):
            raise ValueError(f"a batch of runs names a run twice: {sorted(indices)}")
        con = self.connection
        with transaction(con):
            if not self.has_ensemble(ensemble_id):
                raise StoreError(f"ensemble {ensemble_id} is not in {self.path}")
            stored = con.execute(
                "SELECT min(run_index) FROM runs WHERE ensemble_id = ?"
                " AND list_contains(?::INTEGER[], run_index)",
                [ensemble_id, indices],
            ).fetchall()[0][0]
            if stored is not None:
                raise StoreError(
                    f"run {stored} of ensemble {ensemble_id} is already stored in {self.path}"
                )
            for table in FRAME_TABLES:
                parts = [s.tables[table] for s in staged if table in s.tables]
                if parts:
                    self._insert_frame(table, ensemble_id, pa.concat_tables(parts))
            finished = now()
            for s in staged:
                con.execute(
                    "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        ensemble_id,
                        s.run_index,
                        str(s.meta["seed_entropy"]),
                        str(s.meta["version"]),
                        float(s.meta["seconds"]),
                        json.dumps(dict(s.meta["step_seconds"]), sort_keys=True),
                        finished,
                        s.stations,
                    ],
                )

    def _insert_frame(self, table: str, ensemble_id: str, arrow: pa.Table) -> None:
        # Arrow with the canonical schema (staged): one scan, exact column types.
        cols = ", ".join(f'"{c}"' for c in FRAME_COLUMNS[table])
        con = self.connection
        con.register("_vb_frame", arrow)
        try:
            con.execute(
                f"INSERT INTO {table} (ensemble_id, run_index, {cols})"  # noqa: S608 - fixed names
                f" SELECT ?, run_index, {cols} FROM _vb_frame",
                [ensemble_id],
            )
        finally:
            con.unregister("_vb_frame")

    def done_runs(self, ensemble_id: str) -> set[int]:
        """Return the run indices stored for the ensemble."""
        return queries.done_runs(self.connection, ensemble_id)

    def missing_runs(self, ensemble_id: str, n: int) -> list[int]:
        """Return, in order, the indices in ``range(n)`` not yet stored for the ensemble."""
        done = self.done_runs(ensemble_id)
        return [i for i in range(n) if i not in done]

    def n_runs(self, ensemble_id: str) -> int:
        """Return the number of runs stored for the ensemble."""
        return queries.n_runs(self.connection, ensemble_id)

    # -- reading ----------------------------------------------------------------------------

    def read(
        self,
        table: str,
        ensemble_id: str | None = None,
        runs: Iterable[int] | None = None,
    ) -> pd.DataFrame:
        """Read a table, optionally for one ensemble and some runs (:func:`queries.read`)."""
        if ensemble_id is not None:  # a mistyped id read as a table of no rows
            self.require_ensemble(ensemble_id)
        return queries.read(self.connection, str(self.path), table, ensemble_id, runs)
