"""Variants of the built-in tiny scenario, and small helpers to run them and read their arrays.

``variant({"mechanisms.biradari.cohesion": 1.0}, candidates={"T-1-b": {"budget": 1e9}},
only=("biradari",))`` is the tiny scenario with one parameter changed (dotted path into the
TOML spec), one candidate-table cell changed, and every mechanism but biradari switched off.
The spec is re-validated, so a mistyped path fails loudly rather than being ignored.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import numpy as np

import votebank as vb
from votebank.core.state import RunState
from votebank.mechanisms.registry import MECHANISMS
from votebank.scenario.overrides import with_overrides

# Instructed voters turn out with probability exactly 1 (logit boost 100 saturates the double)
# and no ballot is rejected, so route tallies equal instructed head counts exactly. Fear is the
# only other step that scales turnout; tests that use this switch it off.
EXACT_FOLLOW = {"turnout.instructed_boost": 100.0, "turnout.rejected_share": 0.0}


@functools.cache
def tiny() -> vb.Scenario:
    """The built-in tiny scenario (3 seats, every mechanism on), loaded once."""
    return vb.load_scenario("tiny")


def _edit(frame, key: str, edits: Mapping[str, Mapping[str, object]]):
    frame = frame.copy()
    for ident, cells in edits.items():
        hit = frame[key] == ident
        if not hit.any():
            raise KeyError(f"no row with {key} {ident!r}")
        for column, value in cells.items():
            if column not in frame.columns:
                raise KeyError(f"no column {column!r}")
            frame.loc[hit, column] = value
    return frame


def variant(
    overrides: Mapping[str, object] | None = None,
    *,
    constituencies: Mapping[str, Mapping[str, object]] | None = None,
    candidates: Mapping[str, Mapping[str, object]] | None = None,
    only: Iterable[str] | None = None,
) -> vb.Scenario:
    """The tiny scenario with dotted spec overrides and table edits.

    Args:
        overrides: ``{"mechanisms.fear.threat": 1.0, ...}``.
        constituencies: ``{constituency id: {column: value}}``.
        candidates: ``{candidate id: {column: value}}``.
        only: If given, exactly these mechanisms are on (applied before ``overrides``).
    """
    base = tiny()
    spec = base.spec
    if only is not None:
        keep = set(only)
        unknown = keep - set(MECHANISMS)
        if unknown:
            raise KeyError(f"unknown mechanisms {sorted(unknown)}")
        spec = with_overrides(spec, {f"mechanisms.{m}.enabled": m in keep for m in MECHANISMS})
    spec = with_overrides(spec, overrides or {})
    scenario = base.with_spec(spec)
    if constituencies or candidates:
        scenario = scenario.with_tables(
            _edit(scenario.constituencies, "id", constituencies or {}),
            _edit(scenario.candidates, "candidate", candidates or {}),
        )
    return scenario


def state_of(scenario: vb.Scenario, run: int = 0, seed: int | None = None) -> RunState:
    """The final state of run ``run`` (the scenario's seed unless ``seed`` is given)."""
    return vb.Model.of(scenario, seed).state(run)


def frames_of(scenario: vb.Scenario, run: int = 0, seed: int | None = None) -> dict:
    """The tables of run ``run``."""
    return vb.Model.of(scenario, seed).run(run).frames


def per_station(state: RunState, where: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """Head counts of the cohorts ``where`` by station and candidate slot ``slot``."""
    el, slots = state.electorate, state.contests.slots
    rows = np.flatnonzero(where)
    idx = el.cohort_station[rows] * slots + slot[rows]
    counts = np.bincount(idx, el.cohort_count[rows], minlength=el.stations * slots)
    return counts.astype(np.int64).reshape(el.stations, slots)


def station_armed_patron(state: RunState) -> np.ndarray:
    """The armed landlord or pir of each station's village, or -1 (computed from the electorate)."""
    el = state.electorate
    lord = el.locality_landlord[el.station_locality]
    armed = np.zeros(len(lord), dtype=bool)
    has = lord >= 0
    armed[has] = el.landlord_militia[lord[has]] > 0
    return np.where(armed, lord, -1)


def seat_slot(state: RunState, candidate: str) -> tuple[int, int]:
    """(seat, slot) of a candidate id."""
    seat, slot = np.argwhere(state.contests.candidate_ids == candidate)[0]
    return int(seat), int(slot)
