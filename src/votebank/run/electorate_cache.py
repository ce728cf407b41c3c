"""Electorates built once and reused, keyed by exactly what the builder reads.

Two models whose scenarios differ only in what the electorate builder does not read (a
mechanism's strength, a counterfactual's canvass) share one electorate; a change to anything it
reads (``SPEC_READS``, ``CONTEST_READS``, the seed) builds anew, so the cache cannot go stale.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Any

import numpy as np

from votebank.core.contests import Contests
from votebank.core.electorate import Electorate
from votebank.core.types import VoterTypes
from votebank.rng import Streams
from votebank.run.electorate import CONTEST_READS, SPEC_READS, build_electorate
from votebank.scenario.schema import ScenarioSpec

KEEP = 2  # national electorates take hundreds of MB: keep the last two (a paired comparison)


def spec_value(spec: ScenarioSpec, path: str) -> Any:
    """The JSON value at a dotted path of the spec."""
    node: Any = spec
    for key in path.split("."):
        node = getattr(node, key)
    return node.model_dump(mode="json") if hasattr(node, "model_dump") else node


def electorate_key(spec: ScenarioSpec, contests: Contests, entropy: int, index: int) -> str:
    """A digest of everything the builder reads: spec sections, contests, seed and index."""
    h = hashlib.blake2b(digest_size=20)
    for path in SPEC_READS:
        h.update(json.dumps([path, spec_value(spec, path)], sort_keys=True).encode())
    for name in CONTEST_READS:
        value = np.asarray(getattr(contests, name))
        h.update(name.encode())
        h.update(str(value.shape).encode())
        h.update(value.astype(str).tobytes() if value.dtype == object else value.tobytes())
    h.update(f"{entropy}:{index}".encode())
    return h.hexdigest()


class ElectorateCache:
    """The last few electorates built, with their voter types."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self._built: OrderedDict[str, tuple[Electorate, VoterTypes]] = OrderedDict()

    def get(
        self, spec: ScenarioSpec, contests: Contests, entropy: int, index: int
    ) -> tuple[Electorate, VoterTypes]:
        """The electorate drawn with stream index ``index`` of seed ``entropy``."""
        key = electorate_key(spec, contests, entropy, index)
        if key in self._built:
            self._built.move_to_end(key)
        else:
            el = build_electorate(spec, contests, Streams(entropy, index))
            self._built[key] = (el, VoterTypes.of(el))
            while len(self._built) > self.keep:
                self._built.popitem(last=False)
        return self._built[key]

    def clear(self) -> None:
        """Forget every electorate."""
        self._built.clear()


SHARED = ElectorateCache()
