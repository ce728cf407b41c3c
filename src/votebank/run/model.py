"""A scenario ready to run, and one run of it.

:class:`Model` builds the contests once and takes electorates from the shared cache;
:meth:`Model.outcome` runs the schedule and returns what studies read; :meth:`Model.run` returns
the run's tables. The run state itself stays inside this layer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from votebank.core.contests import Contests
from votebank.core.electorate import Electorate
from votebank.core.state import Buffers, RunState
from votebank.core.step import run_steps
from votebank.core.types import VoterTypes
from votebank.display import joined
from votebank.errors import InputError, Problem, given, integer_problem, seed_problem
from votebank.rng import Streams, fresh_entropy
from votebank.run.contests import build_contests
from votebank.run.electorate_cache import SHARED, ElectorateCache, electorate_key
from votebank.run.frames import run_frames
from votebank.run.memory import MAPPED_ROWS, keep_freed_memory
from votebank.run.outcome import Outcome
from votebank.run.schedule import schedule
from votebank.run.uncertainty import drawn_spec
from votebank.scenario.load import Scenario
from votebank.version import version


def package_version() -> str:
    """Return votebank's installed version (or 'dev' when run from a source tree)."""
    return version()


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
        if table not in self.frames:
            raise KeyError(f"no table {table!r}; the tables are {joined(self.frames)}")
        return self.frames[table]

    def __repr__(self) -> str:
        # Each table's size, not its rows: a notebook cell printed every frame in full.
        tables = ", ".join(f"{name} ({len(frame):,} rows)" for name, frame in self.frames.items())
        run, seed = self.meta.get("run_index"), self.meta.get("seed_entropy")
        return f"RunResult(run_index={run}, seed={seed}; tables: {tables})"


@dataclass
class Model:
    """A scenario ready to run: contests built once, electorates from a cache.

    Args:
        scenario: The validated scenario.
        entropy: The ensemble seed (the scenario's seed, or fresh OS entropy, recorded).
        cache: Where electorates are kept (shared by every model of the process).
    """

    scenario: Scenario
    entropy: int
    cache: ElectorateCache = field(default=SHARED, repr=False)
    _contests: Contests | None = field(default=None, repr=False)
    _keys: dict[int, str] = field(default_factory=dict, repr=False)
    # The run state's large arrays, reused by the next run once the last one is dropped.
    _buffers: Buffers = field(default_factory=Buffers, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, scenario: Scenario, seed: int | None = None) -> Model:
        """Model of a scenario with an explicit seed, else the scenario's, else OS entropy.

        Raises:
            InputError: ``scenario`` is no Scenario, or ``seed`` no whole number from 0 (1.7
                would run as seed 1).
        """
        found = [seed_problem(seed)]
        if not isinstance(scenario, Scenario):
            why = "give a Scenario (votebank.load_scenario reads a name, folder or file)"
            found.append(Problem("scenario", "", given(scenario), why))
        if any(found):
            raise InputError([p for p in found if p])
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
        spec = self.scenario.spec
        index = run_index if spec.electorate.resample_each_run else 0
        seats = self.scenario.stream_seats
        if index not in self._keys:  # hashed once per model, not once per run
            self._keys[index] = electorate_key(spec, self.contests, self.entropy, index, seats)
        return self.cache.get(spec, self.contests, self.entropy, index, self._keys[index], seats)

    def streams(self, run_index: int) -> Streams:
        """The run's random streams (a cut scenario's seats keyed as in the whole one)."""
        sc = self.scenario
        return Streams.of(self.entropy, run_index, sc.stream_seats, sc.stream_whole)

    def state(self, run_index: int, *, canvass_returns: bool = True) -> RunState:
        """Run ``run_index`` and return its final run state: for mechanism tests, not studies.

        ``canvass_returns=False``: what canvassers heard is not drawn (the same votes, faster).
        """
        if bad := integer_problem("run_index", run_index, 0):  # True would run as run 1
            raise InputError([bad])
        el, types = self.electorate(run_index)
        if el.cohorts >= MAPPED_ROWS:
            keep_freed_memory()  # the run's large temporaries reuse the last run's pages
        spec = self.scenario.spec
        if spec.scenario.draw_parameters:
            spec = drawn_spec(spec, self.entropy, run_index)
        steps = schedule(spec)
        state = RunState.start(
            spec,
            self.contests,
            el,
            types,
            self.streams(run_index),
            steps,
            self._buffers,
        )
        if not canvass_returns:
            state.canvass_returns = None
        run_steps(state, steps)
        return state

    def outcome(self, run_index: int, *, canvass_returns: bool = True) -> Outcome:
        """Run ``run_index`` and return its outcome (without canvass returns if asked)."""
        return Outcome.of(self.state(run_index, canvass_returns=canvass_returns), run_index)

    def run(self, run_index: int, *, stations: bool = True) -> RunResult:
        """Run ``run_index`` and return its tables (``stations=False``: no station table)."""
        start = time.perf_counter()
        outcome = self.outcome(run_index)
        frames = run_frames(outcome, stations=stations)
        return RunResult(
            frames,
            {
                "run_index": run_index,
                "seed_entropy": self.entropy,
                "version": package_version(),
                "seconds": time.perf_counter() - start,
                "step_seconds": dict(outcome.timings),
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
