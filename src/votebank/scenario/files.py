"""Opening a scenario's files safely: regular files only, and TOML of bounded nesting.

A FIFO as a table blocked ``validate`` forever; a symlink loop or a NUL byte in a path, and
TOML nested thousands deep, ended in tracebacks (issue 20, points 7 and 8).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from votebank.errors import Problem

MAX_DEPTH = 32
"""Deepest nesting of tables and arrays in a scenario's TOML (the schema needs about 6)."""

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def file_problem(path: Path, shown: str, where: str, value: str) -> Problem | None:
    """A Problem unless ``path`` is a regular file (symlinks followed); None if it is one."""
    try:
        mode = os.stat(path).st_mode
    except ValueError:  # an embedded NUL byte
        return Problem(shown, where, value.replace("\0", "\\0"), "a path cannot hold a NUL byte")
    except FileNotFoundError:
        return None  # the reader reports a missing file in its own words
    except OSError as exc:  # a symlink loop, no permission, a name too long, ...
        return Problem(shown, where, value, exc.strerror or str(exc))
    if stat.S_ISREG(mode):
        return None
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return Problem(shown, where, value, f"{kind}, not a regular file")


def resolve_inside(folder: Path, rel: str) -> Path | None:
    """``folder / rel`` resolved, or None if it cannot be (a symlink loop, a NUL byte)."""
    try:
        return (folder / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def depth(value: object) -> int:
    """Nesting depth of dicts and lists, measured without recursion (it must not overflow)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            if level + 1 > MAX_DEPTH:
                return level + 1
            stack.extend((v, level + 1) for v in item)
    return deepest
