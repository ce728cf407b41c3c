"""One run's results made ready for the store: checked, converted to Arrow, tagged with its index.

Staging is the costly half of storing a run (pandas to Arrow, every check), so it is done where
the run was made: on a Dask worker, or in the loop that made it. What reaches the writer is a
:class:`StagedRun` of Arrow tables (cheap to pickle), and the writer appends a batch of them in
one transaction (:meth:`votebank.results.store.ResultsStore.write_runs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from votebank.results.frames import FRAME_TABLES, STATIONS_TABLE, check_frames, to_arrow

META_KEYS = ("run_index", "seed_entropy", "version", "seconds", "step_seconds")


@dataclass(frozen=True)
class StagedRun:
    """One run ready to write.

    Attributes:
        meta: ``run_index``, ``seed_entropy``, ``version``, ``seconds``, ``step_seconds``.
        tables: Per results table with rows, an Arrow table whose first column is
            ``run_index`` and whose others are the table's canonical columns.
        stations: Whether the run keeps its polling-station rows.
    """

    meta: Mapping[str, Any]
    tables: Mapping[str, pa.Table]
    stations: bool

    @property
    def run_index(self) -> int:
        """The run's index."""
        return int(self.meta["run_index"])


def stage_run(
    meta: Mapping[str, Any], frames: Mapping[str, pd.DataFrame], *, stations: bool = True
) -> StagedRun:
    """Check one run's metadata and tables and convert them to Arrow.

    Raises:
        ValueError: If ``meta`` lacks a key, a frame is malformed, or a value cannot be
            converted (nothing is written of such a run).
    """
    missing = [k for k in META_KEYS if k not in meta]
    if missing:
        raise ValueError(f"run metadata lacks {missing}")
    check_frames(frames)
    if stations and STATIONS_TABLE not in frames:
        raise ValueError(f"results table {STATIONS_TABLE!r} is missing (stations=True)")
    run_index = int(meta["run_index"])
    tables = {}
    for table in FRAME_TABLES:
        if table == STATIONS_TABLE and not stations:
            continue
        arrow = to_arrow(table, frames[table])
        if arrow.num_rows:
            index = pa.array([run_index] * arrow.num_rows, pa.int32())
            tables[table] = arrow.add_column(0, "run_index", index)
    return StagedRun(dict(meta), tables, stations)
