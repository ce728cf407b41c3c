"""The problems a wrong TOML field used to hold back: the tables' rules and the names given.

Once the models refuse a field, the scenario has no spec, and the rules across the tables (a
duplicate id, a candidate in an unknown seat, more stations than voters) and the parties,
regions and seats the TOML file names were only found in a second round, after the field was
put right. Here each refused field is left out of a copy of the file (it takes its default, or
its table goes), the copy is read again, and the checks that need no refused field run on it:
a problem at or under a left-out field is not reported (its own is), so nothing is made up.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from votebank.errors import Problem
from votebank.scenario.bounds import table_problems
from votebank.scenario.campaign_seats import unstood_seats
from votebank.scenario.catalogue import shown_table
from votebank.scenario.cross_tables import cross_check
from votebank.scenario.field_errors import error_problem
from votebank.scenario.named import name_checks
from votebank.scenario.overrides import unknown_field
from votebank.scenario.people import person_problems
from votebank.scenario.requirements import NEEDS_MECHANISM, idle_mechanisms
from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.table_files import key_problems, names_table, shown_tables
from votebank.scenario.withdrawals import idle_stand_downs

ROUNDS = 4
"""Reads of the copy: a field left out may leave its table short of a required one."""


def held_back_problems(
    raw: dict,
    exc: ValidationError,
    tables: dict[str, pd.DataFrame],
    found: list[Problem],
    toml: Path,
    shown: str,
) -> list[Problem]:
    """The problems of the tables and of the names in the file that the refused fields hide.

    Args:
        raw: The TOML file as read.
        exc: The models' refusal of it.
        tables: The tables :func:`~votebank.scenario.table_files.read_tables` read.
        found: The problems already reported (the fields' and the tables' cells').
        toml: The TOML file (the tables are beside it).
        shown: The TOML file's name in messages.
    """
    if not {"constituencies", "candidates"} <= set(tables):
        return []  # a table not read: its problem is reported
    spec, pruned = _pruned_spec(raw, exc)
    cons, cands = tables["constituencies"], tables["candidates"]
    files = _files(raw, toml, shown) if spec is None else shown_tables(shown, toml, spec)
    if files is None:
        return []
    cells = [p for p in found if p.file in files]
    if cells and spec is None:
        return []  # the cells' problems are reported; the rest once the file is put right
    if spec is None:
        # No party list to check by: every party the table names passes, and every
        # candidate can win, so only the rules that need no party are applied.
        named = set(cands["party"]) | set(cands["switched_from"])
        more = cross_check(cons, cands, named, set(), files)
        return _new(more + table_problems(cons, files[0]), found, shown, pruned)
    parties = {p.id for p in spec.parties}
    aggregates = {p.id for p in spec.parties if p.aggregate}
    if cells:  # as the loader does when a cell is bad: no rule that needs a number
        more = key_problems(spec, tables, cells, files)
        more += name_checks(spec, shown, names_table(tables, cells, files[0]))
    else:
        more = cross_check(cons, cands, parties, aggregates, files)
        unattached = {p.id for p in spec.parties if p.independent or p.aggregate}
        more += table_problems(cons, files[0])
        more += person_problems(cands, files[1], unattached)
        more += name_checks(spec, shown, cons) + unstood_seats(spec, cands, shown)
        more += idle_stand_downs(spec, cands, shown)
    more += _idle(spec, None if cells else cands, shown, pruned) + _unknown_paths(spec, shown)
    return _new(more, found, shown, pruned)


def _unknown_paths(spec: ScenarioSpec, shown: str) -> list[Problem]:
    """The paths of counterfactuals and parameter sds that name no field, as the loader says."""
    found = [
        Problem(shown, f"scenario.counterfactuals.{i}.set.{path}", json.dumps(value), why)
        for i, cf in enumerate(spec.scenario.counterfactuals)
        for path, value in cf.set.items()
        if (why := unknown_field(path))
    ]
    found += [
        Problem(
            shown, f"scenario.parameter_uncertainty.{path}", path, why.removeprefix(f"{path}: ")
        )
        for path in spec.scenario.parameter_uncertainty
        if (why := unknown_field(path))
    ]
    return found


def _idle(spec: ScenarioSpec, cands, shown: str, pruned: list[str]) -> list[Problem]:
    """Mechanisms on without what they need, but none a left-out field may have switched off.

    A refused ``enabled`` of the swing leaves it off in the copy, which would make up "flows
    needs the swing"; a refused campaign, an idle canvass.
    """
    found = idle_mechanisms(spec, cands, shown)
    return [
        problem for name, problem in found.items() if not any(_switches(at, name) for at in pruned)
    ]


def _switches(at: str, name: str) -> bool:
    """Whether leaving out the field at ``at`` may change what mechanism ``name`` needs."""
    needed = [f"mechanisms.{x}" for x in NEEDS_MECHANISM.get(name, ((), ""))[0]]
    return (
        at == "mechanisms"
        or _under(at, f"mechanisms.{name}")
        or any(at in (table, f"{table}.enabled") for table in needed)
    )


def _files(raw: dict, toml: Path, shown: str) -> tuple[str, str] | None:
    """The tables' names in messages, from the file as read (None: not both given as text)."""
    entries = raw.get("tables")
    rels = (
        [entries.get(k) for k in ("constituencies", "candidates")]
        if isinstance(entries, dict)
        else []
    )
    if len(rels) != 2 or not all(isinstance(r, str) for r in rels):
        return None
    return shown_table(shown, toml, rels[0]), shown_table(shown, toml, rels[1])


def _new(more: list[Problem], found: list[Problem], shown: str, pruned: list[str]) -> list:
    """``more`` without what ``found`` says and without the problems of the left-out fields."""
    said = {(p.file, p.location) for p in found}
    return [
        p
        for p in more
        if (p.file, p.location) not in said
        and not (p.file == shown and any(_under(p.location, at) for at in pruned))
    ]


def _under(location: str, field: str) -> bool:
    return location == field or location.startswith(field + ".")


def _pruned_spec(raw: dict, exc: ValidationError) -> tuple[ScenarioSpec | None, list[str]]:
    """The file read without its refused fields, and their dotted paths (None: it cannot be)."""
    data, pruned = copy.deepcopy(raw), []
    for _ in range(ROUNDS):
        cut = [at for err in exc.errors() if (at := _cut(data, err))]
        if not cut:
            return None, pruned
        pruned += cut
        try:
            return ScenarioSpec.model_validate(data), pruned
        except ValidationError as again:
            exc = again
    return None, pruned


def _cut(data: dict, err: dict) -> str | None:
    """Remove the field an error names from ``data``: the nearest key of a table holding it.

    A list's item is not removed (the items after it would change places): the list is. An
    error of the whole file names its field in its message (``mood.North: unknown party``):
    the file's top-level table of that name goes.
    """
    loc = tuple(err.get("loc", ()))
    if not loc:
        where = error_problem("", err).location
        top = where.split(".", 1)[0]
        if top in data:
            del data[top]
            return top
        return None
    node: object = data
    last = None  # (table, key, path) of the deepest key of a table on the path
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            last = (node, part, ".".join(str(x) for x in loc[: i + 1]))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            break
    if last is None:
        return None
    table, key, path = last
    del table[key]
    return path
