"""What a misspelt key of the TOML file was probably meant to be: the nearest known key there.

pydantic says only "Extra inputs are not permitted"; an author who wrote ``color`` or
``cohesoin`` is better told the keys that table knows, and the one the typo is closest to.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable

from pydantic import BaseModel

SHOWN = 12
"""Most known keys listed where none is close."""
HOMES = 3
"""Most tables named as a misplaced key's home."""


def unknown_key_message(root: type[BaseModel], loc: tuple) -> str:
    """The reason for an unknown key at ``loc`` (a pydantic error's location) in ``root``."""
    known = known_keys(root, loc[:-1])
    if not known or not loc or not isinstance(loc[-1], str):
        return "unknown key"
    if close := nearest(loc[-1], known):
        return f"unknown key; did you mean {close!r}?"
    homes = [k for k in known if loc[-1] in (known_keys(root, (*loc[:-1], k)) or ())]
    if homes:  # `runs` at the top level: a key of [scenario]
        where = ".".join(str(p) for p in (*loc[:-1], homes[0]))
        return f"unknown key here; it is a key of [{where}]"
    if elsewhere := tables_with(root, loc[-1]):  # `threat` in [turnout]: of [mechanisms.fear]
        more = f" (or of {len(elsewhere) - HOMES} more tables)" if len(elsewhere) > HOMES else ""
        return f"unknown key here; it is a key of {' or '.join(elsewhere[:HOMES])}{more}"
    listed = sorted(known)
    more = f", ... ({len(listed)} in all)" if len(listed) > SHOWN else ""
    return f"unknown key; known keys here: {', '.join(listed[:SHOWN])}{more}"


def tables_with(root: type[BaseModel], key: str) -> list[str]:
    """The tables of the file (``[mechanisms.fear]``, ``[[parties]]``) that know ``key``."""
    found: list[str] = []

    def walk(kind: object, path: tuple[str, ...], listed: bool, seen: frozenset) -> None:
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)) or kind in seen:
            return
        if key in kind.model_fields and path:
            found.append(f"[[{'.'.join(path)}]]" if listed else f"[{'.'.join(path)}]")
        for name, field in kind.model_fields.items():
            inner = _unwrap(field.annotation)
            many = typing.get_origin(inner) is list
            if many:
                args = typing.get_args(inner)
                inner = _unwrap(args[0]) if args else None
            walk(inner, (*path, name), many, seen | {kind})

    walk(root, (), False, frozenset())
    return found


def nearest(key: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known key ``key`` is likeliest a misspelling of (None: none is ``cutoff`` close)."""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=cutoff)
    return close[0] if close else None


def known_keys(root: type[BaseModel], loc: tuple) -> list[str] | None:
    """The keys of the model table at ``loc`` under ``root`` (None: it is no model table)."""
    kind: object = root
    for part in loc:
        kind = _unwrap(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            kind = field.annotation
        elif typing.get_origin(kind) in (list, tuple) and isinstance(part, int):
            args = typing.get_args(kind)
            kind = args[0] if args else None
        elif typing.get_origin(kind) is dict:
            args = typing.get_args(kind)
            kind = args[1] if len(args) == 2 else None
        else:
            return None
    kind = _unwrap(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return list(kind.model_fields)
    return None


def _unwrap(kind: object) -> object:
    """``X | None`` and ``Annotated[X, ...]`` as ``X`` (a union of several kinds: as is)."""
    while True:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(kind) if a is not type(None)]
            if len(args) != 1:
                return kind
            kind = args[0]
        else:
            return kind
