"""A step of a run, as data: what it is, what it reads, writes and draws, and when it runs.

The order of steps is a list of these (``votebank.mechanisms.registry.STEPS``), printed by
``votebank steps`` and timed by :func:`run_steps`. A contract test holds every step to its
declaration: it changes only the run-state columns it ``writes`` and draws only from the
streams it names (a name ending in ``*`` stands for every name that begins with the rest).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from votebank.core.contests import Contests
from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.types import VoterTypes

# A step of this phase votes or counts: a step that holds by-elections runs these again.
VOTE_PHASES = ("vote", "count")
PHASES = ("campaign", "polling day", *VOTE_PHASES, "after")


@dataclass(frozen=True)
class Step:
    """One step of a run.

    Attributes:
        name: Stable name, shown in timings and ``votebank steps``.
        owner: ``core`` or the mechanism (``[mechanisms.<owner>]``) that switches it on.
        phase: Which part of the election it models (one of ``PHASES``); a label, not its
            place in the run (the registry's order is). A step of phase ``vote`` or
            ``count`` is run again by the by-elections of ``multiple_seats``.
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


def checked(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The registry's steps, each declared as a run needs it (else a TypeError naming it).

    Raises:
        TypeError: A step's name repeated, its phase unknown, its reads, writes or streams a
            string rather than a tuple of them, a read or write that names nothing of the
            run, a mechanism's step without its ``MechanismParams`` model (every field with
            a default, ``enabled`` false), or two models for one mechanism.
    """
    seen: dict[str, Step] = {}
    models: dict[str, type[BaseModel]] = {}
    for step in steps:
        where = f"step {step.name!r} ({step.run.__module__})"
        if step.name in seen:
            raise TypeError(f"{where}: another step is named {step.name!r} too")
        seen[step.name] = step
        if step.phase not in PHASES:
            raise TypeError(f"{where}: phase {step.phase!r} is none of {', '.join(PHASES)}")
        for kind in ("reads", "writes", "streams"):
            value = getattr(step, kind)
            if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                raise TypeError(
                    f"{where}: {kind}= must be a tuple of names, e.g. ('x',); got {value!r}"
                )
        for kind in ("reads", "writes"):
            if unknown := [n for n in getattr(step, kind) if not _declarable(n, kind)]:
                raise TypeError(
                    f"{where}: {kind}= names no column of the run state: {', '.join(unknown)} "
                    "(a column of RunState, contests.<field>, types.<field> or spec.<section>)"
                )
        if step.owner == "core":
            if step.params is not None:
                raise TypeError(f"{where}: a core step has no params (it is never switched off)")
            continue
        if not (isinstance(step.params, type) and issubclass(step.params, MechanismParams)):
            raise TypeError(
                f"{where}: params= must be the MechanismParams model of [mechanisms.{step.owner}]"
                f"; got {step.params!r}"
            )
        try:
            off = step.params()
        except ValidationError as exc:
            fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
            raise TypeError(
                f"{where}: every field of {step.params.__name__} needs a default (a scenario "
                f"without [mechanisms.{step.owner}] gets them): {fields}"
            ) from None
        if off.enabled:
            raise TypeError(f"{where}: {step.params.__name__} must be off by default")
        if models.setdefault(step.owner, step.params) is not step.params:
            raise TypeError(
                f"{where}: [mechanisms.{step.owner}] already has the model "
                f"{models[step.owner].__name__}; its steps must share one"
            )
    return steps


def _declarable(name: str, kind: str) -> bool:
    """Whether a step may name ``name`` among its reads or writes."""
    part, _, rest = name.partition(".")
    if part == "spec" and rest:
        return kind == "reads"  # a step reads the scenario, never writes it
    owners = {"contests": Contests, "types": VoterTypes}
    if part in owners:
        return rest in {f.name for f in dataclasses.fields(owners[part])}
    return name in RunState.columns()


def run_steps(state: RunState, steps: tuple[Step, ...]) -> None:
    """Run the steps in order, timing each into ``state.timings``."""
    for step in steps:
        start = time.perf_counter()
        step.run(state)
        state.timings[step.name] = state.timings.get(step.name, 0.0) + time.perf_counter() - start
