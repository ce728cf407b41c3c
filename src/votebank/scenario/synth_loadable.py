"""Whether a synthetic scenario would load: the loader's own scenario-level checks, by option."""

from __future__ import annotations

import io
import re

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.requirements import NEEDS_BASELINE, NEEDS_ENTRIES
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS, read_table


def loader_problems(spec: ScenarioSpec, cons: pd.DataFrame, cands: pd.DataFrame) -> list[Problem]:
    """What the loader's scenario-level checks refuse in the tables as written, by mechanism.

    Synth writes no baseline_votes, no organisation and no campaign or stand-down, so a
    mechanism that needs them (swing, incumbency, canvass, alliances) or another mechanism
    (flows, factions) would leave a scenario that `validate`
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
        else _crowded_seat(pr, cons)
        if pr.file == "constituencies.csv" and _CROWDED.fullmatch(pr.location)
        else Problem("votebank synth", f"{pr.file}: {pr.location}", pr.value, pr.message)
        for pr in found
    ]


_CROWDED = re.compile(r"row (\d+), column stations")


def _crowded_seat(pr: Problem, cons: pd.DataFrame) -> Problem:
    """A seat with more voters a station than allowed, named by ``--stations``.

    Seat sizes vary around the average, so a seat can hold too many voters a station when the
    average does not; the user sets only the totals, not a seat's stations.
    """
    seat = cons["id"].iloc[int(_CROWDED.fullmatch(pr.location)[1]) - 2]  # row 1: the header
    hint = "seat sizes vary around the average: give more --stations or fewer --registered"
    return Problem("--stations", f"seat {seat}", pr.value, f"{pr.message} ({hint})")


def _mechanism_problem(pr: Problem, mechanism: str) -> Problem:
    """A mechanism the loader refuses, named by ``--mechanisms``, with what to do."""
    if mechanism in NEEDS_ENTRIES:
        lists = " or ".join(NEEDS_ENTRIES[mechanism])
        return Problem(
            "--mechanisms",
            "",
            mechanism,
            f"acts only through its {lists}, which synth does not write: leave it out",
        )
    if mechanism in NEEDS_BASELINE:
        hint = "synth writes none: leave it out"
    else:
        hint = "add it too, or leave this out"
    return Problem("--mechanisms", "", mechanism, f"{pr.message}; {hint} (--mechanisms)")
