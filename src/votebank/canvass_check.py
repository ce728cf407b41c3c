"""What a canvass plan wins on runs it was not chosen on.

The planner puts each chunk where its own runs happen to gain most, so the plan's own gain
(``expected_seats_after - expected_seats_before``) overstates what its hours win: on the North
West of ``uk-2015-from-2010``, +0.65 seats on the plan's runs against +0.48 on fresh ones in
1,000-hour chunks (``benchmarks/plan_fresh_runs.py``). :func:`check_plan` prices the finished
plan on runs it never saw: the same seed, the run indices after its own, the plan's seats and
the seats linked to them run with its hours and without (common random numbers, as the plan is
priced), and the party's seats counted as the plan counts them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from votebank.canvass_inputs import contested_seats
from votebank.canvass_plan import PlanRuns
from votebank.ensemble.cluster import client_problems
from votebank.errors import InputError, Problem, callback_problem, integer_problem
from votebank.results.store import MAX_RUNS
from votebank.scenario.load import Scenario, load_scenario

PLAN_ATTRS = ("party", "seed", "runs")  # what a check reads of the plan it checks


@dataclass(frozen=True)
class PlanCheck:
    """A plan priced on runs it was not chosen on.

    Attributes:
        runs: Fresh runs (indices ``first_run`` onwards, the plan's seed).
        first_run: The first of them: the plan's own runs are the indices before it.
        gain: The party's mean gain in seats from the plan's hours on those runs.
        gain_se: Its standard error (paired runs).
    """

    runs: int
    first_run: int
    gain: float
    gain_se: float


def check_plan(
    scenario: Scenario | str | Path,
    plan: pd.DataFrame,
    *,
    runs: int = 400,
    client: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> PlanCheck:
    """Price ``plan`` (from :func:`~votebank.canvass_plan.plan_canvass`) on fresh runs.

    Args:
        scenario: The scenario the plan was made on, or its name or path.
        plan: The plan, with the ``attrs`` the planner gives it.
        runs: Fresh runs, 2 or more: each is run with the plan's hours and without.
        client: A Dask client whose workers make the runs (None: in this process).
        progress: Called with (runs done, ``2 x runs``) after each run.

    Raises:
        InputError: Every problem with the arguments, before any run.
    """
    scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    problems = [integer_problem("runs", runs, 2, MAX_RUNS), callback_problem("progress", progress)]
    problems += client_problems(client)
    missing = [k for k in PLAN_ATTRS if k not in plan.attrs]
    if missing or "constituency_id" not in plan or "hours" not in plan:
        why = f"not a plan from plan_canvass (no {', '.join(missing) or 'seats and hours'})"
        problems.append(Problem("plan", "", type(plan).__name__, why))
    else:
        problems += _seat_problems(scenario, plan)
    if problems := [p for p in problems if p]:
        raise InputError(problems)
    a = plan.attrs
    seed, first = int(a["seed"]), int(a["runs"])
    batches = PlanRuns.of(scenario, a["party"])
    hours = dict(zip(plan["constituency_id"], plan["hours"], strict=True))

    def seats_won(given: dict[str, float], runs_before: int) -> np.ndarray:
        tell = None if progress is None else (lambda done: progress(runs_before + done, 2 * runs))
        won, _ = batches.wins(given, runs, seed, tell, client, start=first)
        return won.sum(axis=1)  # the seats linked to the plan's are counted too

    gain = seats_won(hours, 0) - seats_won(dict.fromkeys(hours, 0.0), runs)
    return PlanCheck(runs, first, float(gain.mean()), float(gain.std(ddof=1) / math.sqrt(runs)))


def _seat_problems(scenario: Scenario, plan: pd.DataFrame) -> list[Problem]:
    """A plan's seats that are not the party's candidate seats of this scenario, or none."""
    if plan.empty:
        return [Problem("plan", "constituency_id", "", "gives no seat any hours")]
    party = plan.attrs["party"]
    others = sorted(set(map(str, plan["constituency_id"])) - contested_seats(scenario, party))
    if not others:
        return []
    why = f"not a seat of {scenario.name} where {party} stands"
    return [Problem("plan", "constituency_id", ", ".join(others[:5]), why)]
