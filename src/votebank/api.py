"""Ensembles and parameter sweeps from Python, as tidy DataFrames (for notebooks).

``run_ensemble`` runs the same runs as ``votebank run`` (same seed, same run indices, same
numbers: both read a run through :func:`~votebank.run.frames.run_frames`) but keeps them in
memory instead of a store. ``sweep`` runs one ensemble per point of a grid of dotted-path
overrides, every point with the same seed, so differences between points are paired (common
random numbers). Every frame is long: one row per run and party, run and seat, run and
candidate, run and station-candidate-route.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from votebank.ensemble.compare import shared_seed
from votebank.run.frames import run_frames, station_votes
from votebank.run.many import keep_stations, many_runs
from votebank.run.model import Model
from votebank.scenario.load import Scenario, load_scenario
from votebank.scenario.overrides import with_overrides

# Per-run tables of a run, in the order they are listed; station_votes only for station runs.
TABLES = ("seats", "constituencies", "candidates", "byelections", "canvass", "station_votes")


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
        return self.frames[table]

    @property
    def seats(self) -> pd.DataFrame:
        """One row per run and party: general, women, non-Muslim and total seats."""
        return self.frames["seats"]

    @property
    def constituencies(self) -> pd.DataFrame:
        """One row per run and constituency: turnout, winner, runner-up, margin."""
        return self.frames["constituencies"]

    @property
    def candidates(self) -> pd.DataFrame:
        """One row per run and candidate: votes, by route too, rank and whether elected."""
        return self.frames["candidates"]

    @property
    def station_votes(self) -> pd.DataFrame:
        """One row per run, station, candidate and route (the station runs only)."""
        return self.frames["station_votes"]

    def summary(self) -> pd.DataFrame:
        """Seats by party over the runs: mean, 5% and 95% quantiles, P(largest party)."""
        return seat_summary(self.seats)

    def export(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``folder/<table>.<fmt>`` (``parquet`` or ``csv``)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in self.frames.items():
            path = folder / f"{name}.{fmt}"
            if fmt == "parquet":
                frame.to_parquet(path, index=False)
            elif fmt == "csv":
                frame.to_csv(path, index=False)
            else:
                raise ValueError(f"format {fmt!r}: choose parquet or csv")
            written.append(path)
        return written

    def _repr_html_(self) -> str:
        head = f"<p><b>{self.scenario}</b>: {self.runs:,} runs, seed {self.seed}"
        if self.params:
            head += "; " + ", ".join(f"<code>{k}</code> = {v!r}" for k, v in self.params.items())
        return head + "</p>" + self.summary().to_html(float_format=lambda x: f"{x:,.2f}")


def seat_summary(seats: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Seats by party (and ``by``) over runs: mean, sd, 5%, 95%, P(largest; ties shared)."""
    keys = [*by, "run_index"]
    top = seats.groupby(keys)["total"].transform("max")
    is_top = seats["total"] == top
    shared = is_top / is_top.groupby([seats[k] for k in keys]).transform("sum")
    frame = seats.assign(largest=shared)
    grouped = frame.groupby([*by, "party"], sort=False)
    out = grouped["total"].agg(
        mean="mean",
        sd="std",
        q05=lambda s: s.quantile(0.05),
        q95=lambda s: s.quantile(0.95),
    )
    out["p_largest"] = grouped["largest"].mean()
    return out.reset_index().sort_values([*by, "mean"], ascending=[True] * len(by) + [False])


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


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
        workers: Local worker processes (Dask), as ``votebank run --workers``.
        station_runs: Runs that keep station votes (the first ones; -1 for all).
        scheduler: Address of a Dask scheduler to send the runs to.
        parameter_uncertainty: Each run draws the parameters of
            ``[scenario.parameter_uncertainty]`` (as ``votebank run --parameter-uncertainty``;
            those the electorate builder reads stay fixed, see ``votebank.run.uncertainty``).

    Returns:
        The runs; the numbers are those ``votebank run`` with the same seed stores.
    """
    from votebank.scenario.catalogue import default_runs

    sc = _scenario(scenario)
    if parameter_uncertainty:
        from votebank.run.uncertainty import with_parameter_draws

        sc = with_parameter_draws(sc)
    n = runs or default_runs(len(sc.constituencies), sc.spec.scenario.runs)
    entropy = int(shared_seed(sc, seed))
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    from votebank.ensemble.cluster import cluster_client

    with cluster_client(workers, scheduler) as client:
        results = list(many_runs(sc, entropy, range(n), TidyRun(station_runs), client=client))
    for index, frames in sorted(results, key=lambda item: item[0]):
        for name, frame in frames.items():
            parts[name].append(frame.assign(run_index=index))
    return Ensemble(sc.name, entropy, n, {t: _stack(f) for t, f in parts.items()})


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        return pd.DataFrame({"run_index": pd.Series(dtype="int64")})
    out = pd.concat(frames, ignore_index=True)
    return out[["run_index", *(c for c in out.columns if c != "run_index")]]


@dataclass(frozen=True)
class Sweep:
    """One ensemble per point of a grid of overrides, and their tables side by side.

    Attributes:
        paths: The swept dotted paths (each a column of every frame).
        ensembles: One ensemble per point, in grid order.
    """

    paths: tuple[str, ...]
    ensembles: tuple[Ensemble, ...] = field(repr=False)

    @property
    def points(self) -> pd.DataFrame:
        """One row per point: ``point`` and the value of each path."""
        rows = [{"point": i, **e.params} for i, e in enumerate(self.ensembles)]
        return pd.DataFrame(rows)

    def __getitem__(self, table: str) -> pd.DataFrame:
        """A table of every point stacked, with ``point`` and one column per path first."""
        frames = []
        for i, e in enumerate(self.ensembles):
            frame = e[table]
            front = {"point": i, **e.params}
            frames.append(frame.assign(**front)[[*front, *frame.columns]])
        return pd.concat(frames, ignore_index=True)

    @property
    def seats(self) -> pd.DataFrame:
        """One row per point, run and party."""
        return self["seats"]

    @property
    def constituencies(self) -> pd.DataFrame:
        """One row per point, run and constituency."""
        return self["constituencies"]

    @property
    def candidates(self) -> pd.DataFrame:
        """One row per point, run and candidate."""
        return self["candidates"]

    def summary(self) -> pd.DataFrame:
        """Seats by point and party: mean, sd, 5%, 95%, P(largest)."""
        return seat_summary(self.seats, by=["point", *self.paths])

    def _repr_html_(self) -> str:
        first = self.ensembles[0]
        head = (
            f"<p><b>{first.scenario}</b>: sweep of {', '.join(self.paths)} over "
            f"{len(self.ensembles)} points, {first.runs:,} runs each, seed {first.seed} "
            "(the same runs at every point)</p>"
        )
        wide = self.summary().pivot_table(index="party", columns=list(self.paths), values="mean")
        wide = wide.loc[wide.max(axis=1).sort_values(ascending=False).index]
        return head + wide.to_html(float_format=lambda x: f"{x:,.2f}")


def sweep(
    scenario: Scenario | str | Path,
    grid: Mapping[str, Sequence[Any]],
    runs: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    *,
    station_runs: int = 0,
) -> Sweep:
    """Run an ensemble at every combination of the values in ``grid``.

    Args:
        scenario: A scenario, or a built-in name, folder or TOML file.
        grid: Dotted paths of the scenario's fields (``turnout.base``,
            ``mechanisms.canvass.campaigns.0.cars``) and the values to try.
        runs: Runs per point (default: as :func:`run_ensemble`).
        seed: One seed for every point (default: the scenario's, else fresh entropy).
        workers: Local worker processes.
        station_runs: Runs per point that keep station votes (default none).

    Raises:
        KeyError: A path does not name a field.
        pydantic.ValidationError: A value is not valid there.
    """
    sc = _scenario(scenario)
    paths = tuple(grid)
    seed = shared_seed(sc, seed)
    ensembles = []
    for values in itertools.product(*(list(grid[p]) for p in paths)):
        point = dict(zip(paths, values, strict=True))
        variant = sc.with_spec(with_overrides(sc.spec, point))
        e = run_ensemble(variant, runs, seed, workers, station_runs=station_runs)
        ensembles.append(Ensemble(e.scenario, e.seed, e.runs, e.frames, point))
    return Sweep(paths, tuple(ensembles))
