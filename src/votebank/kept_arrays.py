"""Arrays a long command has computed, kept on disk so that the same command goes on after a stop.

plan-canvass and match are deterministic: the same inputs ask for the same batches of runs in
the same order. Each batch's arrays are written as they are computed, named by a digest of all
they depend on; the same command run again after a Ctrl-C or a kill reads the batches already
made instead of making them. Each file is written whole or not at all
(:mod:`votebank.arrays_file`); one that cannot be read is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from votebank.arrays_file import read_arrays, write_arrays

Arrays = tuple[np.ndarray, ...]


class KeptArrays:
    """The batches of one command kept in ``folder`` (see the module doc).

    Args:
        folder: Where the batches are written (made, with its parents, on the first one);
            None keeps nothing.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[Path] = set()
        self.made: list[Path] = []
        self.read = 0

    def get_or_make(self, key: Mapping[str, object], make: Callable[[], Arrays]) -> Arrays:
        """The arrays kept for ``key`` (JSON-able: all they depend on), or ``make()``'s, kept.

        ``make`` returns a tuple of arrays (a list of strings is read back as an array).
        """
        if self.folder is None:
            return make()
        text = json.dumps(key, sort_keys=True, default=float)
        path = self.folder / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.npz"
        self.used.add(path)
        if (kept := read_arrays(path)) is not None:
            self.read += 1
            return tuple(kept[f"arr_{i}"] for i in range(len(kept)))
        arrays = make()  # not made yet, or unreadable: make it again
        if not self.folder.exists():  # the folders made here go again with the batches
            self.made = [p for p in (self.folder, *self.folder.parents) if not p.exists()]
            self.folder.mkdir(parents=True)
        write_arrays(path, {f"arr_{i}": a for i, a in enumerate(arrays)})  # else made again
        return arrays

    def forget(self) -> None:
        """Remove these batches (the command finished), and the folders made for them if empty."""
        if self.folder is None:
            return
        for path in self.used:
            path.unlink(missing_ok=True)
        for folder in self.made or [self.folder]:
            with contextlib.suppress(OSError):  # absent, or holding another command's batches
                folder.rmdir()
