"""Columns that declare their axis, so that cutting a run down to some seats is one operation.

A column is a dataclass field made with :func:`column`: its first dimension runs along an
*axis* (``seat``, ``station``, ``cohort``, ``type``, ...), and an index column names the axis its
values point into (``refers``). Cutting a frame to some seats keeps the rows of the axes being
cut and renumbers the values that point into them; columns on other axes (villages, clans,
blocs, landlords, parties) are read, never cut, and keep their global numbering. A ``bounds``
column (each seat's slice of a sorted axis) is recomputed from the column it names.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from votebank.rng import bounds_of


def column(
    axis: str, *, refers: str | None = None, bounds: str | None = None, **kwargs: Any
) -> Any:
    """A dataclass field whose first dimension runs along ``axis``.

    Args:
        axis: The axis of the first dimension (``run`` for values of the whole run).
        refers: The axis that the column's values index (``-1`` stays ``-1``).
        bounds: For a column of slice boundaries: the column (seat per row) it is built from.
        kwargs: Passed on to :func:`dataclasses.field` (``default``, ``default_factory``).
    """
    return dataclasses.field(metadata={"axis": axis, "refers": refers, "bounds": bounds}, **kwargs)


def axes(frame_type: type) -> dict[str, str]:
    """Each declared column of a frame type and its axis."""
    return {
        f.name: f.metadata["axis"] for f in dataclasses.fields(frame_type) if "axis" in f.metadata
    }


def renumbering(keep: np.ndarray, size: int) -> np.ndarray:
    """Old index -> new index along an axis cut to ``keep`` (``-1`` where dropped)."""
    new = np.full(size, -1, dtype=np.int64)
    new[keep] = np.arange(len(keep))
    return new


def cut(frame: Any, keep: dict[str, np.ndarray], new_index: dict[str, np.ndarray]) -> dict:
    """The cut values of a frame's declared columns, by name (pass them to ``replace``).

    Args:
        frame: A dataclass instance whose columns were made with :func:`column`.
        keep: For each axis being cut, the old indices kept, in their new order.
        new_index: For each axis being cut, old index -> new index (see :func:`renumbering`).
    """
    out = {}
    fields = [f for f in dataclasses.fields(frame) if "axis" in f.metadata]
    for f in fields:
        value, meta = getattr(frame, f.name), f.metadata
        if value is None or meta["bounds"]:
            continue
        if meta["axis"] in keep:
            value = value[keep[meta["axis"]]]
        if meta["refers"] in new_index:
            value = np.append(new_index[meta["refers"]], -1)[value]  # -1 (none) stays -1
        out[f.name] = value.copy() if isinstance(value, np.ndarray) else value
    for f in fields:
        if f.metadata["bounds"]:
            out[f.name] = bounds_of(out[f.metadata["bounds"]], len(keep["seat"]))
    return out
