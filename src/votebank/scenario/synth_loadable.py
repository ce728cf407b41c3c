"""Whether a synthetic scenario would load: the loader's own scenario-level checks, by option."""

from __future__ import annotations

import io

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.requirements import NEEDS_BASELINE
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS, read_table


def loader_problems(spec: ScenarioSpec, cons: pd.DataFrame, cands: pd.DataFrame) -> list[Problem]:
    """What the loader's scenario-level checks refuse in the tables as written, by mechanism.

    Synth writes no baseline_votes and no organisation, so a mechanism that needs them (swing,
    incumbency) or another mechanism (flows, factions) would leave a scenario that `validate`
    and `run` refuse. The tables are typed as the loader types them: read back from their CSV text.
    ``spec``: the scenario.toml synth writes, validated.
    """
    from votebank.scenario.load import scenario_problems

    typed = [
        read_table(io.StringIO(frame.to_csv(index=False)), name, columns)[0]  # type: ignore[arg-type]
        for name, frame, columns in (
            ("constituencies.csv", cons, CONSTITUENCY_COLUMNS),
            ("candidates.csv", cands, CANDIDATE_COLUMNS),
        )
    ]
    found = scenario_problems(spec, *typed, "scenario.toml")
    return [
        _mechanism_problem(pr, pr.location.split(".")[1])
        if pr.location.startswith("mechanisms.") and pr.location.endswith(".enabled")
        else Problem("votebank synth", f"{pr.file}: {pr.location}", pr.value, pr.message)
        for pr in found
    ]


def _mechanism_problem(pr: Problem, mechanism: str) -> Problem:
    """A mechanism the loader refuses, named by ``--mechanisms``, with what to do."""
    if mechanism in NEEDS_BASELINE:
        hint = "synth writes none: leave it out"
    else:
        hint = "add it too, or leave this out"
    return Problem("--mechanisms", "", mechanism, f"{pr.message}; {hint} (--mechanisms)")
