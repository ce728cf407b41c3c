"""Errors that reach users: each names the file, the place in it and the bad value."""

from __future__ import annotations

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
        value = self.value
        if len(value) > _SHOWN:  # a huge value would flood the terminal
            value = f"{value[:_SHOWN]}... ({len(value):,} characters)"
        return f"{where}: {self.message} (got {value})" if value else f"{where}: {self.message}"


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
