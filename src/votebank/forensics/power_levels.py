"""Levels of ballot stuffing in the power study: what a level is and how each one is set.

**Levels.** A level is a target share of stations stuffed. A station is captured when its armed
patron's capacity ``c`` beats a protection drawn as ``Uniform(0, protection_max)``, i.e. with
probability ``min(1, c / protection_max)``; ``protection_max`` is set so that the expected share
of captured stations in run 0 equals the target. Only stations whose village has an armed
patron can be captured, so the largest reachable share is the share of such stations; by
default every resident landlord is armed (``landlords.militia_prob = 1``) in *every* level,
including "none", so that shares up to about 19% are reachable on pakistan-2008 while the levels
still differ only in stuffing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from votebank.errors import InputError, Problem
from votebank.run.outcome import Outcome

NONE = 0.0
MAX = math.inf
DEFAULT_LEVELS = "none,0.01,0.02,0.05,0.1,max"
_MIN_PROTECTION = 1e-9  # protection_max must be > 0; this captures every armed station


@dataclass(frozen=True)
class Level:
    """One stuffing level.

    Attributes:
        name: ``"none"``, ``"max"`` or the target as a percentage (``"5%"``).
        target: Target share of stations stuffed (0 for none, ``inf`` for every armed station).
        protection_max: The protection range used (``None`` when stuffing is off).
        expected_share: Expected share of stations captured (run 0's capacities).
    """

    name: str
    target: float
    protection_max: float | None
    expected_share: float


def parse_levels(text: str | Iterable[float | str]) -> tuple[float, ...]:
    """Parse stuffing levels: ``none``/``0``, ``max``, shares (``0.05``) or percents (``5%``).

    Args:
        text: Comma-separated levels, or an iterable of numbers and words.

    Returns:
        Distinct levels in increasing order, always including 0 (none).

    Raises:
        InputError: If a level is not understood or is outside [0, 1], or none is given.
    """
    if isinstance(text, str):
        items: list = text.split(",")
    else:  # one number alone is one level (a bad one is named below)
        items = list(text) if isinstance(text, Iterable) else [text]
    out, problems = {NONE}, []
    for raw in items:
        word = str(raw).strip().lower()
        if not word:
            continue
        if word in {"none", "off"}:
            out.add(NONE)
            continue
        if word in {"max", "all"}:
            out.add(MAX)
            continue
        # "5." is 5, as Python reads it: digits on either side of the point, or both.
        m = re.fullmatch(r"((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e-?[0-9]+)?)\s*(%?)", word)
        value = float(m.group(1)) / (100.0 if m.group(2) else 1.0) if m else math.nan
        if m and value > 1.0:
            # A number read, but too large: say so, not that it is no number.
            number = float(m.group(1))
            why = "a share is at most 1"
            if m.group(2):
                why = "a percent is at most 100%"
            elif number <= 100:
                why += f"; for {number:g} percent write {number:g}%"
            problems.append(Problem("--levels", "", str(raw), why))
            continue
        if not (0.0 <= value <= 1.0):
            problems.append(
                Problem("--levels", "", str(raw), "a level is none, max, a share or a percent")
            )
            continue
        out.add(value)
    if not any(str(raw).strip() for raw in items):
        # An empty value is a slip (it ran the clean level alone); `none` asks for that.
        problems.append(Problem("--levels", "", repr(text), "give at least one level"))
    if problems:
        raise InputError(problems)
    # Levels are told apart by their names: "1.1%" and "0.011" (1.1 / 100 is not the float
    # 0.011) are one level, not two under one name whose runs the tables would pool.
    named = {level_name(t): t for t in sorted(out, reverse=True)}
    return tuple(sorted(named.values()))


def level_name(target: float) -> str:
    """A level's name: ``none``, ``max`` or its target as a percentage (``5%``)."""
    if target == NONE:
        return "none"
    return "max" if target == MAX else f"{100 * target:g}%"


def calibrate_levels(
    targets: Iterable[float], clean: Outcome, scenario_name: str = ""
) -> list[Level]:
    """Turn target shares of stuffed stations into ``protection_max`` values.

    Args:
        targets: Shares (0 for none, ``inf`` for every armed station), e.g. from
            :func:`parse_levels`.
        clean: A run of the study's clean scenario (its patrons, militias, backing and attack
            boosts give each station's capture capacity).
        scenario_name: Named in errors.

    Returns:
        One level per target, in the order given.

    Raises:
        InputError: If a target exceeds the share of stations that can be captured.
    """
    return levels_from_capacity(tuple(targets), clean.capture_capacity, scenario_name)


def levels_from_capacity(
    targets: tuple[float, ...], capacity: np.ndarray, scenario: str, *, can_arm_more: bool = True
) -> list[Level]:
    """The levels of ``targets`` given the capture capacity of each station.

    ``can_arm_more``: whether a higher ``--militia-prob`` could arm more landlords (not at 1).
    """
    advice = "ask for less, use 'max'" + (", or raise --militia-prob" if can_arm_more else "")
    reachable = float(np.mean(capacity > 0))
    if reachable == 0 and any(t != NONE for t in targets):
        # 'max' would run a "stuffed" level that stuffs nothing and report its 0% as power.
        why = "no station has an armed patron who could capture it, so none can be stuffed; " + (
            "raise --militia-prob, or study " if can_arm_more else "study "
        )
        why += "the clean level alone (--levels none)"
        given = ",".join(level_name(t) for t in targets if t != NONE)
        raise InputError([Problem("--levels", scenario, given, why)])
    out, problems = [], []
    for target in targets:
        if target == NONE:
            out.append(Level("none", 0.0, None, 0.0))
        elif target == MAX:
            out.append(Level("max", MAX, _MIN_PROTECTION, reachable))
        elif target >= reachable * (1 - 1e-9) and target <= reachable * (1 + 1e-9):
            # Every reachable station: what 'max' captures (no finite search reaches it).
            out.append(Level(level_name(target), target, _MIN_PROTECTION, reachable))
        elif target > reachable:
            # Rounded down, so the share shown is never the level asked for or above it.
            shown = math.floor(1000 * reachable) / 10
            problems.append(
                Problem(
                    "--levels",
                    scenario,
                    f"{100 * target:g}%",
                    f"only {shown:.1f}% of stations have an armed patron who could "
                    f"capture them; {advice}",
                )
            )
        else:
            pm = _protection_for(capacity, target)
            out.append(Level(level_name(target), target, pm, _expected_share(capacity, pm)))
    if problems:
        raise InputError(problems)
    return out


# --- internals -------------------------------------------------------------------------------


def _expected_share(capacity: np.ndarray, protection_max: float) -> float:
    return float(np.mean(np.minimum(1.0, capacity / protection_max)))


def _protection_for(capacity: np.ndarray, target: float) -> float:
    """``protection_max`` whose expected captured share is ``target`` (bisection in log)."""
    lo, hi = math.log(_MIN_PROTECTION), math.log(max(1.0, float(capacity.max())) * 1e6)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _expected_share(capacity, math.exp(mid)) > target:
            lo = mid
        else:
            hi = mid
    return math.exp(0.5 * (lo + hi))
