"""A plan's priced batches kept on disk, so that a stopped plan-canvass goes on where it was.

The planner is deterministic: the same scenario, party, runs, seed and budget ask for the same
batches in the same order. Each batch (who wins each seat run, given the hours) is written as
it is priced, named by a digest of everything it depends on; the same command run again after
a Ctrl-C or a kill reads the batches already priced instead of running them. A file is written
whole under a temporary name and then renamed, so a kill leaves no half-written batch; one that
cannot be read is priced again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

Batch = tuple[np.ndarray, list[str]]
FOLDER = "plan-canvass-batches"
"""The folder, in the output folder, that holds the batches of unfinished plans."""


class KeptBatches:
    """The batches of one plan kept in ``folder`` (see the module doc).

    Args:
        folder: Where the batches are written (made on the first one).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[Path] = set()
        self.made: list[Path] = []
        self.read = 0

    def price(
        self, key: Mapping[str, object], hours: Mapping[str, float], compute: Callable[[], Batch]
    ) -> Batch:
        """The batch kept for these hours, or ``compute()``'s, then kept.

        ``key`` holds all else the batch depends on (scenario digest, party, runs, seed).
        """
        path = self._path(key, hours)
        got = self._get(path)
        if got is None:
            got = compute()
            self._put(path, *got)
        return got

    def _path(self, key: Mapping[str, object], hours: Mapping[str, float]) -> Path:
        text = json.dumps([dict(key), [[s, float(h)] for s, h in hours.items()]], sort_keys=True)
        path = self.folder / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.npz"
        self.used.add(path)
        return path

    def _get(self, path: Path) -> Batch | None:
        """The batch kept at ``path``, if any (wins, seats run)."""
        try:
            with np.load(path, allow_pickle=False) as kept:
                won, run = kept["won"], [str(s) for s in kept["run"]]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            return None  # not priced yet, or unreadable: price it again
        self.read += 1
        return won, run

    def _put(self, path: Path, won: np.ndarray, run: list[str]) -> None:
        if not self.folder.exists():  # the folders made here go again with the plan
            self.made = [p for p in (self.folder, *self.folder.parents) if not p.exists()]
            self.folder.mkdir(parents=True)
        part = path.with_suffix(".part.npz")
        np.savez(part, won=won, run=np.array(run, dtype=str))
        os.replace(part, path)

    def forget(self) -> None:
        """Remove this plan's batches (it is finished), and the folders made for them if empty."""
        for path in self.used:
            path.unlink(missing_ok=True)
        for folder in self.made or [self.folder]:
            with contextlib.suppress(OSError):  # absent, or holding another plan's batches
                folder.rmdir()
