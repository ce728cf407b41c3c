"""The order of a run's steps, as data: print it, time it, switch mechanisms in and out.

Each step names the mechanism that owns it (or ``core``); a mechanism's steps run only where
the scenario switches it on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from votebank.engine import byelections, choice, count, decide
from votebank.engine.state import RunState
from votebank.mechanisms import (
    biradari,
    byelection,
    canvass,
    coercion,
    fear,
    landlords,
    reserved_seats,
    stuffing,
    swing,
    switching,
)
from votebank.scenario.schema import ScenarioSpec


@dataclass(frozen=True)
class Step:
    """One step of a run.

    Attributes:
        name: Stable name, shown in timings and ``votebank steps``.
        owner: ``core`` or the mechanism (``[mechanisms.<owner>]``) that switches it on.
        phase: Which part of election day it belongs to.
        run: The function, called with the run's state.
        doc: One line on what it does.
    """

    name: str
    owner: str
    phase: str
    run: Callable[[RunState], None]
    doc: str


STEPS: tuple[Step, ...] = (
    Step(
        "utilities",
        "core",
        "campaign",
        choice.set_utilities,
        "own-preference logit: mood, appeal, shocks, party id, class",
    ),
    Step(
        "swing",
        "swing",
        "campaign",
        swing.step,
        "project seat shares from the baseline election by national swing, plus seat noise",
    ),
    Step(
        "turnout",
        "core",
        "campaign",
        choice.set_turnout,
        "baseline turnout: seat level, women's ratio, seat shock",
    ),
    Step(
        "byelection",
        "byelection",
        "campaign",
        byelection.step,
        "by-election: lower and party-specific turnout, swing against the government",
    ),
    Step(
        "switching",
        "switching",
        "campaign",
        switching.step,
        "punish switchers to unpopular parties; discount their promises",
    ),
    Step(
        "forecast",
        "core",
        "campaign",
        choice.set_win_chances,
        "patrons' forecast of each candidate's chance to win",
    ),
    Step(
        "landlords",
        "landlords",
        "campaign",
        landlords.step,
        "landlords and pirs pick whom to back; dependants' routes",
    ),
    Step(
        "biradari",
        "biradari",
        "campaign",
        biradari.step,
        "candidates bid for village blocs; members' routes",
    ),
    Step("fear", "fear", "polling day", fear.step, "threat lowers turnout; attacks at stations"),
    Step(
        "coercion",
        "coercion",
        "polling day",
        coercion.step,
        "armed men suppress opponents and press dependants",
    ),
    Step("canvass", "canvass", "campaign", canvass.step, "volunteer-hours become conversations"),
    Step(
        "vote",
        "core",
        "polling day",
        decide.vote,
        "every cohort's route, turnout and choice, sampled exactly",
    ),
    Step(
        "stuffing",
        "stuffing",
        "count",
        stuffing.step,
        "captured stations stuffed or written; ground truth kept",
    ),
    Step(
        "count",
        "core",
        "count",
        count.count,
        "rejected ballots, seat totals, first past the post (ties by lot)",
    ),
    Step(
        "multiple_seats",
        "multiple_seats",
        "after",
        byelections.step,
        "multi-seat winners keep one seat; by-elections in the rest",
    ),
    Step(
        "reserved_seats",
        "reserved_seats",
        "after",
        reserved_seats.step,
        "independents join parties; women's and non-Muslim seats",
    ),
)


def schedule(spec: ScenarioSpec) -> list[Step]:
    """The steps a scenario runs, in order."""
    return [s for s in STEPS if s.owner == "core" or getattr(spec.mechanisms, s.owner).enabled]


def run_steps(state: RunState, steps: list[Step]) -> None:
    """Run the steps in order, timing each into ``state.timings``."""
    for step in steps:
        start = time.perf_counter()
        step.run(state)
        state.timings[step.name] = state.timings.get(step.name, 0.0) + time.perf_counter() - start
