"""A step of a run, as data: what it is, what it reads, writes and draws, and when it runs.

The order of steps is a list of these (``votebank.mechanisms.registry.STEPS``), printed by
``votebank steps`` and timed by :func:`run_steps`. A contract test holds every step to its
declaration: it changes only the run-state columns it ``writes`` and draws only from the
streams it names (a name ending in ``*`` stands for every name that begins with the rest).
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from votebank.core.state import RunState

# A step of this phase votes or counts: a step that holds by-elections runs these again.
VOTE_PHASES = ("vote", "count")


@dataclass(frozen=True)
class Step:
    """One step of a run.

    Attributes:
        name: Stable name, shown in timings and ``votebank steps``.
        owner: ``core`` or the mechanism (``[mechanisms.<owner>]``) that switches it on.
        phase: Which part of election day it belongs to.
        run: The function, called with the run's state.
        doc: One line on what it does.
        reads: Run-state columns it reads (``spec.<section>`` for a scenario section other
            than its own).
        writes: Run-state columns it changes (``contests.<field>`` or ``types.<field>`` for a
            field of the run's contests or voter types it replaces with a new array: every
            run of a model shares the old ones, so no step changes them in place).
        streams: Named random streams it draws.
        params: The parameter model of its ``[mechanisms.<owner>]`` table (``None`` for core).
        seat_local: Whether what it does in a seat depends on that seat alone (then a run cut
            to some seats and stepped equals the run stepped and cut).
        person_linked: Whether, not seat-local, it links only the seats where one person
            stands (then a run cut to whole such groups equals the run stepped and cut).
    """

    name: str
    owner: str
    phase: str
    run: Callable[[RunState], None]
    doc: str
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    streams: tuple[str, ...] = ()
    params: type[BaseModel] | None = None
    seat_local: bool = False
    person_linked: bool = False

    def draws(self, stream: str) -> bool:
        """Whether ``stream`` is one of the streams this step declares."""
        return any(fnmatch.fnmatchcase(stream, pattern) for pattern in self.streams)


def run_steps(state: RunState, steps: tuple[Step, ...]) -> None:
    """Run the steps in order, timing each into ``state.timings``."""
    for step in steps:
        start = time.perf_counter()
        step.run(state)
        state.timings[step.name] = state.timings.get(step.name, 0.0) + time.perf_counter() - start
