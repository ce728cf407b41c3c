"""Where a command will write, checked before it works: a bad path should cost nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from votebank.errors import InputError, Problem


def output_problems(
    folders: Mapping[str, Path | None] = {},
    files: Mapping[str, Path | None] = {},
) -> list[Problem]:
    """Output folders that are files, and output files that are folders, by option name."""
    problems = [
        Problem(option, "", str(path), "is a file; give a folder")
        for option, path in folders.items()
        if path is not None and path.exists() and not path.is_dir()
    ]
    problems += [
        Problem(option, "", str(path), "is a folder; give a file")
        for option, path in files.items()
        if path is not None and path.is_dir()
    ]
    return problems


def check_outputs(
    folders: Mapping[str, Path | None] = {},
    files: Mapping[str, Path | None] = {},
) -> None:
    """Raise :class:`InputError` with every :func:`output_problems`."""
    problems = output_problems(folders, files)
    if problems:
        raise InputError(problems)
