"""Every number option of every command refuses nan and infinity by name."""

from __future__ import annotations

import inspect
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


def _ranged_options() -> list[tuple[str, str, tuple[float, float]]]:
    """(command, --flag, (lo, hi)) of every option checked by ``finite_between``."""
    found = []
    for command in COMMANDS:
        hints = typing.get_type_hints(command_function(command), include_extras=True)
        defaults = {
            n: p.default for n, p in inspect.signature(command_function(command)).parameters.items()
        }
        for name, hint in hints.items():
            infos = typing.get_args(hint)[1:] if typing.get_origin(hint) is typing.Annotated else []
            for info in [*infos, defaults.get(name)]:
                bounds = getattr(getattr(info, "callback", None), "bounds", None)
                if bounds:
                    found.append((command, "--" + name.replace("_", "-"), bounds))
    return found


RANGED = _ranged_options()


def test_the_ranged_options_are_found():
    assert ("forensics-power", "--militia-prob", (0, 1)) in RANGED
    assert len(RANGED) >= 7


@pytest.mark.parametrize(("command", "flag", "bounds"), RANGED)
def test_each_ranged_option_states_its_range_in_its_help(
    command, flag, bounds, monkeypatch, capsys
):
    # Typer showed [0<=x<=1] beside a range it checked itself; a callback's range is shown
    # only where the help says it.
    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = main([command, "--help"], monkeypatch, capsys)
    line = next(x for x in out.splitlines() if flag in x)
    assert code == 0
    lo, hi = bounds
    assert f"{lo:g} to {hi:g}" in line or f"at most {hi:g}" in line, line


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (["plan-canvass", "tiny", "--party", "RED", "--budget", "300", "--runs", "0"], "0"),
        (["run", "tiny", "--seed", "-1"], "-1"),
        (["run", "tiny", "--seed", "abc"], "abc"),
    ],
)
def test_typers_own_refusal_names_the_value(argv, value, monkeypatch, capsys):
    # "Input should be greater than or equal to 1" named neither the value nor the option's.
    code, out, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, out, err, argv[-2], f"(got {value})")
