"""A scenario built or changed in memory, checked as :func:`load_scenario` checks its files.

The API's entries (``run_ensemble``, ``simulate``, ``sweep``, ``compare``,
``validate_against``) take scenarios whose tables a notebook may have edited: each typed cell
is held to the file reader's rules (rows numbered as in a spreadsheet: the first is row 2),
then the tables and the spec to the loader's. The spec's fields are validated again too:
pydantic's ``model_copy(update=...)`` sets values unchecked (a NaN female_ratio ran, and gave
ballots of 7e18).
"""

from __future__ import annotations

import dataclasses
import os
import warnings

import numpy as np
import pandas as pd
from pydantic import ValidationError

from votebank.errors import InputError, Problem, given, is_real_number
from votebank.scenario.digest import scenario_digest
from votebank.scenario.field_errors import validation_problems
from votebank.scenario.load import Scenario, load_scenario, name_checks, scenario_problems
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.tables import (
    CANDIDATE_COLUMNS,
    CONSTITUENCY_COLUMNS,
    Column,
    bad_cells,
    convert_cells,
)

TABLE_COLUMNS = {"constituencies": CONSTITUENCY_COLUMNS, "candidates": CANDIDATE_COLUMNS}


def entry_scenario(
    scenario: object, *problems: Problem | None, shown: str = "scenario", requirements: bool = True
) -> Scenario:
    """An API entry's scenario, loaded or checked, if it and every argument are right.

    A Scenario given is checked as :func:`load_scenario` checks files (it may have been built
    or changed in memory); a name, folder or TOML file is loaded. ``shown`` names the argument;
    ``requirements`` (see :func:`~votebank.scenario.load.scenario_problems`) holds either way.
    Every problem, of the arguments (``problems``, None for each that is right) and of the
    scenario, is raised together, as an :class:`InputError`.
    """
    sc, found = _loaded(scenario, shown, requirements)
    found = [p for p in problems if p] + found
    if found or sc is None:
        raise InputError(found)
    return sc


def _loaded(scenario: object, shown: str, requirements: bool) -> tuple[Scenario | None, list]:
    try:
        if isinstance(scenario, Scenario):
            check_scenario(scenario, shown, requirements=requirements)
            _warn_unheld_names(scenario, shown)
            return _digest_now(scenario), []
        if isinstance(scenario, str | os.PathLike):
            return load_scenario(scenario, requirements=requirements), []
    except InputError as exc:
        return None, exc.problems
    why = "give a Scenario, a built-in scenario's name, a folder or a TOML file"
    return None, [Problem(shown, "", given(scenario), why)]


def _digest_now(sc: Scenario) -> Scenario:
    """``sc`` with the digest of its tables as they are now: a notebook may have edited them.

    The digest of the tables as loaded stayed, so a cluster's workers (which keep a model per
    digest) ran the tables as they were before the edit, and the store filed them under it.
    """
    args = (sc.spec, sc.constituencies, sc.candidates, sc.stream_seats, sc.stream_whole)
    digest = scenario_digest(*args)
    return sc if digest == sc.digest else dataclasses.replace(sc, digest=digest)


def check_scenario(
    scenario: Scenario,
    shown: str = "scenario",
    *,
    names_in_tables: bool = False,
    requirements: bool = True,
) -> None:
    """Check a scenario built or changed in memory as :func:`load_scenario` checks its files.

    The spec's fields (as the file's are validated), each typed cell of the tables (rows
    numbered as in a spreadsheet: the first is row 2), the tables against each other and the
    spec, and the spec's names and variants.

    ``names_in_tables``: whether each region and seat the spec names must be in the tables (a
    scenario cut to some seats may name regions it no longer holds; one only re-set may not).
    ``requirements``: see :func:`~votebank.scenario.load.scenario_problems`.

    Raises:
        InputError: listing every problem found.
    """
    fields = spec_field_problems(scenario.spec, shown)
    problems, tables = list(fields), []
    for key, columns in TABLE_COLUMNS.items():
        frame = getattr(scenario, key)
        if isinstance(frame, pd.DataFrame):
            # Rows are named by position, not by a file's lines (and pandas copies attrs at
            # every step, which made the check slower than loading).
            frame = frame.copy(deep=False)
            frame.attrs = {}
        found = frame_problems(frame, key, columns)
        problems += found
        if not found:  # as with files: the tables are compared once each is right
            tables.append(frame)
    if fields:  # the spec's other checks read its fields as valid
        raise InputError(problems)
    typed = tables if len(tables) == 2 else [None, None]
    problems += scenario_problems(
        scenario.spec,
        *typed,
        shown,
        tuple(TABLE_COLUMNS),
        names_in_tables=names_in_tables,
        requirements=requirements,
    )
    if problems:
        raise InputError(problems)


def _warn_unheld_names(scenario: Scenario, shown: str) -> None:
    """Warn of each region or seat the spec names that the tables do not hold.

    Not an error in memory: a scenario given fewer seats (new tables) may name regions it no
    longer holds. But a typo set in memory (``mood.Nroth``) ran in silence, its mood never
    applied; either way the name changes nothing, and the warning says so. A scenario cut by
    ``with_seats`` (as ``--seats`` cuts) is cut on purpose: no warning.
    """
    if scenario.stream_seats is not None:
        return
    spec, cons = scenario.spec, scenario.constituencies
    unheld = {str(p) for p in name_checks(spec, shown, cons)} - {
        str(p) for p in name_checks(spec, shown, None)
    }
    for problem in sorted(unheld):
        warnings.warn(f"{problem}: it changes nothing here", UserWarning, stacklevel=4)


def spec_field_problems(spec: object, shown: str) -> list[Problem]:
    """Every field of ``spec`` its model refuses, validated again from its values (about 1 ms)."""
    if not isinstance(spec, ScenarioSpec):
        return [Problem(shown, "spec", type(spec).__name__, "must be a ScenarioSpec")]
    try:
        # warnings=False: a value of the wrong type is reported by the validation, not dumped.
        ScenarioSpec.model_validate(spec.model_dump(warnings=False))
    except ValidationError as exc:
        return validation_problems(shown, exc)
    return []


def frame_problems(frame: object, shown: str, columns: tuple[Column, ...]) -> list[Problem]:
    """Every column missing from an in-memory table, and every cell a file could not hold."""
    if not isinstance(frame, pd.DataFrame):
        return [Problem(shown, "", type(frame).__name__, "must be a pandas DataFrame")]
    if frame.empty:
        return [Problem(shown, "", "(no rows)", "the table has no rows")]
    problems = [
        Problem(shown, f"column {col.name}", "(missing)", "column is missing")
        for col in columns
        if col.name not in frame.columns
    ]
    for col in columns:
        if col.name not in frame.columns:
            continue
        values = frame[col.name].reset_index(drop=True)
        bad = _cell_problems(values, col)
        cells = [(row + 2, _shown(values.iat[row]), why) for row, why in bad]
        problems += bad_cells(shown, col.name, cells)
    return problems


def _cell_problems(values: pd.Series, col: Column) -> list[tuple[int, str]]:
    """(position, reason) of each bad value: the file reader's checks, on the values as text."""
    if col.kind == "str":
        right = values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        wrong = "must be text"
    else:
        right = values.map(is_real_number).to_numpy(dtype=bool)
        wrong = f"must be a number ({col.kind})"
    keep = np.flatnonzero(right)
    # The reader's default (-1: no votes given, NaN: no turnout given) is an empty cell.
    text = ["" if _same(v, col.default) else str(v) for v in values.iloc[keep]]
    _, bad = convert_cells(pd.Series(text, dtype=object), col)
    found = [(int(keep[i]), why) for i, _, why in bad]
    found += [(int(i), wrong) for i in np.flatnonzero(~right)]
    return sorted(found)


def _same(value: object, default: object) -> bool:
    nan = isinstance(default, float) and default != default
    return value != value if nan else bool(value == default)


def _shown(value: object) -> str:
    return repr(value.item() if isinstance(value, np.generic) else value)
