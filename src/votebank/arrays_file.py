"""Named NumPy arrays in one ``.npz`` file, written whole or not at all.

The electorate cache and the batches a stopped command keeps (:mod:`votebank.kept_arrays`)
both store arrays that can always be made again: a file is written under a temporary name in
its folder and renamed once whole, so a kill never leaves half of one, and a file that cannot
be read (cut short, garbled) reads as absent.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np

from votebank.outputs import remove_stale, stage


def read_arrays(path: Path) -> dict[str, np.ndarray] | None:
    """The arrays in ``path`` by name, or None (absent or unreadable)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, KeyError, ValueError, TypeError, EOFError, zipfile.BadZipFile):
        return None


def write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> bool:
    """Write ``arrays`` to ``path`` atomically; False if the disk refused (nothing left behind).

    A Ctrl-C during the write removes the partial file and goes on up.
    """
    tmp = None
    try:
        remove_stale(path.parent, {path.name})  # a killed write's (SIGTERM): it stayed for good
        fd, tmp = stage(path.parent, path.name)
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **arrays)
        os.replace(tmp, path)
    except BaseException as exc:  # Ctrl-C too: a partial file would stay for good
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        return False
    return True
