"""Print every field of the scenario TOML and every CSV column as Markdown tables.

The output is the raw material of ``docs/scenario-format.md``: paste it, then write the prose.

    python scripts/list_scenario_fields.py > /tmp/fields.md
"""

from __future__ import annotations

import argparse
import re
import types
from typing import Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from votebank.scenario.schema import ScenarioSpec
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS

_TAG = re.compile(r"^\s*\[([SE][^\]]*)\]\s*")
_NAMES = {str: "string", int: "integer", float: "float", bool: "boolean"}


def type_name(tp: object) -> str:
    """Name a field's type the way a TOML writer sees it."""
    origin, args = get_origin(tp), get_args(tp)
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return f"{type_name(inner[0])} (optional)"
    if origin is tuple:
        return "[" + ", ".join(type_name(a) for a in args) + "]"
    if origin is list:
        return f"array of {type_name(args[0])}"
    if origin is dict:
        return f"table of {type_name(args[1])}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "table"
    return _NAMES.get(tp, str(tp))


def toml_value(value: object) -> str:
    """Write a default as TOML would."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def num(x: float) -> str:
    """A bound as people write it: 50,000,000 rather than 5e+07."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e9 else f"{x:g}"


def value_range(metadata: list) -> str:
    """Render ge/gt/le/lt/min_length/pattern constraints."""
    low = high = ""
    extra = []
    for m in metadata:
        if isinstance(m, at.Ge):
            low = f"{num(m.ge)} ≤ "
        elif isinstance(m, at.Gt):
            low = f"{num(m.gt)} < "
        elif isinstance(m, at.Le):
            high = f" ≤ {num(m.le)}"
        elif isinstance(m, at.Lt):
            high = f" < {num(m.lt)}"
        elif isinstance(m, at.MinLen):
            extra.append(f"at least {m.min_length} item(s)" if m.min_length > 1 else "not empty")
        elif getattr(m, "pattern", None):
            extra.append(f"matches `{m.pattern}`")
    bound = f"{low}x{high}" if low or high else ""
    return "; ".join(filter(None, [bound, *extra])) or "any"


def model_rows(model: type[BaseModel]) -> list[tuple[str, str, str, str, str, str]]:
    """(key, type, default, range, meaning, source) for each field of one model."""
    rows = []
    for name, info in model.model_fields.items():
        if info.default is not PydanticUndefined:
            default = toml_value(info.default)
        elif info.default_factory is not None:
            default = toml_value(info.default_factory())
        else:
            default = "required"
        text = info.description or ""
        tag = _TAG.match(text)
        source = f"[{tag.group(1)}]" if tag else ""
        meaning = _TAG.sub("", text)
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            default, meaning = "see below", meaning or f"the `[{name}]` table"
        rows.append(
            (
                f"`{name}`",
                type_name(ann),
                f"`{default}`",
                value_range(info.metadata),
                meaning,
                source or "—",
            )
        )
    return rows


def walk(model: type[BaseModel], header: str, path: str, seen: list) -> None:
    """Collect (TOML header, model) pairs depth first."""
    seen.append((header, model))
    for name, info in model.model_fields.items():
        ann = info.annotation
        inner = get_args(ann)[0] if get_origin(ann) is list else ann
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            sub = f"{path}.{name}".strip(".")
            walk(inner, f"[{sub}]" if inner is ann else f"[[{sub}]]", sub, seen)


def table(rows: list[tuple[str, ...]], head: tuple[str, ...]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    """Print the TOML tables, then the CSV columns."""
    found: list = []
    walk(ScenarioSpec, "", "", found)
    for header, model in found:
        name = header.strip("[]") or "(top level)"
        print(f"### `{header or name}`\n")
        print(table(model_rows(model), ("key", "type", "default", "range", "meaning", "source")))
        print()
    for title, columns in (
        ("constituencies", CONSTITUENCY_COLUMNS),
        ("candidates", CANDIDATE_COLUMNS),
    ):
        print(f"### {title}\n")
        rows = []
        for c in columns:
            allowed = ", ".join(f"`{v}`" for v in c.choices) if c.choices else ""
            if c.low is not None or c.high is not None:
                allowed = f"{num(c.low)} to {num(c.high)}"
            default = "" if c.required else f"`{c.default}`"
            rows.append(
                (
                    f"`{c.name}`",
                    "required" if c.required else "optional",
                    c.kind,
                    default,
                    allowed or "any",
                )
            )
        print(table(rows, ("column", "", "type", "default", "allowed")))
        print()


if __name__ == "__main__":
    # No options: --help prints this docstring rather than building (and writing).
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    main()
