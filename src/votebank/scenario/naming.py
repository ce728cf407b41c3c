"""How a scenario's name is read: a built-in's name, a folder or a TOML file (:func:`resolve`).

A folder or file that exists wins over a built-in of the same name, everywhere (``votebank
run tiny`` beside a folder ``tiny`` runs the folder). That rule stays, but the user is told:
:func:`load_scenario <votebank.scenario.load.load_scenario>` calls :func:`tell`, which says
nothing unless a listener is set. The library does not print; the command line
(:func:`listening`) prints one note per name on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from votebank.scenario.catalogue import SCENARIO_FILE, builtin_dir, builtin_names

_LISTENER: ContextVar[Callable[[str], None] | None] = ContextVar("shadowed", default=None)


def resolve(where: str | Path) -> Path:
    """Turn a built-in name, a folder or a TOML path into the TOML file's path."""
    path = Path(where)
    if path.is_dir():
        return path / SCENARIO_FILE
    if not path.exists() and str(where) in builtin_names():
        return builtin_dir() / str(where) / SCENARIO_FILE
    return path


def shadowed(where: object) -> bool:
    """Is ``where`` the name of a built-in scenario and also a folder or file here?"""
    text = str(where)
    return text in builtin_names() and Path(text).exists()


def builtin_folder(name: str) -> Path:
    """The installed folder of a built-in scenario: how to name it past a folder here."""
    return builtin_dir() / name


def note(name: str) -> str:
    """What the command line says when ``name`` reads a folder or file here, not the built-in."""
    what = "folder" if Path(name).is_dir() else "file"
    return (
        f"{name!r} is the {what} './{name}' here, not the built-in scenario "
        f"{name!r} (a folder or file here wins); for the built-in, give its folder "
        f"{builtin_folder(name)} or run from another folder"
    )


def written_note(name: str) -> str:
    """What ``votebank synth`` says when the folder it wrote is named like a built-in."""
    return (
        f"the folder {name!r} is named like the built-in scenario {name!r}: from here, "
        f"{name!r} now reads the folder (a folder or file here wins); for the built-in, give "
        f"its folder {builtin_folder(name)} or run from another folder"
    )


def tell(where: object) -> None:
    """Tell the listener, if one is set, that ``where`` reads a folder or file here."""
    listener = _LISTENER.get()
    if listener is not None and shadowed(where):
        listener(str(where))


@contextmanager
def listening(say: Callable[[str], None]) -> Iterator[None]:
    """Within the block, ``say`` each name that reads a folder or file here, once a name."""
    told: set[str] = set()

    def once(name: str) -> None:
        if name not in told:
            told.add(name)
            say(note(name))

    token = _LISTENER.set(once)
    try:
        yield
    finally:
        _LISTENER.reset(token)
