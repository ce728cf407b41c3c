"""Candidates' backgrounds taken from public sources, laid over a scenario's candidate table.

A sourced-backgrounds file (for example ``votebank/data/pakistan/backgrounds-2008.csv``) holds
one row per candidate whose background a public source gives: ``constituency``, ``name`` (as
in the candidate table), ``party``, ``background`` (a label other than ``none``), ``rule`` (the
documented rule that turns the source's fact into the label) and ``source`` (where the fact is
published). :func:`apply_sourced` sets those candidates' ``background`` and names the source in
``background_source``; every other candidate keeps its background with an empty source (a
synthetic draw, or a label given without a source). It changes no other column, so laying the
file over a table twice gives the same table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.core.labels import BACKGROUNDS
from votebank.errors import Problem
from votebank.scenario.tables import Column, line, read_table

SOURCED_COLUMNS = (
    Column("constituency", "str"),
    Column("name", "str"),
    Column("party", "str"),
    Column("background", "str", choices=tuple(b for b in BACKGROUNDS if b != "none")),
    Column("rule", "str"),
    Column("source", "str"),
)


def read_sourced(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check a sourced-backgrounds file; return the frame and every problem found.

    Every row needs a known background (not ``none``), a rule and a source; a candidate
    (constituency, name and party) may appear once.
    """
    frame, problems = read_table(path, str(path), SOURCED_COLUMNS)
    if frame.empty:
        return frame, problems
    dup = frame.duplicated(["constituency", "name", "party"], keep="first").to_numpy()
    for i in np.flatnonzero(dup):
        problems.append(
            Problem(
                str(path),
                f"row {line(frame, i)}, column name",
                repr(frame["name"].iat[i]),
                f"candidate listed twice in {frame['constituency'].iat[i]}",
            )
        )
    return frame, problems


def apply_sourced(
    candidates: pd.DataFrame, sourced: pd.DataFrame, shown: str = "sourced backgrounds"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Lay sourced backgrounds over a candidate table (module doc).

    Args:
        candidates: The candidate table as text (``constituency``, ``name``, ``party``,
            ``background``; ``background_source`` is added where missing).
        sourced: A :func:`read_sourced` frame.
        shown: The sourced file's name, for messages.

    Returns:
        ``(table, problems)``: the table with the sourced rows' ``background`` and
        ``background_source`` set (earlier sources cleared first, so it is idempotent), and a
        problem for every sourced row that matches no candidate of that constituency, name and
        party.
    """
    out = candidates.copy()
    if "background_source" not in out:
        out.insert(out.columns.get_loc("background") + 1, "background_source", "")
    out["background_source"] = ""
    key = zip(out["constituency"], out["name"], out["party"], strict=True)
    index = {k: i for i, k in enumerate(key)}
    problems: list[Problem] = []
    for i, r in enumerate(sourced.itertuples(index=False)):
        row = index.get((r.constituency, r.name, r.party))
        if row is None:
            problems.append(
                Problem(
                    shown,
                    f"row {line(sourced, i)}",
                    f"{r.constituency} {r.name!r} ({r.party})",
                    "no candidate of that constituency, name and party in the candidate table",
                )
            )
            continue
        out.iat[row, out.columns.get_loc("background")] = r.background
        out.iat[row, out.columns.get_loc("background_source")] = f"{r.rule}: {r.source}"
    return out, problems
