"""Errors that reach users: each names the file, the place in it and the bad value."""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterator
from dataclasses import dataclass

_SHOWN = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Attributes:
        file: The file the problem is in (as the user named it, or relative to the scenario).
        location: A field path (``mechanisms.biradari.cohesion``) or a CSV row (``row 12, column
            registered``).
        value: The offending value, as text.
        message: What is wrong and, where possible, what would be right.
    """

    file: str
    location: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        value = str(self.value)  # a caller may pass None or a number
        if len(value) > _SHOWN:  # a huge value would flood the terminal
            value = f"{value[:_SHOWN]}... ({len(value):,} characters)"
        return f"{where}: {self.message} (got {value})" if value else f"{where}: {self.message}"


def values_joined(problems: list[Problem]) -> list[Problem]:
    """The problems, those that differ only in their value as one, its values joined.

    A grid's path that names no field is one problem, not one for each value tried.
    """
    values: dict[tuple[str, str, str], list[str]] = {}
    for p in problems:
        seen = values.setdefault((p.file, p.location, p.message), [])
        if str(p.value) not in seen:
            seen.append(str(p.value))
    return [Problem(f, loc, ", ".join(vals), why) for (f, loc, why), vals in values.items()]


def is_real_number(value: object) -> bool:
    """Whether a value is a real number and not a boolean posing as one.

    NumPy's ``bool_`` is no ``numbers.Real``; Python's ``bool`` is, hence the test (and no
    NumPy import here: the command line starts without it).
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def integer_problem(
    argument: str, value: object, low: int, high: int | None = None, *, optional: bool = False
) -> Problem | None:
    """The problem with an integer argument of a Python function, or None if it is right.

    Args:
        argument: The argument's name.
        value: What was given: an int or a NumPy integer (not a bool, not a float).
        low: Smallest allowed value.
        high: Largest allowed value (None: no bound).
        optional: Whether None is allowed (the default).
    """
    if value is None and optional:
        return None
    span = f"from {low:,} to {high:,}" if high is not None else f"at least {low:,}"
    whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if whole and low <= value and (high is None or value <= high):
        return None
    why = f"must be an integer {span}" + (" (or None)" if optional else "")
    return Problem(argument, "", repr(value), why)


def callback_problem(argument: str, value: object) -> Problem | None:
    """The problem with a callback such as ``progress`` (None, or something to call).

    ``progress=True`` reads as "show progress" but is called after the first piece of work,
    which then failed with "'bool' object is not callable".
    """
    if value is None or callable(value):
        return None
    return Problem(argument, "", repr(value)[:80], "give a function to call, or None")


def given(value: object) -> str:
    """A wrong argument as a message shows it: a table by its kind and size, else its repr.

    A DataFrame's repr ran over several lines, cut at 80 characters mid-row.
    """
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and shape:
        return f"a {type(value).__name__} of shape {shape}"
    return repr(value)[:80]


NUMPY_BOOLS = ("bool", "bool_")


def flag_problem(argument: str, value: object) -> Problem | None:
    """The problem with a True/False argument: ``"no"`` would be read as true, None as false."""
    kind = type(value)  # NumPy's (not imported here): np.bool_, whose name is "bool" in NumPy 2
    if isinstance(value, bool) or (kind.__module__ == "numpy" and kind.__name__ in NUMPY_BOOLS):
        return None
    return Problem(argument, "", repr(value)[:80], "must be True or False")


def seed_problem(seed: object) -> Problem | None:
    """The problem with a ``seed`` argument (an integer from 0, or None: the default)."""
    return integer_problem("seed", seed, 0, optional=True)


def runs_and_seed_problems(
    runs: object, seed: object, most: int, *, optional: bool = False
) -> list[Problem | None]:
    """The problems of an ensemble's ``runs`` (1 to ``most``) and ``seed``, None if right.

    ``optional``: whether runs may be None (the scenario's default).
    """
    return [integer_problem("runs", runs, 1, most, optional=optional), seed_problem(seed)]


class VotebankError(Exception):
    """Base class of every error votebank reports to a user without a traceback."""


class InputError(VotebankError):
    """One or more problems in user input, reported together.

    Args:
        problems: Every problem found; never empty.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """Return the report as text, one problem per line."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class StoreError(VotebankError):
    """The results store refused an operation (for example, mixing two scenarios)."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with what the interrupted command kept (its message says where)."""


_ctrl_c = {"pressed": False}


@contextlib.contextmanager
def watch_ctrl_c() -> Iterator[None]:
    """Note each Ctrl-C while a command runs, still raising KeyboardInterrupt as Python does.

    A Ctrl-C that lands in a DuckDB query comes out as DuckDB's error ("Query interrupted",
    or a failed read naming KeyboardInterrupt); one that closes a cluster under its runs makes
    distributed log the work it dropped. Both follow from the Ctrl-C: see :func:`ctrl_c_pressed`.
    Each command starts unpressed (a notebook or test runs many in one process), and Python's
    own handler is back once it ends. Only the main thread may set a handler.
    """
    import signal
    import threading

    _ctrl_c["pressed"] = False
    ours = threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if ours:
        signal.signal(signal.SIGINT, _note_ctrl_c)
    try:
        yield
    finally:
        if ours:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _note_ctrl_c(signum, frame) -> None:
    _ctrl_c["pressed"] = True
    raise KeyboardInterrupt


def ctrl_c_pressed() -> bool:
    """Whether Ctrl-C was pressed since :func:`watch_ctrl_c`: the command is stopping."""
    return _ctrl_c["pressed"]
