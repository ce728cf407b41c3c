"""Every number option of every command refuses nan and infinity by name."""

from __future__ import annotations

import math
import typing

import pytest

from tests.hostile.helpers import assert_user_error, main
from votebank.cli import COMMANDS, command_function


def _float_options() -> list[tuple[str, str]]:
    """(command, --flag) of every option typed as a float."""
    found = []
    for command in COMMANDS:
        callback = command_function(command)
        hints = typing.get_type_hints(callback, include_extras=True)
        for name, hint in hints.items():
            annotated = typing.get_origin(hint) is typing.Annotated
            kind = typing.get_args(hint)[0] if annotated else hint
            if float in (typing.get_args(kind) or (kind,)):
                found.append((command, "--" + name.replace("_", "-")))
    return found


FLOAT_OPTIONS = _float_options()
# Commands that check a number in their body, with their other problems, need a whole command
# line to get there; the flag given last wins over the one here.
WHOLE_LINE = {"plan-canvass": ["uk-2015-from-2010", "--party", "Lab", "--budget", "100"]}


def test_the_float_options_are_found():
    assert ("forensics", "--alpha") in FLOAT_OPTIONS
    assert ("import-uk", "--national-sd") in FLOAT_OPTIONS
    assert len(FLOAT_OPTIONS) >= 8


@pytest.mark.parametrize(("command", "flag"), FLOAT_OPTIONS)
@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_nan_and_infinity_are_named(command, flag, value, monkeypatch, capsys):
    # typer's own range check reported nan as "less than or equal to 1" (a bound it is not
    # above); the value is named now.
    argv = [command, *WHOLE_LINE.get(command, []), flag, str(value)]
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, flag, str(value))
    assert "less than or equal" not in err
