"""The arguments of a power study from Python, all checked before its first run.

Each was read only where it was first used: a seed of -1 or ``runs_per_level=2.5`` failed
inside NumPy, a ``militia_prob`` of NaN or a bad override as pydantic's ValidationError, a
scenario's path as AttributeError, and a bad ``bootstrap`` only once a level had been run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from votebank.errors import InputError, Problem, callback_problem, flag_problem, integer_problem
from votebank.forensics.analyze import MAX_BOOTSTRAP, alpha_problem
from votebank.forensics.stored import NATIONAL, STATION
from votebank.forensics.table import TABLE_SUFFIXES
from votebank.results.store import MAX_RUNS
from votebank.scenario.check import entry_scenario
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import with_overrides

# The spec paths the study sets from its own arguments, to name those when one is refused.
ARGUMENT_PATHS = {
    "mechanisms.landlords.militia_prob": "militia_prob",
    "mechanisms.stuffing.extreme_share": "extreme_share",
}


def study_overrides(
    *,
    militia_prob: float | None = 1.0,
    extreme_share: float | None = None,
    overrides: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Spec overrides shared by every level of a study (see ``forensics_power``)."""
    base = dict(overrides or {})
    if militia_prob is not None:
        base["mechanisms.landlords.militia_prob"] = militia_prob
    if extreme_share is not None:
        base["mechanisms.stuffing.extreme_share"] = extreme_share
    return base


def study_scenario(
    scenario: Scenario | str | Path,
    *,
    runs_per_level: object,
    seed: object,
    bootstrap: object,
    alpha: object,
    militia_prob: float | None,
    extreme_share: float | None,
    overrides: Mapping[str, object] | None,
    progress: object = None,
    by_constituency: object = True,
    leader: object = NATIONAL,
    records: object = None,
    resume: object = False,
) -> tuple[Scenario, dict[str, object]]:
    """The study's scenario, loaded or checked, and its overrides, once every one is right.

    Raises:
        InputError: Every problem found, each naming its argument and value.
    """
    problems = [
        integer_problem("runs_per_level", runs_per_level, 2, MAX_RUNS),
        integer_problem("seed", seed, 0),
        integer_problem("bootstrap", bootstrap, 0, MAX_BOOTSTRAP),
        alpha_problem(alpha),
        callback_problem("progress", progress),
        flag_problem("by_constituency", by_constituency),
        flag_problem("resume", resume),
    ]
    if records is not None and not isinstance(records, str | os.PathLike):
        # A text path failed with AttributeError once the first level's runs were made.
        problems.append(Problem("records", "", repr(records)[:80], "give a file's path, or None"))
    if overrides is not None and not isinstance(overrides, Mapping):
        why = "give a dict of dotted paths to values (or None)"
        problems.append(Problem("overrides", "", repr(overrides), why))
        overrides = None  # the study's own settings are still checked
    table = station_table_problem(scenario)
    if table:
        raise InputError([p for p in (*problems, table) if p])
    sc = entry_scenario(scenario, *problems)
    base = study_overrides(
        militia_prob=militia_prob, extreme_share=extreme_share, overrides=overrides
    )
    found = _override_problems(sc, base) + _leader_problems(sc, leader)
    if found:
        raise InputError(found)
    return sc, base


def station_table_problem(scenario: object) -> Problem | None:
    """A results table given where the scenario belongs (it was read as TOML and refused)."""
    # ".txt" may hold a scenario's TOML; the other suffixes `votebank forensics` reads cannot.
    suffix = Path(scenario).suffix.lower() if isinstance(scenario, str | Path) else ""
    if suffix not in TABLE_SUFFIXES - {".txt"} or not Path(scenario).expanduser().is_file():
        return None
    why = (
        "this looks like a table of polling-station results, not a scenario: test it with "
        "`votebank forensics FILE --registered COLUMN --ballots COLUMN`; the power study "
        "simulates a scenario (a built-in name, folder or TOML file)"
    )
    return Problem(str(scenario), "", f"a {suffix} file", why)


def _leader_problems(sc: Scenario, leader: object) -> list[Problem]:
    """A leader that is no rule and no party of the scenario (was found only in the first run)."""
    ids = [p.id for p in sc.spec.parties]
    # A party of the scenario with no candidate in the seats studied has no column either.
    standing = [i for i in ids if i in set(sc.candidates["party"].astype(str))]
    if isinstance(leader, str) and leader in {NATIONAL, STATION, *standing}:
        return []
    why = f"choose 'national', 'station' or a party of {sc.name}: {', '.join(standing)}"
    if leader in ids:
        seats = len(sc.constituencies)
        why = f"it has no candidate in the {seats:,} seat{'s' * (seats != 1)} studied; " + why
    return [Problem("leader", "", leader if isinstance(leader, str) else repr(leader), why)]


def _override_problems(sc: Scenario, base: Mapping[str, object]) -> list[Problem]:
    """Why the study's overrides cannot be set on the scenario (as ``compare --set`` says)."""
    try:
        with_overrides(sc.spec, base)
    except ValidationError as exc:
        found = []
        for e in exc.errors():
            path = ".".join(str(k) for k in e["loc"])
            given = json.dumps(e["input"], default=repr)
            argument = ARGUMENT_PATHS.get(path)
            where = ("", "") if argument else ("overrides", path)
            found.append(Problem(argument or where[0], where[1], given, e["msg"]))
        return found
    except (KeyError, ValueError, TypeError) as exc:
        given = {k: v for k, v in base.items() if k not in ARGUMENT_PATHS}
        return [Problem("overrides", "", repr(given), str(exc.args[0]))]
    return []
