"""Electorates built once and reused, keyed by exactly what the builder reads.

Two models whose scenarios differ only in what the electorate builder does not read (a
mechanism's strength, a counterfactual's canvass) share one electorate; a change to anything it
reads (``SPEC_READS``, ``CONTEST_READS``, the seed, the builder's own code) builds anew, so the
cache cannot go stale. Built electorates are also kept on disk (``electorates`` of
:func:`votebank.cache_folder.cache_folder`), so the next command on the same scenario and seed
loads in a fraction of a second instead of rebuilding; the newest ``DISK_KEEP`` are kept, at
most ``DISK_BYTES`` together.
Small electorates (a canvass plan's cuts of a few seats) are not: they build in milliseconds,
and dozens of them would push the national ones out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from votebank.arrays_file import read_arrays, write_arrays
from votebank.cache_folder import cache_folder
from votebank.core.contests import Contests
from votebank.core.electorate import Electorate
from votebank.core.types import VoterTypes
from votebank.rng import Streams
from votebank.run.electorate import CONTEST_READS, SPEC_READS, build_electorate
from votebank.run.memory import release_free_memory
from votebank.scenario.schema import ScenarioSpec

KEEP = 2  # national electorates take hundreds of MB: keep the last two (a paired comparison)
DISK_KEEP = 6  # files on disk (a national electorate is about 140 MB)
DISK_BYTES = 2 * 1024**3  # and no more than this, the newest always kept: six synthetic
# Indias (1.8 GB each) filled 10 GB unannounced
DISK_MIN_COHORTS = 10_000  # smaller builds in under 0.1 s [measured: 232 cohorts 0.05 s]
STALE = 86400  # seconds after which a partial file is a killed save's, never to be finished
# The builder's code is part of the key: a new version never reads an old file.
_CODE = (Path(__file__).with_name("electorate.py"), Path(__file__).parents[1] / "core" / "types.py")
_CODE_DIGEST = hashlib.blake2b(b"".join(p.read_bytes() for p in _CODE), digest_size=20).digest()


def spec_value(spec: ScenarioSpec, path: str) -> Any:
    """The JSON value at a dotted path of the spec."""
    node: Any = spec
    for key in path.split("."):
        node = getattr(node, key)
    return node.model_dump(mode="json") if hasattr(node, "model_dump") else node


def electorate_key(
    spec: ScenarioSpec,
    contests: Contests,
    entropy: int,
    index: int,
    seats: tuple[int, ...] | None = None,
) -> str:
    """A digest of everything the builder reads: spec, contests, seed, index, stream seats."""
    h = hashlib.blake2b(digest_size=20)
    for path in SPEC_READS:
        h.update(json.dumps([path, spec_value(spec, path)], sort_keys=True).encode())
    for name in CONTEST_READS:
        value = np.asarray(getattr(contests, name))
        h.update(name.encode())
        h.update(str(value.shape).encode())
        h.update(value.astype(str).tobytes() if value.dtype == object else value.tobytes())
    h.update(f"{entropy}:{index}".encode())
    if seats is not None:
        h.update(np.asarray(seats, dtype=np.int64).tobytes())
    h.update(_CODE_DIGEST)
    return h.hexdigest()


def load(key: str) -> tuple[Electorate, VoterTypes] | None:
    """The electorate stored under ``key``, or None (absent, unreadable or from elsewhere)."""
    folder = cache_folder("electorates")
    path = folder / f"{key}.npz" if folder else None
    z = read_arrays(path) if path is not None and path.is_file() else None
    if z is None:
        return None  # absent, or damaged (cut short, garbled): rebuilt and written again
    try:
        el = Electorate(**{f.name: z[f"el.{f.name}"] for f in dataclasses.fields(Electorate)})
        types = VoterTypes(**{f.name: z[f"ty.{f.name}"] for f in dataclasses.fields(VoterTypes)})
    except (KeyError, TypeError):
        return None  # from another version of the builder's fields
    os.utime(path)  # recently used: evicted last
    return el, types


def save(key: str, el: Electorate, types: VoterTypes) -> None:
    """Store an electorate under ``key`` atomically; evict the oldest beyond ``DISK_KEEP``."""
    folder = cache_folder("electorates")
    if folder is None:
        return
    arrays = {f"el.{f.name}": getattr(el, f.name) for f in dataclasses.fields(Electorate)}
    arrays |= {f"ty.{f.name}": getattr(types, f.name) for f in dataclasses.fields(VoterTypes)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not write_arrays(folder / f"{key}.npz", arrays):
            return  # a cache that cannot be written only costs time
        kept = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        # A save killed outright (kill -9) leaves its partial file: swept once surely dead.
        stale = [p for p in folder.glob("*.tmp") if time.time() - p.stat().st_mtime > STALE]
        for old in _evicted(kept) + stale:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _evicted(newest_first: list[Path]) -> list[Path]:
    """The files past ``DISK_KEEP``, or past ``DISK_BYTES`` together, but for the newest."""
    total, out = 0, []
    for i, path in enumerate(newest_first):
        total += path.stat().st_size
        if i > 0 and (i >= DISK_KEEP or total > DISK_BYTES):
            out.append(path)
    return out


class ElectorateCache:
    """The last few electorates built, with their voter types."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self._built: OrderedDict[str, tuple[Electorate, VoterTypes]] = OrderedDict()

    def get(
        self,
        spec: ScenarioSpec,
        contests: Contests,
        entropy: int,
        index: int,
        key: str | None = None,
        seats: tuple[int, ...] | None = None,
    ) -> tuple[Electorate, VoterTypes]:
        """The electorate drawn with stream index ``index`` of seed ``entropy``.

        ``key``: its :func:`electorate_key`, where the caller already has it. ``seats``: a cut
        scenario's stream positions (:attr:`Scenario.stream_seats`).
        """
        key = key or electorate_key(spec, contests, entropy, index, seats)
        if key in self._built:
            self._built.move_to_end(key)
        else:
            found = load(key)
            if found is None:
                el = build_electorate(spec, contests, Streams.of(entropy, index, seats))
                found = (el, VoterTypes.of(el))
                release_free_memory()
                if el.cohorts >= DISK_MIN_COHORTS:
                    save(key, *found)
            self._built[key] = found
            while len(self._built) > self.keep:
                self._built.popitem(last=False)
        return self._built[key]

    def clear(self) -> None:
        """Forget every electorate."""
        self._built.clear()


SHARED = ElectorateCache()
