"""Fits kept: each history is fitted once, then read back (for the process and on disk).

Fitting the forecast on a country's earlier pairs is most of a backtest's time (a small UK
file's backtest: 34 CPU-seconds fitting, 5 reading the fit back; benchmarks/backtest_cache.py).
A fit depends on the information given, the earlier pairs, the files they are read from, and
votebank's own code and data; its key is a digest of exactly those, so a fit read back is the
fit that would be made again, and a forecast of another file of the same
country (an edited copy, say) shares the fit of that country's shipped history. Kept on disk
as JSON in ``fits`` of :func:`votebank.cache_folder.cache_folder`; a file that cannot be read
is fitted again and written anew.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.backtest.fit import fit_on
from votebank.backtest.forecast import Params
from votebank.backtest.history import earlier_pairs
from votebank.cache_folder import cache_folder
from votebank.elections.shipped import countries, shipped_files
from votebank.outputs import write_text

DISK_KEEP = 200  # fits are about 1 kB; keep the newest, as code changes make old keys unused
_KEPT: dict[str, Params] = {}


def fit(
    given: str,
    base_date: str,
    target_date: str,
    seats: frozenset[str] = frozenset(),
    file: str = "",
) -> Params:
    """Fitted parameters for a forecast from ``base_date`` of ``seats`` (:mod:`fit`)."""
    earlier = tuple(earlier_pairs(base_date, target_date, seats, file))
    if not earlier:
        return Params()
    key = fit_key(given, earlier)
    if key not in _KEPT:
        kept = load(key)
        if kept is None:
            kept = fit_on(given, earlier)
            save(key, kept)
        _KEPT[key] = kept
    return _KEPT[key]


def fit_key(given: str, earlier: tuple[tuple[str, ...], ...]) -> str:
    """A digest of everything a fit reads: given, pairs, their files, votebank, numpy, pandas."""
    h = hashlib.blake2b(digest_size=20)
    h.update(json.dumps([given, earlier, np.__version__, pd.__version__]).encode())
    h.update(_package_digest())
    for source in sorted({spec.rsplit(":", 1)[0] for pair in earlier for spec in pair[:2]}):
        files = shipped_files(source) if source in countries() else (Path(source),)
        for path in files:  # the data folder may be elsewhere than the package (a test's)
            stat = Path(path).stat()
            h.update(_file_digest(str(path), stat.st_mtime_ns, stat.st_size))
    return h.hexdigest()


@cache
def _file_digest(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's path and contents, read once per version (every backtest asks for its key)."""
    return hashlib.blake2b(path.encode() + Path(path).read_bytes(), digest_size=20).digest()


@cache
def _package_digest() -> bytes:
    """The package's own files, code and data: a new version never reads an old fit."""
    root = Path(__file__).parents[1]
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.digest()


def load(key: str) -> Params | None:
    """The fit kept under ``key``, or None (absent, unreadable, or not a whole fit)."""
    folder = cache_folder("fits")
    path = folder / f"{key}.json" if folder else None
    if path is None or not path.is_file():
        return None
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
        fields = {f.name for f in dataclasses.fields(Params)}
        if set(values) != fields:
            return None
        return Params(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
    except (OSError, ValueError, TypeError, AttributeError):
        return None  # a damaged file is fitted again


def save(key: str, params: Params) -> None:
    """Keep a fit under ``key`` (written atomically); forget the oldest beyond ``DISK_KEEP``."""
    folder = cache_folder("fits")
    if folder is None:
        return
    try:
        write_text(json.dumps(dataclasses.asdict(params)), folder / f"{key}.json")
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[DISK_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a fit that cannot be kept only costs time
