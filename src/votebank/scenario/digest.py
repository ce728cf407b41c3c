"""A scenario's identity in the store: a hash of its content and cut, not of its path."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from votebank.errors import InputError, Problem
from votebank.rng import Whole
from votebank.scenario.schema import ScenarioSpec


def scenario_digest(
    spec: ScenarioSpec,
    constituencies: pd.DataFrame,
    candidates: pd.DataFrame,
    stream_seats: tuple[int, ...] | None = None,
    stream_whole: Whole | None = None,
) -> str:
    """Hash a scenario's content (not its location) so stored runs can be matched to it.

    Raises:
        InputError: A table that is no DataFrame (``Scenario.with_tables("x", ...)`` failed
            with "'str' object has no attribute 'to_csv'").
    """
    tables = {"constituencies": constituencies, "candidates": candidates}
    if wrong := [k for k, v in tables.items() if not isinstance(v, pd.DataFrame)]:
        why = "must be a pandas DataFrame"
        raise InputError([Problem(k, "", type(tables[k]).__name__, why) for k in wrong])
    # warnings=False: a value of the wrong type set in memory is reported by check_scenario.
    h = hashlib.sha256(spec.model_dump_json(warnings=False).encode())
    for frame in (constituencies, candidates):
        h.update(frame.to_csv(index=False).encode())
    if stream_seats is not None:  # a cut draws other numbers than the same tables uncut
        h.update(json.dumps(["stream_seats", list(stream_seats)]).encode())
    if stream_whole is not None:
        whole = [stream_whole.seats, stream_whole.slots, list(stream_whole.regions)]
        h.update(json.dumps(["stream_whole", whole]).encode())
    return h.hexdigest()
