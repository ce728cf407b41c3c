"""An empty value given to a path option or argument is refused, not read as the current folder.

Typer turns ``--to ""`` (a script's ``--to "$DIR"`` with DIR unset) into ``Path(".")``, so
``votebank export --to ""`` wrote into the current folder and removed an earlier export's
files there. Only the command line still holds the empty text, so it is checked there.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Sequence
from pathlib import Path

from typer import _click as click  # the click that typer builds its commands with

from votebank.errors import InputError, Problem

# Parameters that name a scenario (a built-in's name, a folder or a TOML file): text, not a
# Path, but "" is no scenario either (load_scenario would name its own argument, "where").
SCENARIO_PARAMETERS = ("scenario", "a", "b")
EMPTY_SCENARIO = "an empty name: give a built-in scenario's name, a folder or a TOML file"


def path_parameters(callback: Callable) -> dict[str, str]:
    """The parameters that take a path or a scenario: Python name -> as shown (``--to``)."""
    found = {}
    defaults = {n: p.default for n, p in inspect.signature(callback).parameters.items()}
    for name, hint in typing.get_type_hints(callback, include_extras=True).items():
        if typing.get_origin(hint) is typing.Annotated:
            kind, *infos = typing.get_args(hint)
        else:  # `out: Path = typer.Option(...)`: the option is the default
            kind, infos = hint, [defaults.get(name)]
        if Path not in (typing.get_args(kind) or (kind,)) and name not in SCENARIO_PARAMETERS:
            continue
        for info in infos:
            if type(info).__name__ == "OptionInfo":  # typer.Option(...)
                decls = [d for d in (info.param_decls or ()) if d.startswith("-")]
                # In Annotated, typer.Option("--map") holds its first flag as the default.
                first = info.default if typing.get_origin(hint) is typing.Annotated else None
                if isinstance(first, str) and first.startswith("-"):
                    decls.insert(0, first)
                found[name] = decls[0] if decls else f"--{name.replace('_', '-')}"
            elif type(info).__name__ == "ArgumentInfo" or info is None:
                found[name] = name  # an argument: shown by its name, as in --help
    return found


def refuse_empty_paths(command: click.Command, callback: Callable, args: Sequence[str]) -> None:
    """Raise :class:`InputError` naming each path parameter given an empty value in ``args``.

    The arguments are parsed as click will parse them, but before their values become paths
    (``""`` is ``Path(".")`` afterwards); arguments click will refuse are left to it.
    """
    paths = path_parameters(callback)
    try:
        parser = command.make_parser(command.context_class(command))
        raw, _, _ = parser.parse_args(list(args))
    except click.ClickException:  # click refuses these itself, with its usage line
        return
    given = {name: raw.get(name) for name in paths}
    empty = {
        name: value
        for name, value in given.items()
        if value == ""
        or (isinstance(value, list | tuple) and "" in value)
        # A scenario's name of blanks names nothing either (a path may hold spaces).
        or (name in SCENARIO_PARAMETERS and isinstance(value, str) and not value.strip())
    }
    if empty:
        raise InputError(
            [
                Problem(
                    paths[name],
                    "",
                    repr(value if isinstance(value, str) else ""),
                    _why(name, paths[name]),
                )
                for name, value in empty.items()
            ]
        )


def _why(name: str, shown: str) -> str:
    leave = ", or leave the option out" if shown.startswith("-") else ""
    if name in SCENARIO_PARAMETERS:
        return f"{EMPTY_SCENARIO}{leave}"
    return f"an empty path: give one{leave} (it is not the current folder)"
