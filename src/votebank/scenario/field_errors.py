"""A pydantic validation error as Problems: a dotted field path, the value, the reason."""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from votebank.errors import Problem
from votebank.scenario.key_hints import unknown_key_message
from votebank.scenario.schema import ScenarioSpec, whole_file_messages
from votebank.scenario.shares import share_hint


def validation_problems(shown: str, exc: ValidationError) -> list[Problem]:
    """Each error of a pydantic validation as a Problem of ``shown`` with a dotted field path."""
    return [error_problem(shown, err) for err in exc.errors()]


def whole_file_problems(shown: str, raw: dict, exc: ValidationError) -> list[Problem]:
    """Every problem of the file: its fields' (``exc``), and each rule across its tables broken.

    The rules' validator runs only once every field is right, and names only its first break.
    """
    found = validation_problems(shown, exc)
    parties, mood = raw.get("parties"), raw.get("mood")
    read = isinstance(parties, list) and all(
        isinstance(p, dict) and isinstance(p.get("id"), str) for p in parties
    )
    messages = whole_file_messages(
        [p["id"] for p in parties] if read else None,
        mood if isinstance(mood, dict) else {},
    )
    for message in messages:
        err = {"loc": (), "type": "value_error", "input": raw, "msg": message}
        if (problem := error_problem(shown, err)) not in found:
            found.append(problem)
    return found


BOUNDS = {
    "less_than_equal": ("must be at most", "le"),
    "greater_than_equal": ("must be at least", "ge"),
    "less_than": ("must be less than", "lt"),
    "greater_than": ("must be more than", "gt"),
}
"""pydantic's errors of a bound ("Input should be less than or equal to 1"), read as words."""


def _number(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return f"{int(value):,}"
    return str(value)


KINDS = {
    "finite_number": "must be a finite number",
    "int_from_float": "must be a whole number",
    "float_type": "a number is needed",
    "float_parsing": "a number is needed",
    "int_type": "a whole number is needed",
    "int_parsing": "a whole number is needed",
    "string_type": "must be text in quotes",
    "tuple_type": "must be a pair in brackets, [low, high]",
    "dict_type": "must be a table, e.g. { key = 1 }",
    # "Input should be a valid dictionary or instance of BiradariParams": a section given one
    # value, as --set mechanisms.biradari=false for mechanisms.biradari.enabled=false.
    "model_type": "must be a table of its fields, not one value",
}
"""pydantic's errors of a value's kind ("Input should be a valid list"), in the file's words."""


def plain_reason(err: dict) -> str | None:
    """The reason of a value's error in words, as the tables' cells read (None: pydantic's)."""
    kind, ctx = err.get("type"), err.get("ctx") or {}
    if kind in BOUNDS:  # "must be at most 1", not "Input should be less than or equal to 1"
        words, key = BOUNDS[kind]
        high = ctx.get(key) if key in ("le", "lt") else None
        return f"{words} {_number(ctx.get(key))}" + share_hint(err.get("input"), high)
    if kind == "int_parsing_size":  # pydantic's words were of an input string
        return "a whole number far too large (past 2^63); give a count within its bounds"
    if kind == "list_type":
        return _list_reason(err)
    if kind == "literal_error" and "expected" in ctx:  # as a table's column of choices reads
        return f"must be one of {str(ctx['expected']).replace(chr(39), '')}"
    if kind in ("too_long", "too_short") and ctx.get("field_type") == "Tuple":
        return f"must be a pair in brackets, [low, high], not {ctx.get('actual_length')} items"
    return KINDS.get(kind)


def _list_reason(err: dict) -> str:
    """A list written as one value, or a list of tables written as one table."""
    given, path = err.get("input"), ".".join(str(part) for part in err.get("loc", ()))
    if isinstance(given, dict):  # [mechanisms.canvass.campaigns] for [[...]]
        return f"must be a list of tables: write each one's header [[{path}]], in double brackets"
    if isinstance(given, str | int | float) and not isinstance(given, bool):
        return f"must be a list in brackets: [{json.dumps(given)}]"
    return "must be a list in brackets"


def error_problem(shown: str, err: dict) -> Problem:
    """Turn one pydantic error into a Problem with a dotted field path."""
    where = ".".join(str(part) for part in err.get("loc", ()))
    value = err.get("input")
    message = err.get("msg", "invalid").removeprefix("Value error, ")
    text = json.dumps(value, default=str)
    if err.get("type") == "missing":
        text = "(missing)"  # the input is the enclosing table, which says nothing
        message = "a required key, not given"
    elif err.get("type") == "extra_forbidden":  # a misspelt key: the one meant, if near
        message = unknown_key_message(ScenarioSpec, tuple(err.get("loc", ())))
    elif (reason := plain_reason(err)) is not None:
        message = reason
    elif err.get("type") == "value_error" and isinstance(value, dict):
        # A check of a whole table names its field first ("mood.North: unknown party ..." or
        # "station_size_min exceeds ..."): point at that field and show its value.
        head, colon, rest = message.partition(": ")
        tries = [(head, rest)] if colon else []
        for key, why in [*tries, (message.split(" ", 1)[0], message)]:
            found, sub = _lookup(value, key)
            if found:
                where, message = ".".join(filter(None, (where, key))), why
                text = json.dumps(sub, default=str)
                break
        else:
            quoted = re.search(r"\[[^\]]*\]", message)  # the bad values the message lists
            text = quoted.group(0) if quoted else "{...}"
            if err.get("loc") and len(json.dumps(value, default=str)) <= 120:
                text = json.dumps(value, default=str)  # a field's own small table: show it
    return Problem(shown, where or "(top level)", text[:120], message)


def set_message(path: str, err: dict) -> str:
    """The reason of an error in a value set at ``path``, as the file's own errors read.

    Without the validator's "Value error, " and without a repeat of the path: a table's check
    names its key first ("national.RED: a number is needed"), which ``path`` already ends with.
    """
    reason = plain_reason(err)
    if err.get("type") == "model_type" and path:  # the field meant, by its own path
        field = "enabled=false" if path.startswith("mechanisms.") else "FIELD=VALUE"
        return f"{reason}: set one of them by its path, e.g. {path}.{field}"
    if reason is not None:
        return reason
    if err.get("type") == "extra_forbidden":  # pydantic's "Extra inputs are not permitted"
        loc = tuple(err.get("loc", ()))
        key = ".".join(map(str, loc)).removeprefix(path).lstrip(".")  # a key of a table set
        why = unknown_key_message(ScenarioSpec, loc)
        return f"{key}: {why}" if key else why
    message = err.get("msg", "invalid value").removeprefix("Value error, ")
    head, colon, rest = message.partition(": ")
    bare = path.replace('"', "")  # the rules name a quoted part ("Khyber ... (NWFP)") bare
    if colon and head.startswith(f"{bare}."):  # a key inside the table set: name that key
        return f"{head.removeprefix(f'{bare}.')}: {rest}"
    return rest if colon and bare.endswith(head) else message


def _lookup(data: object, path: str) -> tuple[bool, object]:
    """Follow a dotted path into nested dicts and lists; keys may hold dots or spaces."""
    if isinstance(data, list):  # parties.2.id: the list's item by position
        head, dot, rest = path.partition(".")
        if not head.isdigit() or int(head) >= len(data):
            return False, None
        return _lookup(data[int(head)], rest) if dot else (True, data[int(head)])
    if not isinstance(data, dict):
        return False, None
    if path in data:
        return True, data[path]
    head, dot, rest = path.partition(".")
    return _lookup(data[head], rest) if dot and head in data else (False, None)
