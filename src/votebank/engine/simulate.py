"""One run of a scenario, and the model object that caches what runs share."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from votebank.electorate.build import build_electorate
from votebank.electorate.frame import Electorate
from votebank.engine.contests import Contests, build_contests
from votebank.engine.output import run_frames
from votebank.engine.schedule import run_steps, schedule
from votebank.engine.state import RunState, VoterTypes
from votebank.rng import Streams, fresh_entropy
from votebank.scenario.load import Scenario


def package_version() -> str:
    """Return votebank's installed version (or 'dev' when run from a source tree)."""
    try:
        return version("votebank")
    except PackageNotFoundError:
        return "dev"


@dataclass
class RunResult:
    """One run's tables and metadata.

    Attributes:
        frames: The tables (constituencies, candidates, polling_stations, seats, byelections,
            canvass) as DataFrames.
        meta: run_index, seed_entropy, version, seconds, step_seconds.
    """

    frames: dict[str, pd.DataFrame]
    meta: dict

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.frames[table]


@dataclass
class Model:
    """A scenario ready to run: contests and electorates are built once and reused.

    Args:
        scenario: The validated scenario.
        entropy: The ensemble seed (the scenario's seed, or fresh OS entropy, recorded).
    """

    scenario: Scenario
    entropy: int
    _contests: Contests | None = field(default=None, repr=False)
    _electorates: dict[int, tuple[Electorate, VoterTypes]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, scenario: Scenario, seed: int | None = None) -> Model:
        """Model of a scenario with an explicit seed, else the scenario's, else OS entropy."""
        chosen = seed if seed is not None else scenario.spec.scenario.seed
        return cls(scenario, fresh_entropy() if chosen is None else int(chosen))

    @property
    def contests(self) -> Contests:
        """The contests (built on first use)."""
        if self._contests is None:
            self._contests = build_contests(self.scenario)
        return self._contests

    def electorate(self, run_index: int) -> tuple[Electorate, VoterTypes]:
        """The electorate a run uses: one per seed, or one per run if the scenario asks."""
        key = run_index if self.scenario.spec.electorate.resample_each_run else 0
        if key not in self._electorates:
            self._electorates.clear()  # keep one: memory stays bounded in long ensembles
            el = build_electorate(self.scenario.spec, self.contests, Streams(self.entropy, key))
            self._electorates[key] = (el, VoterTypes.of(el))
        return self._electorates[key]

    def state(self, run_index: int) -> RunState:
        """Run the steps of run ``run_index`` and return its final state."""
        el, types = self.electorate(run_index)
        state = RunState.start(
            self.scenario.spec, self.contests, el, types, Streams(self.entropy, run_index)
        )
        run_steps(state, schedule(self.scenario.spec))
        return state

    def run(self, run_index: int, *, stations: bool = True) -> RunResult:
        """Run ``run_index`` and return its tables (``stations=False``: no station table)."""
        start = time.perf_counter()
        state = self.state(run_index)
        frames = run_frames(state, stations=stations)
        return RunResult(
            frames,
            {
                "run_index": run_index,
                "seed_entropy": self.entropy,
                "version": package_version(),
                "seconds": time.perf_counter() - start,
                "step_seconds": dict(state.timings),
            },
        )


def simulate(scenario: Scenario, *, seed: int | None = None, run_index: int = 0) -> RunResult:
    """Run one election of a scenario.

    Args:
        scenario: From :func:`votebank.load_scenario`.
        seed: Ensemble seed; defaults to the scenario's, else fresh OS entropy (recorded in
            ``result.meta["seed_entropy"]``).
        run_index: Which run of the ensemble (each index has its own random streams).

    Returns:
        The run's tables as DataFrames and its metadata.
    """
    return Model.of(scenario, seed).run(run_index)
