"""Ensembles from Python, as tidy DataFrames (for notebooks; sweeps: :mod:`votebank.sweeps`).

``run_ensemble`` runs the same runs as ``votebank run`` (same seed, same run indices, same
numbers: both read a run through :func:`~votebank.run.frames.run_frames`) but keeps them in
memory instead of a store. Every frame is long: one row per run and party, run and seat, run
and candidate, run and station-candidate-route. Every entry checks its arguments and its
scenario (:func:`~votebank.scenario.check.check_scenario`) before it runs anything.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.display import joined, runs_text
from votebank.ensemble.cluster import ARGUMENTS, MAX_WORKERS, cluster_client, workers_problem
from votebank.ensemble.compare import shared_seed
from votebank.ensemble.security import scheduler_problems
from votebank.errors import (
    InputError,
    Problem,
    flag_problem,
    integer_problem,
    runs_and_seed_problems,
    seed_problem,
)
from votebank.formula_cells import inert
from votebank.outputs import check_outputs, move_into
from votebank.results.export import TMP_PREFIX, remove_leftovers
from votebank.results.seat_bounds import seat_bounds
from votebank.results.store import MAX_RUNS
from votebank.run.electorate_memory import electorate_memory_problem
from votebank.run.frames import STATION_VOTES, run_frames, station_votes
from votebank.run.many import keep_stations, many_runs
from votebank.run.model import Model, RunResult
from votebank.run.station_memory import station_memory_problem
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario

# Per-run tables of a run, in the order they are listed; station_votes only for station runs.
TABLES = ("seats", "constituencies", "candidates", "byelections", "canvass", "station_votes")
FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class TidyRun:
    """Reader: a run's tables, with long station votes for runs below ``station_runs``."""

    station_runs: int

    def __call__(self, model: Model, run_index: int) -> dict[str, pd.DataFrame]:
        """The tables of run ``run_index``."""
        outcome = model.outcome(run_index)
        keep = keep_stations(run_index, self.station_runs)
        frames = run_frames(outcome, stations=False)
        if keep:
            frames["station_votes"] = station_votes(outcome)
        return frames


@dataclass(frozen=True)
class Ensemble:
    """An ensemble's runs as tidy DataFrames.

    Attributes:
        scenario: The scenario's name.
        seed: The ensemble seed (given, the scenario's, or fresh entropy).
        runs: Number of runs (indices 0..runs-1).
        frames: Each table of :data:`TABLES`, every run stacked, with ``run_index`` first.
        params: The dotted-path overrides this ensemble ran with (a sweep's point).
    """

    scenario: str
    seed: int
    runs: int
    frames: dict[str, pd.DataFrame] = field(repr=False)
    params: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, table: str) -> pd.DataFrame:
        if table not in self.frames:
            raise KeyError(f"no table {table!r}; the tables are {joined(self.frames)}")
        # A copy (lazy, pandas' copy-on-write): ens.seats.loc[:, "total"] = 0 in a notebook's
        # cell changed the ensemble, its summary(), export() and a sweep's differences().
        return self.frames[table].copy(deep=False)

    @property
    def seats(self) -> pd.DataFrame:
        """One row per run and party: general, women, non-Muslim and total seats."""
        return self["seats"]

    @property
    def constituencies(self) -> pd.DataFrame:
        """One row per run and constituency: turnout, winner, runner-up, margin."""
        return self["constituencies"]

    @property
    def candidates(self) -> pd.DataFrame:
        """One row per run and candidate: votes, by route too, rank and whether elected."""
        return self["candidates"]

    @property
    def station_votes(self) -> pd.DataFrame:
        """One row per run, station, candidate and route (the station runs only)."""
        return self["station_votes"]

    def summary(self) -> pd.DataFrame:
        """Seats by party over the runs: mean, 5% and 95% quantiles, P(largest party)."""
        return seat_summary(self.seats)

    def export(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``folder/<table>.<fmt>`` (``parquet`` or ``csv``, any case).

        Raises:
            InputError: An unknown format, or a folder (or a table's file) in the way; nothing
                is written then.
        """
        return export_frames(self.frames, folder, fmt)

    def _repr_html_(self) -> str:
        # A name or value of the scenario's own ("<2008>") is text, not markup.
        head = f"<p><b>{escape(self.scenario)}</b>: {runs_text(self.runs)}, seed {self.seed}"
        if self.params:
            shown = (
                f"<code>{escape(k)}</code> = {escape(repr(v))}" for k, v in self.params.items()
            )
            head += "; " + ", ".join(shown)
        return head + "</p>" + self.summary().to_html(float_format=lambda x: f"{x:,.2f}")


def export_frames(
    frames: Mapping[str, pd.DataFrame], folder: str | Path, fmt: str = "parquet"
) -> list[Path]:
    """Write each frame to ``folder/<name>.<fmt>``; refuse a bad format or path first."""
    kind = fmt.lower() if isinstance(fmt, str) else fmt
    if kind not in FORMATS:
        raise InputError([Problem("fmt", "", repr(fmt), f"choose one of {joined(FORMATS)}")])
    if not isinstance(folder, str | os.PathLike):
        raise InputError([Problem("folder", "", repr(folder), "give a folder's path")])
    folder = Path(folder).expanduser()  # as pandas reads "~": else a folder named "~" is made
    paths = {name: folder / f"{name}.{kind}" for name in frames}
    check_outputs(folders={"folder": folder})
    check_outputs(files={p.name: p for p in paths.values()})  # a table's file is a folder
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and moved in when all are complete, as `votebank export` does: a full disk
    # or a read-only file part way left the folder a mix of this export and an earlier one.
    # Named by the process, as that export's: a later export removes a killed one's (SIGTERM).
    remove_leftovers(folder)
    aside = Path(tempfile.mkdtemp(dir=folder, prefix=f"{TMP_PREFIX}{os.getpid()}-"))
    moved: list[Path] = []
    try:
        for name, frame in frames.items():
            _write_frame(frame, aside / paths[name].name, kind)
        for path in paths.values():
            move_into(aside / path.name, path)  # a link is written through
            moved.append(path)
    except OSError as err:
        # Only a file that cannot be replaced (immutable) fails a move, after those before it.
        kept = f"only {', '.join(p.name for p in moved)} replaced" if moved else "nothing replaced"
        why = f"cannot be written: {err.strerror or err}; {kept}"
        raise InputError([Problem("folder", "", str(folder), why)]) from err
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    return list(paths.values())


def _write_frame(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """Write ``frame`` to ``path`` as ``kind`` (parquet or csv)."""
    if kind == "parquet":
        frame.to_parquet(path, index=False)
    else:  # a name from the scenario's files must not run as a spreadsheet formula
        text = frame.select_dtypes(include=["object", "string"]).columns
        # true and false, as `votebank export` (DuckDB) writes them, not pandas' True and False.
        flags = frame.select_dtypes(include=["bool", "boolean"]).columns
        words = {c: frame[c].map({True: "true", False: "false"}) for c in flags}
        frame.assign(**{c: frame[c].map(inert) for c in text}, **words).to_csv(path, index=False)


def seat_summary(seats: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Seats by party (and ``by``) over runs: mean, sd, 5%, 95%, P(largest; ties shared)."""
    keys = [*by, "run_index"]
    # dropna=False: a sweep's point may hold None (an unset field), and its rows must stay.
    top = seats.groupby(keys, dropna=False)["total"].transform("max")
    is_top = seats["total"] == top
    shared = is_top / is_top.groupby([seats[k] for k in keys], dropna=False).transform("sum")
    frame = seats.assign(largest=shared)
    grouped = frame.groupby([*by, "party"], sort=False, dropna=False)
    out = grouped["total"].agg(
        mean="mean",
        sd="std",
        # Seat totals some run had (as the summary's): 8 or 9 seats, never 8.05.
        q05=lambda s: seat_bounds(s)[0],
        q95=lambda s: seat_bounds(s)[1],
    )
    out["p_largest"] = grouped["largest"].mean()
    return out.reset_index().sort_values([*by, "mean"], ascending=[True] * len(by) + [False])


def simulate(
    scenario: Scenario | str | Path, *, seed: int | None = None, run_index: int = 0
) -> RunResult:
    """Run one election of a scenario (run ``run_index`` of the ensemble of ``seed``).

    Args:
        scenario: A scenario, or a built-in name, folder or TOML file.
        seed: Ensemble seed; defaults to the scenario's, else fresh OS entropy (recorded in
            ``result.meta["seed_entropy"]``).
        run_index: Which run of the ensemble (each index has its own random streams).

    Returns:
        The run's tables as DataFrames and its metadata.

    Raises:
        InputError: Every problem of the arguments and of the scenario.
    """
    sc = entry_scenario(
        scenario,
        seed_problem(seed),
        integer_problem("run_index", run_index, 0, MAX_RUNS - 1),
    )
    return Model.of(sc, seed).run(int(run_index))


def run_ensemble(
    scenario: Scenario | str | Path,
    runs: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    *,
    station_runs: int = 1,
    scheduler: str | None = None,
    parameter_uncertainty: bool = False,
) -> Ensemble:
    """Run an ensemble and return its runs as tidy DataFrames.

    Args:
        scenario: A scenario, or a built-in name, folder or TOML file.
        runs: Runs (default: what ``votebank run`` does without ``--runs``).
        seed: Ensemble seed (default: the scenario's, else fresh entropy, recorded).
        workers: Local worker processes (Dask), as ``votebank run --workers``. Dask starts
            them as new Python processes, which import the calling script: from a script,
            call with workers >= 2 under ``if __name__ == "__main__":``.
        station_runs: Runs that keep station votes (the first ones; -1 for all).
        scheduler: Address of a Dask scheduler to send the runs to.
        parameter_uncertainty: Each run draws the parameters of
            ``[scenario.parameter_uncertainty]`` (as ``votebank run --parameter-uncertainty``;
            those the electorate builder reads stay fixed, see ``votebank.run.uncertainty``).

    Returns:
        The runs; the numbers are those ``votebank run`` with the same seed stores.

    Raises:
        InputError: Every problem of the arguments and of the scenario; runs or station votes to
            keep that would take more than this machine's memory (``votebank run`` writes them
            to its store instead).
    """
    sc = entry_scenario(
        scenario,
        *_run_problems(runs, seed, workers, station_runs, scheduler),
        flag_problem("parameter_uncertainty", parameter_uncertainty),
    )
    # Refused before a run: kept in memory, they would end with the process killed.
    if problem := station_memory_problem([sc], _runs(sc, runs), station_runs):
        raise InputError([problem])
    if problem := electorate_memory_problem(sc, workers, scheduler is None, "workers"):
        raise InputError([problem])
    if parameter_uncertainty:  # nothing to draw is refused before a cluster is started for it
        from votebank.run.uncertainty import with_parameter_draws

        sc = with_parameter_draws(sc)
    with cluster_client(workers, scheduler, python=True) as client:
        return _ensemble(sc, runs, seed, station_runs, client)


def _run_problems(
    runs: object, seed: object, workers: object, station_runs: object, scheduler: object = None
) -> list:
    """The problems of an ensemble's counts and scheduler, with the bounds of ``votebank run``."""
    bad_workers = integer_problem("workers", workers, 1, MAX_WORKERS)
    found = [
        *runs_and_seed_problems(runs, seed, MAX_RUNS, optional=True),
        bad_workers,
        integer_problem("station_runs", station_runs, -1, MAX_RUNS),
    ]
    if scheduler is not None:
        found += scheduler_problems(scheduler, None, ARGUMENTS["scheduler"])
    if not bad_workers:
        found.append(workers_problem(workers, scheduler, ARGUMENTS))  # type: ignore[arg-type]
    return found


def _ensemble(
    sc: Scenario,
    runs: int | None,
    seed: int | None,
    station_runs: int,
    client: object | None,
    progress: Callable[[int], None] | None = None,
) -> Ensemble:
    """:func:`run_ensemble` of a checked scenario with checked arguments, on ``client``.

    ``client``: a Dask client (:func:`~votebank.ensemble.cluster.cluster_client`), or None to
    run in this process. ``progress``: called with the runs done after each.
    """
    n = _runs(sc, runs)
    entropy = int(shared_seed(sc, seed))
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    runs_made = many_runs(
        sc, entropy, range(n), TidyRun(station_runs), client=client, progress=progress
    )
    results = list(runs_made)
    for index, frames in sorted(results, key=lambda item: item[0]):
        for name, frame in frames.items():
            parts[name].append(frame.assign(run_index=index))
    empty = {"station_votes": STATION_VOTES}  # an ensemble that kept no station runs
    stacked = {t: _stack(f, empty.get(t, {})) for t, f in parts.items()}
    return Ensemble(sc.name, entropy, n, stacked)


def _runs(sc: Scenario, runs: int | None) -> int:
    """The runs asked for, else those ``votebank run`` does without ``--runs``."""
    from votebank.scenario.catalogue import default_runs

    if runs is None:
        return default_runs(len(sc.constituencies), sc.spec.scenario.runs)
    return int(runs)  # a NumPy count as Python's: the ensemble showed runs=np.int64(50)


def _stack(frames: list[pd.DataFrame], columns: dict[str, type]) -> pd.DataFrame:
    """The runs' frames stacked, ``run_index`` first; none: an empty table of ``columns``."""
    if not frames:
        kinds = {"run_index": np.int64, **columns}
        return pd.DataFrame({c: pd.Series(dtype=kind) for c, kind in kinds.items()})
    out = pd.concat(frames, ignore_index=True)
    return out[["run_index", *(c for c in out.columns if c != "run_index")]]
