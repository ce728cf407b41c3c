"""The one loop over many runs of a scenario, here or on Dask workers.

Every study that needs many runs (ensembles, calibration trials, the canvass planner, the UK
projections, the forensics power study) goes through :func:`many_runs`: it gives run indices
and a *reader*, a function of (model, run index) that returns what the study keeps of a run
(by default the run's :class:`~votebank.run.outcome.Outcome`). A run's numbers depend only on
(scenario, seed, run index), so the same indices give the same results on any number of
workers; on workers, results arrive in the order they finish, each with its index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from votebank.run.model import Model, RunResult
from votebank.run.outcome import Outcome
from votebank.run.uncertainty import check_draws
from votebank.scenario.load import Scenario

Reader = Callable[[Model, int], Any]


def outcome(model: Model, run_index: int) -> Outcome:
    """Reader: the run's outcome."""
    return model.outcome(run_index)


@dataclass(frozen=True)
class Tables:
    """Reader: the run's tables, with station detail for runs below ``station_runs`` (-1: all)."""

    station_runs: int

    def __call__(self, model: Model, run_index: int) -> RunResult:
        """The tables of run ``run_index``."""
        return model.run(run_index, stations=keep_stations(run_index, self.station_runs))


def keep_stations(run_index: int, station_runs: int) -> bool:
    """Whether a run keeps polling-station detail: one of the first ``station_runs`` (-1: all)."""
    return station_runs < 0 or run_index < station_runs


def many_runs(
    scenario: Scenario,
    entropy: int,
    runs: Iterable[int],
    read: Reader = outcome,
    *,
    client: Any = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """Run each index and yield ``(index, read(model, index))``.

    Args:
        scenario: The scenario.
        entropy: The ensemble seed.
        runs: Run indices.
        read: What to keep of each run (a module-level function or a picklable object when
            runs go to workers).
        client: A Dask client whose workers make the runs (None: in this process, in order).
        progress: Called with the number of runs done after each.

    Raises:
        InputError: If the runs draw parameters that can break the scenario's rules (before
            any run is made; see :func:`~votebank.run.uncertainty.check_draws`).
    """
    check_draws(scenario)
    return _counted(scenario, entropy, runs, read, client, progress)


def _counted(scenario, entropy, runs, read, client, progress) -> Iterator[tuple[int, Any]]:
    if client is None:
        results: Iterator[tuple[int, Any]] = _here(Model(scenario, entropy), runs, read)
    else:
        from votebank.run.distributed import dask_map  # Dask starts slowly: only when asked

        results = dask_map(client, scenario, entropy, list(runs), read)
    for done, item in enumerate(results, start=1):
        yield item
        if progress:
            progress(done)


def in_order(results: Iterable[tuple[int, Any]], runs: Iterable[int]) -> Iterator[tuple[int, Any]]:
    """Yield ``results`` (which may arrive in any order, as from workers) in the order of ``runs``.

    Out-of-order results wait in memory until their turn; with a few runs in flight per worker
    they are few.
    """
    waiting: dict[int, Any] = {}
    source = iter(results)
    for want in runs:
        while want not in waiting:
            index, value = next(source)
            waiting[index] = value
        yield want, waiting.pop(want)


def _here(model: Model, runs: Iterable[int], read: Reader) -> Iterator[tuple[int, Any]]:
    for index in runs:
        yield index, read(model, index)
