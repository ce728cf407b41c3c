"""The base of every model of user input: strict keys, finite floats, no bool or text as a number.

Unknown keys, NaN, infinities, true/false or quoted text posing as numbers, and numbers or
text posing as true/false are all errors (pydantic's lax mode takes ``"0.8"`` for 0.8, and
``1`` or ``"yes"`` for true).

TOML reads ``nan``, ``inf`` and ``1e400`` (infinity) as floats, and pydantic's lax mode takes
``true`` for 1; each slipped through to the engine (issue 20, point 2).
"""

from __future__ import annotations

import json
import typing
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

MAX_TEXT = 10_000
"""Longest text field of a scenario (descriptions included)."""
MAX_SEATS = 10_000
"""Most seats any count may name: far above any house, far below the store's integers."""
SeatCount = Annotated[int, Field(ge=0, le=MAX_SEATS)]


def _admits_bool(annotation: Any) -> bool:
    """Whether a field's type lets a bool through on purpose (``bool``, ``Any`` or a model)."""
    if annotation is bool or annotation is Any:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True  # a nested model checks its own fields
    return any(_admits_bool(arg) for arg in typing.get_args(annotation))


def _wants_number(annotation: Any) -> bool:
    """Whether a field's type holds numbers anywhere (``int``, ``dict[str, float]``, ...)."""
    if annotation in (int, float):
        return True
    return any(_wants_number(arg) for arg in typing.get_args(annotation))


def _numeric_text(value: Any) -> bool:
    """Whether ``value`` is text that pydantic would quietly read as a number (``"0.8"``).

    Other text is left to pydantic, which names the exact place of the bad value.
    """
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str)


def _flags_inside(value: Any, path: tuple = ()) -> list[tuple[tuple, bool | str]]:
    """Every bool or number-like text in a value (nested lists and tables), with its path."""
    if isinstance(value, bool) or _numeric_text(value):
        return [(path, value)]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return []
    return [found for key, item in items for found in _flags_inside(item, (*path, key))]


def _without(table: dict, paths: list[tuple]) -> dict:
    """A table without the entries holding a flag (a list's entry goes whole, as one value)."""
    drop = {path[0] for path in paths if len(path) == 1 or not isinstance(table[path[0]], dict)}
    inner = {key: [p[1:] for p in paths if p[0] == key] for key in {p[0] for p in paths} - drop}
    return {
        key: _without(item, inner[key]) if key in inner else item
        for key, item in table.items()
        if key not in drop
    }


def _shown(flag: bool | str) -> str:
    return f"the text {flag[:40]!r}" if isinstance(flag, str) else str(flag).lower()


def _bound(err: Any) -> dict:
    """The bound of a bound's error (``{"ge": 0}``), else nothing."""
    return {k: v for k, v in (err.get("ctx") or {}).items() if k in ("ge", "gt", "le", "lt")}


def _table_flags(cls: type, table: dict, found: list, handler: Any) -> ValidationError:
    """Every flag of a table and every other problem of its entries, as one error.

    The entries without a flag are still validated: a NaN beside a true was not reported.
    """
    errors = [
        InitErrorDetails(
            type=PydanticCustomError("value_error", "a number is needed, not {what}",
                                     {"what": _shown(flag)}),
            loc=where,
            input=flag,
        )
        for where, flag in found
    ]  # fmt: skip
    try:
        handler(_without(table, [where for where, _ in found]))
    except ValidationError as exc:
        errors += [
            InitErrorDetails(
                # The bound goes along: "must be at least 0", not the words of pydantic.
                type=PydanticCustomError(err["type"], "{msg}", {"msg": err["msg"], **_bound(err)}),
                loc=err["loc"],
                input=err["input"],
            )
            for err in exc.errors()
        ]
    return ValidationError.from_exception_data(cls.__name__, errors)


class StrictModel(BaseModel):
    """Strict keys, finite floats, no bool as a number, no number or text as a bool."""

    # Names and descriptions have a length limit: a 1 MB name made `validate` crawl.
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, str_max_length=MAX_TEXT
    )

    @field_validator("*", mode="wrap")
    @classmethod
    def _no_bool_as_number(
        cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and field.annotation in (bool, bool | None):
            if not isinstance(value, bool | None):  # lax mode reads 1 or "yes" as true
                raise ValueError(f"true or false is needed, not {json.dumps(value, default=str)}")
            return handler(value)
        if field is None or _admits_bool(field.annotation) or not _wants_number(field.annotation):
            return handler(value)
        found = _flags_inside(value)
        if found and isinstance(value, dict):  # each flag at its key, with the other problems
            raise _table_flags(cls, value, found, handler)
        if found:
            where, flag = found[0]
            at = f" at {'.'.join(map(str, where))}" if where else ""
            raise ValueError(f"a number is needed{at}, not {_shown(flag)}")
        return handler(value)
