"""The steps a scenario runs, in order: the registry's, less the mechanisms switched off."""

from __future__ import annotations

from votebank.core.step import Step
from votebank.mechanisms.registry import STEPS
from votebank.scenario.schema import ScenarioSpec


def schedule(spec: ScenarioSpec) -> tuple[Step, ...]:
    """The steps a scenario runs, in order."""
    return tuple(s for s in STEPS if s.owner == "core" or getattr(spec.mechanisms, s.owner).enabled)
