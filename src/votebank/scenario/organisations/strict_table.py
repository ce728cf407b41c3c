"""The base of every table of the ``[organisations]`` section: all its problems at once.

A table's field errors and its own checks (its ``_problems``) are raised together, each at its
own place; the checks run on the fields that are valid (a *view* of the raw table) even while
others are not.
"""

from __future__ import annotations

import functools
import typing
from types import SimpleNamespace
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from votebank.scenario.organisations.section_rules import Found
from votebank.strict import StrictModel


class StrictTable(StrictModel):
    """A table of the section: its field errors and its own checks are reported together.

    A check written as an ``after`` validator runs only once every field is valid, so a bad
    count hid a misspelt name in the same section (and a check that raised ``ValueError``
    could report only its first problem, at the place of the whole table). Here each table's
    :meth:`_problems` runs on the fields that are valid (:func:`_view`) even when others are
    not, and every problem is raised in one :class:`ValidationError` at its own place;
    pydantic adds the place of the table (``organisations.``) in front of each.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="wrap")
    @classmethod
    def _report_all(cls, data: Any, handler) -> Any:
        try:
            model, errors = handler(data), []
        except ValidationError as exc:
            model, errors = None, exc.errors()
        view = model if model is not None else _view(cls, data)
        found = cls._problems(view) if view is not None else []
        if errors or found:
            details = [_again(e) for e in errors] + [_detail(*f) for f in found]
            raise ValidationError.from_exception_data(cls.__name__, details)
        return model

    @classmethod
    def _problems(cls, view: Any) -> Found:
        """What is wrong in the table beyond its fields' own types and bounds.

        ``view`` has the table's fields as attributes: the model itself, or a view of raw
        data in which a field that is not valid on its own is None.
        """
        return []


def _detail(loc: tuple, value: object, why: str) -> InitErrorDetails:
    # "missing": the loaders show "(missing)", not the empty value.
    kind = "missing" if value is None else "value_error"
    return InitErrorDetails(
        type=PydanticCustomError(kind, "{why}", {"why": why}), loc=loc, input=value
    )


def _again(error: dict) -> InitErrorDetails:
    """A pydantic error raised again as it was (type, place, value and message)."""
    why = PydanticCustomError(error["type"], "{why}", {"why": error["msg"]})
    return InitErrorDetails(type=why, loc=error["loc"], input=error.get("input"))


@functools.cache
def _adapter(annotation: Any, metadata: tuple) -> TypeAdapter:
    return TypeAdapter(Annotated[(annotation, *metadata)] if metadata else annotation)


def _view(model: type[BaseModel], data: Any) -> SimpleNamespace | None:
    """The fields of a raw table that are valid on their own (bad: None; absent: default).

    Returns None when ``data`` is no table at all.
    """
    if isinstance(data, model):
        return data
    if not isinstance(data, dict):
        return None
    values = {}
    for name, field in model.model_fields.items():
        if name not in data:
            required = field.is_required()
            values[name] = None if required else field.get_default(call_default_factory=True)
            continue
        value, annotation = data[name], field.annotation
        inner = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            values[name] = _view(annotation, value)
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            values[name] = [_view(inner, v) for v in value] if isinstance(value, list) else None
        else:
            try:
                values[name] = _adapter(annotation, tuple(field.metadata)).validate_python(value)
            except ValidationError:
                values[name] = None
    return SimpleNamespace(**values)
