"""A scenario's two tables read from its folder: each path checked, each file typed."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from votebank.errors import Problem
from votebank.scenario.catalogue import shown_table
from votebank.scenario.cross_tables import cross_check
from votebank.scenario.files import file_problem, resolve_inside
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS, read_table

# The columns the tables are cross-checked by: text, read whatever the other cells hold.
KEYS = {
    "constituencies": {"id", "stations", "registered"},
    "candidates": {"constituency", "candidate", "party", "switched_from", "background"},
}


def read_tables(
    toml: Path, entries: object, shown: str
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The tables that ``[tables]`` names, read and typed, with every problem found.

    Args:
        toml: The scenario's TOML file (the tables' paths are relative to its folder).
        entries: The ``[tables]`` table as written: an entry that is no text is skipped (the
            TOML's own check names it), so the tables are read even when the TOML is wrong.
        shown: The TOML file's name in messages (a table's is beside it: :func:`shown_table`).

    Returns:
        ``(tables, problems)``: a table whose path is refused is absent, one that could not be
        read is empty.
    """
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    read: dict[Path, str] = {}
    for key, columns in (
        ("constituencies", CONSTITUENCY_COLUMNS),
        ("candidates", CANDIDATE_COLUMNS),
    ):
        rel = entries.get(key) if isinstance(entries, dict) else None
        if not isinstance(rel, str):
            continue
        table_path, problem = _inside(toml.parent, rel, shown, f"tables.{key}")
        if not problem and table_path in read:  # each of its columns was named unknown
            why = f"names the file tables.{read[table_path]} names: give each table its own file"
            problem = Problem(shown, f"tables.{key}", repr(rel), why)
        if problem:
            problems.append(problem)
            continue
        read[table_path] = key
        frame, found = read_table(table_path, shown_table(shown, toml, rel), columns)
        tables[key] = frame
        problems += found
    return tables, problems


def shown_tables(shown: str, toml: Path, spec: ScenarioSpec) -> tuple[str, str]:
    """The two tables' names in messages: beside the TOML file (:func:`shown_table`)."""
    tables = spec.tables
    return shown_table(shown, toml, tables.constituencies), shown_table(
        shown, toml, tables.candidates
    )


def _inside(folder: Path, rel: str, shown: str, field_path: str) -> tuple[Path, Problem | None]:
    """Resolve a table path, refusing any that leaves the scenario's folder or is no file."""
    target = resolve_inside(folder, rel)
    if target is None:
        why = "cannot resolve this path (a symlink loop or a NUL byte)"
        return folder, Problem(shown, field_path, repr(rel), why)
    if Path(rel).is_absolute() or not target.is_relative_to(folder.resolve()):
        return target, Problem(
            shown, field_path, repr(rel), "paths must stay inside the scenario's folder"
        )
    return target, file_problem(target, shown, field_path, repr(rel))


def key_problems(
    spec: ScenarioSpec,
    tables: dict[str, pd.DataFrame],
    found: list[Problem],
    files: tuple[str, str],
) -> list[Problem]:
    """Duplicate ids and unknown seats and parties in tables that have bad cells too.

    The tables are checked against each other as when every cell is good, but not by their
    numbers (a bad one is no seat's size), and a cell already reported is not reported again.
    ``files``: the two tables' names in messages.
    """
    if any(not KEYS[k] <= set(tables.get(k, ())) for k in KEYS):
        return []  # a table or one of its key columns is missing: reported already
    if any(re.fullmatch(r"row \d+", p.location) for p in found):
        return []  # a row too long to read is left out: its seat would be called unknown
    parties = {p.id for p in spec.parties}
    aggregates = {p.id for p in spec.parties if p.aggregate}
    cons, cands = tables["constituencies"], tables["candidates"]
    more = cross_check(cons, cands, parties, aggregates, files, numbers=False)
    seen = {(p.file, p.location) for p in found}
    return [p for p in more if (p.file, p.location) not in seen]


def names_table(
    tables: dict[str, pd.DataFrame], found: list[Problem], file: str
) -> pd.DataFrame | None:
    """The constituency table (``file``) to check the TOML's regions and seats by.

    None where a region or id cell, or a whole row, is bad or the table is not read: a region
    or seat the TOML names would then be called unknown for the table's fault.
    """
    cons = tables.get("constituencies")
    if cons is None or not {"id", "region"} <= set(cons):
        return None
    where = [p.location for p in found if p.file == file]
    if any(re.fullmatch(r"row \d+(, column (id|region))?", w) for w in where):
        return None
    return cons
