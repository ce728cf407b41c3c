"""Where votebank keeps what it can make again: ``$VOTEBANK_CACHE``, else ``~/.cache/votebank``.

One subfolder per kind of thing kept (``electorates``, ``fits``); ``VOTEBANK_CACHE=off`` keeps
nothing on disk. What is kept there only saves time: each kind is keyed by everything that
makes it, so nothing kept can differ from what would be made again.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(kind: str) -> Path | None:
    """The folder of one kind of kept thing (None: nothing is kept on disk)."""
    where = os.environ.get("VOTEBANK_CACHE", "")
    if where.lower() == "off":
        return None
    return (Path(where) if where else Path.home() / ".cache" / "votebank") / kind
