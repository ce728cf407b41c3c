"""An empty value given to a path option is refused, not read as the current folder.

Typer turns ``--to ""`` (a script's ``--to "$DIR"`` with DIR unset) into ``Path(".")``, so
``votebank export --to ""`` wrote into the current folder and removed an earlier export's
files there. Only the command line still holds the empty text, so it is checked there.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Sequence
from pathlib import Path

from votebank.errors import InputError, Problem


def path_options(callback: Callable) -> set[str]:
    """The option names (``--to``) of the command's parameters that take a path."""
    names = set()
    defaults = {n: p.default for n, p in inspect.signature(callback).parameters.items()}
    for name, hint in typing.get_type_hints(callback, include_extras=True).items():
        if typing.get_origin(hint) is typing.Annotated:
            kind, *infos = typing.get_args(hint)
        else:  # `out: Path = typer.Option(...)`: the option is the default
            kind, infos = hint, [defaults.get(name)]
        if Path not in (typing.get_args(kind) or (kind,)):
            continue
        for info in infos:
            if type(info).__name__ == "OptionInfo":  # typer.Option(...), not an argument
                decls = [d for d in (info.param_decls or ()) if d.startswith("-")]
                names.update(decls or [f"--{name.replace('_', '-')}"])
    return names


def refuse_empty_paths(callback: Callable, args: Sequence[str]) -> None:
    """Raise :class:`InputError` naming each path option given an empty value in ``args``."""
    options = path_options(callback)
    empty = [a for a, b in zip(args, [*args[1:], None], strict=True) if a in options and b == ""]
    empty += [a[:-1] for a in args if a.endswith("=") and a[:-1] in options]
    why = "an empty path: give one, or leave the option out (it is not the current folder)"
    if empty:
        raise InputError([Problem(option, "", "''", why) for option in empty])
