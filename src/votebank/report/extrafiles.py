"""Find the optional sections' JSON files (forensics, validation, ...) next to a results store.

A file that names another ensemble is passed over; the report shows the rest as extra sections.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from votebank.errors import InputError, Problem

EXTRA_FILES: dict[str, tuple[str, ...]] = {
    # forensics-run/: `votebank forensics-run`'s default folder (OUT/forensics is the default
    # of `votebank forensics`, which it must not overwrite).
    "forensics": ("forensics.json", "forensics/forensics.json", "forensics-run/forensics.json"),
    "validation": ("validation.json", "validation/validation.json"),
    "counterfactuals": ("counterfactuals.json",),
    "backtest": ("backtest.json", "backtest/backtest.json"),
}
"""Optional sections and where, relative to the store's folder, their JSON is looked for."""
# `votebank forensics-run` names the run it analysed only in its source line.
_FORENSICS_RUN_SOURCE = re.compile(r" ensemble (?P<id>\S+) run \d+$")


def _json_object(file: Path) -> dict:
    """A section's JSON file, or an InputError naming it (a damaged file is the user's to mend)."""
    why = "write it again with the command that made it, or move it out of the folder"
    try:
        value = json.loads(
            file.read_text(encoding="utf-8"), parse_constant=_NotFinite, parse_float=_finite
        )
    except RecursionError as exc:  # Python's parser gives up on deep nesting
        raise InputError([Problem(str(file), "", "", f"{TOO_DEEP}: {why}")]) from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputError([Problem(str(file), where, exc.msg, f"not JSON: {why}")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem(str(file), "", type(exc).__name__, f"unreadable: {why}")]
        ) from exc
    if not isinstance(value, dict):
        raise InputError([Problem(str(file), "", _json_kind(value), f"not a JSON object: {why}")])
    if _depth(value) > MAX_DEPTH:  # parsed, but the report's recursive cleaning would fail
        raise InputError([Problem(str(file), "", "", f"{TOO_DEEP}: {why}")])
    if bad := _not_finite(value):
        why = "not a finite number (NaN, an infinity or beyond a float): give one, or null"
        raise InputError([Problem(str(file), f"field {path}", text, why) for path, text in bad])
    return value


class _NotFinite(str):
    """NaN, Infinity or a number too large for a float, as the file spells it.

    Python's JSON reader takes them, and the report would show each as a dash, silently.
    """


def _json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words (a number that is no float as the file spells it)."""
    if isinstance(value, _NotFinite):
        return str(value)
    kinds = ((bool, "a boolean"), (str, "a string"), (int | float, "a number"), (list, "an array"))
    return next((kind for types, kind in kinds if isinstance(value, types)), "null")


def _finite(text: str) -> float | _NotFinite:
    number = float(text)
    return number if math.isfinite(number) else _NotFinite(text)


def _not_finite(value: object) -> list[tuple[str, str]]:
    """The first five (field path, text) of the non-finite numbers in ``value``."""
    found, todo = [], [("", value)]
    while todo and len(found) < 5:
        path, item = todo.pop(0)
        if isinstance(item, _NotFinite):
            found.append((path, str(item)))
        elif isinstance(item, dict):
            todo += [(f"{path}.{k}" if path else str(k), v) for k, v in item.items()]
        elif isinstance(item, list):
            todo += [(f"{path}[{i}]", v) for i, v in enumerate(item)]
    return found


MAX_DEPTH = 200
"""Deepest nesting a section's file may have: the commands' own nest a few levels, and
from about 500 the report's recursive cleaning of the data fails."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def _depth(value: object) -> int:
    """How deep lists and objects nest in ``value`` (counted without recursion)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            todo.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def find_extras(folder: Path, ensemble_id: str | None = None) -> dict[str, dict]:
    """Read the optional sections' JSON files (:data:`EXTRA_FILES`) found in ``folder``.

    A store holds many ensembles but its folder one file of each name: a file that names an
    ensemble (:func:`extra_ensemble`) belongs to that ensemble's report only. With
    ``ensemble_id``, a file naming another ensemble is passed over (the next place of the
    same section is tried); files that name none are always used.

    Raises:
        InputError: If a file exists but is not a JSON object.
    """
    out: dict[str, dict] = {}
    for name, candidates in EXTRA_FILES.items():
        for rel in candidates:
            file = folder / rel
            if not file.is_file():
                continue
            value = _json_object(file)
            owner = extra_ensemble(value)
            if ensemble_id is not None and owner is not None and owner != ensemble_id:
                continue
            out[name] = value
            break
    return out


def extra_ensemble(value: dict) -> str | None:
    """The ensemble an extra section's JSON is about, or None if it names none.

    ``ensemble_id`` (written with ``counterfactuals.json`` by ``votebank run``), or the
    ``source`` that ``votebank forensics-run`` writes: ``<store> ensemble <id> run <n>``.
    """
    eid = value.get("ensemble_id")
    if eid is not None and eid != "":
        return str(eid)
    source = value.get("source")
    found = _FORENSICS_RUN_SOURCE.search(source) if isinstance(source, str) else None
    return found["id"] if found else None
