"""Set fields of a scenario by dotted path: the one way variants, calibration and studies do it.

A path names a field of the TOML file: ``mechanisms.canvass.campaigns.0.cars`` (list items by
position), ``mood."Khyber Paktunkhwa (NWFP)".ANP`` (a part that holds dots or spaces is quoted,
as in TOML). The spec is dumped (only the keys its file set, so a written-out result still shows
what was hand-set), the values are set, and the whole is validated again: an overridden spec
obeys every rule a hand-written one does.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from votebank.display import joined
from votebank.errors import Problem, given
from votebank.scenario.field_errors import set_message
from votebank.scenario.key_hints import nearest
from votebank.scenario.schema import ScenarioSpec

_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|([^."]+)')


def fixed_path(path: str) -> bool:
    """Whether a path cannot differ between paired runs (sweep points; compare's A and B)."""
    return path in ("scenario.seed", "tables") or path.startswith("tables.")


def overlapping(paths: Sequence[str]) -> list[tuple[int, int]]:
    """Positions (earlier, later) of paths that name one field, or a table and a field in it.

    Set together (``mood.national.RED`` and ``mood."national".RED``; ``turnout`` and
    ``turnout.base``), the later silently replaces the earlier's value. A malformed path is
    left out (its own error names it).
    """
    seen: list[tuple[int, tuple[str, ...]]] = []
    pairs = []
    for j, path in enumerate(paths):
        try:
            parts = split_path(path)
        except ValueError:
            continue
        for i, known in seen:
            if parts[: len(known)] == known or known[: len(parts)] == parts:
                pairs.append((i, j))
                break
        seen.append((j, parts))
    return pairs


def split_path(path: str) -> tuple[str, ...]:
    """Split a dotted path into its parts; quoted parts may hold dots and spaces.

    Raises:
        ValueError: if the path is empty or malformed.
    """
    parts, pos = [], 0
    text = path.strip()
    while pos < len(text):
        m = _PART.match(text, pos)
        if not m:
            raise ValueError(f"cannot read the path {path!r} at character {pos + 1}")
        parts.append(m.group(1).replace('\\"', '"') if m.group(1) is not None else m.group(2))
        pos = m.end()
        if pos < len(text):
            if text[pos] != ".":
                raise ValueError(f"expected '.' in {path!r} at character {pos + 1}")
            pos += 1
            if pos == len(text):
                raise ValueError(f"the path {path!r} ends with '.'")
    if not parts or any(p == "" for p in parts):
        raise ValueError(f"empty part in the path {path!r}")
    return tuple(parts)


def join_path(keys: Iterable[str]) -> str:
    """Write path parts back as a dotted path, quoting parts that need it."""
    return ".".join(k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else f'"{k}"' for k in keys)


def set_path(data: Any, path: str, value: Any, model: Any = None) -> None:
    """Set ``data[a][b][0][c] = value`` for the path ``a.b.0.c``.

    Args:
        data: Nested dicts and lists (a dumped spec).
        path: The dotted path.
        value: The new value.
        model: The type ``data`` was dumped from. Where it says a key is a field or a key of a
            mapping, a missing table on the way is created; without it, every part must exist.

    Raises:
        KeyError: If a part of the path is not there (with the part and what is there).
    """
    keys = split_path(path)
    node, kind = data, model
    for i, key in enumerate(keys):
        fields = _fields(kind)
        if isinstance(node, list):
            if not key.isdigit() or int(key) >= len(node):
                raise KeyError(f"{path}: {key!r} is not a position in a list of {len(node)}")
            index: Any = int(key)
        elif isinstance(node, dict):
            known = fields if fields is not None else (None if _is_mapping(kind) else set(node))
            if known is not None and key not in known:
                raise KeyError(_no_field(path, key, known))
            index = key
        else:
            raise KeyError(f"{path}: {join_path(keys[:i])} has no fields")
        kind = _child(kind, key)
        if i == len(keys) - 1:
            node[index] = _merged(node[index] if _has(node, index) else None, value, kind)
        else:
            if isinstance(node, dict) and node.get(index) is None and kind is not None:
                # A list left out of the file is empty: its items are named by position.
                node[index] = [] if _is_list(kind) else {}
            node = node[index]


def _has(node: dict | list, index: Any) -> bool:
    return index in node if isinstance(node, dict) else index < len(node)


def _merged(now: Any, value: Any, kind: Any) -> Any:
    """``value`` set where ``now`` is: a table into a table of fields sets only the fields it names.

    ``{"mechanisms.fear": {"threat": 0.2}}`` kept the scenario's other fear fields at their
    defaults, so it switched fear off (``enabled`` is false unless set), and ``{"mechanisms":
    {...}}`` every mechanism it left out. A table of the file's own keys (a mood, the seats
    reserved by region) is given whole, as before.
    """
    fields = _fields(kind)
    if fields is None or not isinstance(now, dict) or not isinstance(value, Mapping):
        return value
    out = dict(now)
    for key, item in value.items():
        child = _child(kind, key) if key in fields else None
        out[key] = _merged(out.get(key), item, child) if key in out else item
    return out


def value_at(spec: BaseModel, path: str) -> Any:
    """The value at a dotted path of a validated spec.

    Raises:
        KeyError: If a part of the path is not there (with the part and what is there).
        ValueError: If the path is malformed.
    """
    node: Any = spec
    for key in split_path(path):
        if isinstance(node, BaseModel):
            if key not in type(node).model_fields:
                raise KeyError(_no_field(path, key, type(node).model_fields))
            node = getattr(node, key)
        elif isinstance(node, dict):
            if key not in node:
                raise KeyError(f"{path}: no key {key!r} here; keys: {_words(node)}")
            node = node[key]
        elif isinstance(node, list | tuple):
            if not key.isdigit() or int(key) >= len(node):
                raise KeyError(f"{path}: {key!r} is not a position in a list of {len(node)}")
            node = node[int(key)]
        else:
            raise KeyError(f"{path}: {key!r} is inside a value, not a table")
    return node


def with_overrides(spec: ScenarioSpec, overrides: Mapping[str, Any]) -> ScenarioSpec:
    """A copy of ``spec`` with each dotted path set to its value, validated again.

    Raises:
        KeyError: A path does not name a field.
        pydantic.ValidationError: A value is not valid there.
    """
    data = spec.model_dump(exclude_unset=True)
    for path, value in overrides.items():
        set_path(data, path, _python(value), ScenarioSpec)
    return ScenarioSpec.model_validate(data)


def _python(value: Any) -> Any:
    """NumPy scalars as Python's, in tables and lists too.

    A flag refused ``np.False_`` (a DataFrame's cell) as 'not "False"'; a number took
    ``np.True_`` for 1.
    """
    if isinstance(value, Mapping):
        return {k: _python(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_python(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def override_problems(spec: ScenarioSpec, overrides: object, shown: str) -> list[Problem]:
    """Why ``overrides`` cannot be set on ``spec``: each path alone, then all of them together."""
    if not isinstance(overrides, Mapping) or not overrides:
        return [Problem(shown, "", given(overrides), "give a dict of dotted paths to values")]
    problems = []
    for path, value in overrides.items():
        if not isinstance(path, str):
            problems.append(Problem(shown, "", repr(path)[:80], "a path must be text"))
        else:
            problems += _set_problems(spec, {path: value}, shown)
    # Two that name one field (or a table and a field in it): the later won in silence, as a
    # sweep's grid and --set refuse it.
    named = [p for p in overrides if isinstance(p, str)]
    problems += [
        Problem(shown, named[j], named[j], f"names what {named[i]!r} names: give it once")
        for i, j in overlapping(named)
    ]
    return problems or _set_problems(spec, overrides, shown)


def _set_problems(spec: ScenarioSpec, overrides: Mapping, shown: str) -> list[Problem]:
    where = ", ".join(overrides)
    value = repr(next(iter(overrides.values())))[:80] if len(overrides) == 1 else ""
    try:
        with_overrides(spec, overrides)
    except ValidationError as exc:
        return [Problem(shown, where, value, set_message(where, e)) for e in exc.errors()]
    except (KeyError, ValueError) as exc:
        return [Problem(shown, where, value, str(exc.args[0]).removeprefix(f"{where}: "))]
    return []


def unknown_field(path: str, model: Any = ScenarioSpec) -> str | None:
    """Why ``path`` names no field of ``model`` (None: it may), read from the types alone.

    As :func:`set_path` says it. A key of one of the file's own tables (a mood's region) or a
    list's position is not checked: whether it is there depends on the file's values.
    """
    try:
        keys = split_path(path)
    except ValueError:
        return None  # malformed: named once the file is read
    kind = model
    for key in keys:
        fields = _fields(kind)
        if fields is not None and key not in fields:
            return _no_field(path, key, fields)
        kind = _child(kind, key)
        if kind is None:
            return None
    return None


def _no_field(path: str, key: str, known: Iterable[str]) -> str:
    """Why ``key`` is no field here: the one it is nearest, as the TOML file's report says."""
    if close := nearest(key, known):
        return f"{path}: no field {key!r} here; did you mean {close!r}?"
    return f"{path}: no field {key!r} here; fields: {_words(known)}"


def _words(names: Iterable[str]) -> str:
    """Names as a message says them (``a, b or c``), not as a Python list; none: ``none``."""
    return joined(sorted(names)) or "none"


def _unwrap(kind: Any) -> Any:
    """The type inside ``X | None``."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(kind) if a is not type(None)]
        return inner[0] if len(inner) == 1 else None
    return kind


def _fields(kind: Any) -> set[str] | None:
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return set(kind.model_fields)
    return None


def _is_mapping(kind: Any) -> bool:
    return typing.get_origin(_unwrap(kind)) is dict


def _is_list(kind: Any) -> bool:
    return typing.get_origin(_unwrap(kind)) in (list, tuple)


def _child(kind: Any, key: str) -> Any:
    """The type of ``key`` inside a value of type ``kind`` (None when unknown)."""
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        field = kind.model_fields.get(key)
        return None if field is None else field.annotation
    args = typing.get_args(kind)
    if typing.get_origin(kind) is dict and len(args) == 2:
        return args[1]
    if typing.get_origin(kind) in (list, tuple) and args:
        return args[0]
    return None
