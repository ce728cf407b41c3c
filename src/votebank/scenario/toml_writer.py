"""A small TOML writer: the standard library reads TOML but does not write it.

Enough for scenario files: strings, booleans, numbers, arrays, flat tables written inline,
deeper tables as ``[sections]`` and arrays of tables as ``[[sections]]``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any


def _key(k: str) -> str:
    bare = k.replace("_", "").replace("-", "").isalnum() and k.isascii()
    return k if bare else json.dumps(k, ensure_ascii=False)


def toml_value(v: Any) -> str:
    """One value as TOML: a scalar, an array or an inline table."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("TOML cannot hold a non-finite number here")
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # TOML basic strings escape like JSON
    if isinstance(v, list | tuple):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{_key(str(k))} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _is_table(v: Any) -> bool:
    """A mapping that holds mappings or tables (written as [section]); flat ones go inline."""
    return isinstance(v, Mapping) and any(
        isinstance(x, Mapping) or _is_array_of_tables(x) for x in v.values()
    )


def _is_array_of_tables(v: Any) -> bool:
    return isinstance(v, list | tuple) and bool(v) and all(isinstance(x, Mapping) for x in v)


def to_toml(doc: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> str:
    """Write nested mappings as TOML: flat mappings inline, deeper ones as [tables].

    Args:
        doc: The document.
        comments: A comment line written above a top-level table, by its key.

    Returns:
        TOML text.
    """
    out: list[str] = []

    def table(path: list[str], body: Mapping[str, Any], array: bool = False) -> None:
        head = ".".join(_key(p) for p in path)

        def section(v: Any) -> bool:
            return _is_table(v) or (not path and isinstance(v, Mapping))

        plain = [(k, v) for k, v in body.items() if not (section(v) or _is_array_of_tables(v))]
        if path and (plain or array or not body):
            if comments and len(path) == 1 and path[0] in comments:
                out.append(f"# {comments[path[0]]}")
            out.append(f"[[{head}]]" if array else f"[{head}]")
        for k, v in plain:
            out.append(f"{_key(str(k))} = {toml_value(v)}")
        if path and (plain or array):
            out.append("")
        for k, v in body.items():
            if section(v):
                table([*path, str(k)], v)
            elif _is_array_of_tables(v):
                for item in v:
                    table([*path, str(k)], item, array=True)

    table([], doc)
    return "\n".join(out).rstrip() + "\n"
